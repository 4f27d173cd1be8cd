#!/usr/bin/env bash
# Cost of `quidpro lint` and `quidpro analyze` on a large, marker-heavy analytic
# document whose footnote numbers repeat (they restart with every section, and each is
# marked twice): both must stay linear. Generates (fixed seed) a plain-text comment of
# about MB megabytes, runs `lint` (human and JSON) and `analyze --format json` under
# /usr/bin/time -v, and checks that each finishes in under 60 s and 1 GB of peak RSS and
# that its answer is the one the generator planted:
#
#   footnote-duplicate-number  (sections - 1) * notes   every restarted number
#   marker-order               (sections - 1) * (notes - 1)
#   marker-duplicate           sections * notes         the second marker of each note
#   impossible-date            sections                 one "31.02.2024" per section
#
# (lint prints the first 100 findings of each rule and counts the rest; the counts must
# add up.) Appends a line per command to bench/record/documents.tsv.
#
#   bash bench/documents.sh [MB] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-50}
seed=${2:-7}
out=bench/out
mkdir -p "$out" bench/record
cargo build --release --locked -q -p quidpro-cli
doc="$out/documents-$mb.txt"

python3 - "$doc" "$mb" "$seed" >"$out/documents.meta" <<'PY'
import random, sys
path, mb, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(seed)
SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹"
sup = lambda n: "".join(SUP[int(d)] for d in str(n))
notes = 20
subjects = ["The delegation", "The committee", "The ministry", "The working group", "The commission", "The envoy"]
verbs = ["reviewed", "discussed", "summarised", "listed", "studied", "recorded"]
objects = ["the tariff schedule", "the transit figures", "the draft protocol", "the shipping data", "the pipeline budget", "the customs report"]
outlets = ["Trend", "APA", "Turan", "Report.az", "Daily Sabah", "Anadolu Agency"]
parts = ["Marker-heavy benchmark comment\n\nBy Bench Generator\n\n20 November 2024\n\n"]
size = len(parts[0].encode())
sections = 0
target = mb * 1_000_000
while size < target:
    s = sections
    body = []
    # Every note marked twice in the section, in order, then again.
    for rep in range(2):
        sent = []
        for n in range(1, notes + 1):
            sent.append(f"{rng.choice(subjects)} {rng.choice(verbs)} {rng.choice(objects)} in section {s}.{sup(n)}")
        body.append(" ".join(sent))
    block = []
    for n in range(1, notes + 1):
        m, d = rng.randint(1, 10), rng.randint(1, 28)
        outlet = rng.choice(outlets)
        if n == notes:
            block.append(f"{sup(n)} “Work number {s} note {n} on the Caspian route”. {outlet}, 31.02.2024, <https://news.example.org/caspian/{s}-{n}> (accessed 19.11.2024).")
        else:
            block.append(f"{sup(n)} “Work number {s} note {n} on the Caspian route”. {outlet}, {d:02}.{m:02}.2024, <https://news.example.org/2024/{m:02}/{d:02}/{s}-{n}> (accessed 19.11.2024).")
    piece = "\n\n".join(body) + "\n\n" + "\n".join(block) + "\n\n"
    parts.append(piece)
    size += len(piece.encode())
    sections += 1
with open(path, "w", encoding="utf-8") as f:
    f.write("".join(parts))
planted = (sections - 1) * notes + (sections - 1) * (notes - 1) + sections * notes + sections
print(f"sections {sections}")
print(f"notes {notes}")
print(f"footnotes {sections * notes}")
print(f"bytes {size}")
print(f"planted {planted}")
PY
planted=$(awk '/^planted/ {print $2}' "$out/documents.meta")
footnotes=$(awk '/^footnotes/ {print $2}' "$out/documents.meta")
bytes=$(awk '/^bytes/ {print $2}' "$out/documents.meta")
echo "document         $doc ($bytes bytes, $footnotes footnotes, $planted planted findings)"

failed=0
# run NAME OUTFILE CMD...: time it, then record it with the count CHECK prints.
measure() {
  local name=$1 outfile=$2
  shift 2
  /usr/bin/time -v -o "$out/time.txt" "$@" >"$outfile" 2>"$out/stderr.txt" || true
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, a, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + a[i]; print s}' "$out/time.txt")
  rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out/time.txt")
  rss_mb=$(python3 -c "print(round($rss_kb / 1024, 1))")
}
record() {
  local name=$1 found=$2
  local status=ok
  if [ "$found" != "$planted" ]; then status="WRONG-COUNT"; fi
  if python3 -c "import sys; sys.exit(0 if $secs < 60 else 1)"; then :; else status="$status,SLOW"; fi
  if [ "$rss_kb" -ge 1048576 ]; then status="$status,BIG"; fi
  printf '%-16s %6ss  %8s MB  %s findings (planted %s)  %s\n' "$name" "$secs" "$rss_mb" "$found" "$planted" "$status"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(git rev-parse --short HEAD 2>/dev/null || echo -)" \
    "$bytes" "$name" "$secs" "$rss_mb" "$found" "$planted" "$status" >>bench/record/documents.tsv
  if [ "$status" != ok ]; then failed=1; fi
}
if [ ! -s bench/record/documents.tsv ]; then
  printf 'when\tcommit\tbytes\tcommand\tseconds\tpeak_rss_mb\tfindings\tplanted\tstatus\n' >bench/record/documents.tsv
fi

measure lint "$out/lint.txt" ./target/release/quidpro lint "$doc"
# "N error(s), M warning(s)" on standard error counts every finding.
found=$(awk '/error\(s\)/ {gsub(",", ""); print $(NF-3) + $(NF-1)}' "$out/stderr.txt")
record lint "${found:-0}"

measure lint-json "$out/lint.json" ./target/release/quidpro lint --format json "$doc"
found=$(python3 -c "
import json, sys
v = json.load(open('$out/lint.json'))
print(len(v['findings']) + sum(o['count'] for o in v.get('omitted', [])))")
record lint-json "$found"

measure analyze "$out/analyze.json" ./target/release/quidpro analyze --format json "$doc"
found=$(python3 -c "
import json, sys
v = json.load(open('$out/analyze.json'))
ok = len(v['citations']) == $footnotes and v['date'] == '2024-11-20'
n = len(v['findings']) + sum(o['count'] for o in v.get('omitted', []))
print(n if ok else f'bad-report:{len(v[\"citations\"])}-citations')
print('events', len(v['events']), file=sys.stderr)")
record analyze "$found"
ls -l "$out/lint.txt" "$out/lint.json" "$out/analyze.json" | awk '{print "output           " $NF, $5, "bytes"}'
exit $failed
