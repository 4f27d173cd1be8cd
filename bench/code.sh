#!/usr/bin/env bash
# Throughput and peak memory of `quidpro code` with the full shipped dictionaries, on one
# core, over a reproducible corpus (gen-corpus, fixed seed). Checks its own answer: the
# coder must find exactly the planted number of events. Appends a line to
# bench/record/code.tsv.
#
#   bash bench/code.sh [SENTENCES] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
seed=${2:-42}
out=bench/out
mkdir -p "$out" bench/record
cargo build --release --locked -q -p quidpro-cli -p quidpro-bench
./target/release/gen-corpus --seed "$seed" --sentences "$n" >"$out/corpus.jsonl" 2>"$out/corpus.meta"
planted=$(awk '/^planted_events/ {print $2}' "$out/corpus.meta")
sentences=$(awk '/^sentences/ {print $2}' "$out/corpus.meta")
pin=""
if command -v taskset >/dev/null 2>&1; then pin="taskset -c 0"; fi
# Wall time and peak RSS of the child, measured by Python's resource module.
read -r secs rss_kb < <(python3 - "$out" $pin <<'PY'
import resource, subprocess, sys, time
out = sys.argv[1]
cmd = sys.argv[2:] + ["./target/release/quidpro", "code", f"{out}/corpus.jsonl"]
t = time.perf_counter()
with open(f"{out}/events.jsonl", "wb") as f:
    subprocess.run(cmd, stdout=f, check=True)
dt = time.perf_counter() - t
print(f"{dt:.3f} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")
PY
)
events=$(wc -l <"$out/events.jsonl")
rate=$(python3 -c "print(round($sentences / $secs))")
rss_mb=$(python3 -c "print(round($rss_kb / 1024, 1))")
echo "sentences        $sentences"
echo "seconds          $secs"
echo "sentences/s      $rate (one core)"
echo "peak RSS         $rss_mb MB"
echo "events           $events (planted $planted)"
status=ok
if [ "$events" -ne "$planted" ]; then status="WRONG-COUNT"; fi
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(git rev-parse --short HEAD 2>/dev/null || echo -)" \
  "$sentences" "$secs" "$rate" "$rss_mb" "$events" "$planted" "$status" >>bench/record/code.tsv
if [ "$status" != ok ]; then
  echo "bench: the coder found $events events, the corpus planted $planted" >&2
  exit 1
fi
