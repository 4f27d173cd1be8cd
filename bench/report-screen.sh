#!/usr/bin/env bash
# The dyad report's first screen as an analyst sees it: builds the demo store (the README's
# first command: the sample stories and comments, the synthetic GDELT sample), renders
# `report dyad TUR AZE --format html`, and captures the first 1280×800 pixels in headless
# Chromium. Checks that the first screen's text holds the answer (the balance in words,
# the debts called in with their status, the strongest turns, reciprocity with its
# baseline) and records the report's size and the screenshot's under bench/record/.
# Skips, with a message and exit code 0, when Chromium is not installed
# (`apt-get install chromium`).
#
#   bash bench/report-screen.sh [OUT.png]     # default /tmp/quidpro-report-screen.png
set -euo pipefail
cd "$(dirname "$0")/.."
png=${1:-/tmp/quidpro-report-screen.png}
browser=""
for b in chromium chromium-browser google-chrome; do
  if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
done
if [ -z "$browser" ]; then
  echo "report-screen: skipped, no Chromium (apt-get install chromium)"
  exit 0
fi
work=$(mktemp -d /tmp/quidpro-screen.XXXXXX)
trap 'rm -rf "$work"' EXIT
cargo build --release --locked -q -p quidpro-cli
q=./target/release/quidpro
$q --store "$work/demo.db" ingest samples/stories.jsonl samples/comments >/dev/null 2>&1
$q --store "$work/demo.db" import gdelt2 samples/gdelt-sample.export.CSV >/dev/null 2>&1
$q --store "$work/demo.db" report dyad TUR AZE --format html -o "$work/report.html"
$q --store "$work/demo.db" report dyad TUR AZE --format md -o "$work/report.md"
# No network, no profile left behind; --no-sandbox where we run as root (containers).
sandbox=""
[ "$(id -u)" = 0 ] && sandbox="--no-sandbox"
timeout 120 "$browser" --headless $sandbox --disable-gpu --hide-scrollbars --user-data-dir="$work/profile" \
  --window-size=1280,800 --screenshot="$png" "file://$work/report.html" >/dev/null 2>&1
[ -s "$png" ] || { echo "report-screen: no screenshot written" >&2; exit 1; }
# What the first screen shows: the HTML's text up to the charts (the summary box), which
# at this window size fits the first 800 pixels (look at the PNG to be sure).
python3 - "$work/report.html" <<'PY'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
start = html.index('<div class="summary">')
box = html[start:html.index("</div>", start)]
text = re.sub(r"<[^>]+>", "", box)
need = {
    "balance in words": r"(owes|are even|owes the other anything)",
    "debts called in with a status": r"Debts called in.*— (met|refused|evaded|outstanding)",
    "strongest turns": r"Strongest turns",
    "reciprocity with its baseline": r"expected by chance",
}
missing = [k for k, p in need.items() if not re.search(p, text, re.S)]
if missing:
    sys.exit("report-screen: the first screen lacks " + ", ".join(missing))
print("first screen:", text.strip().split("\n")[0][:160])
PY
html_bytes=$(stat -c %s "$work/report.html")
png_bytes=$(stat -c %s "$png")
echo "report_html_bytes $html_bytes screenshot $png ($png_bytes bytes)"
mkdir -p bench/record
[ -f bench/record/report-screen.tsv ] || printf 'when\tcommit\treport_html_bytes\tscreenshot_bytes\n' >bench/record/report-screen.tsv
printf '%s\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(git rev-parse --short HEAD)" "$html_bytes" "$png_bytes" \
  >>bench/record/report-screen.tsv
