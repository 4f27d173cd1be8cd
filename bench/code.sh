#!/usr/bin/env bash
# Throughput and peak memory of `quidpro code` with the full shipped dictionaries, on one
# core (taskset), over two kinds of corpus:
#
# * generated (gen-corpus, fixed seed): news-like sentences with a known number of planted
#   events; the coder must find exactly that number. Appends a line to
#   bench/record/code.tsv (columns: when, commit, sentences, seconds, sentences_per_s,
#   peak_rss_mb, events, planted, status).
# * realistic (gen-realistic): the `s:` sentences of the development tables
#   (testdata/coding/*.txt, never testdata/heldout), in file order, as stories of one
#   sentence each (`one`) and of five sentences each (`five`), the set repeated to reach
#   about SENTENCES sentences (a repetition always starts a new story). The answer is
#   checked against a separate run over one repetition: every repetition of the long run
#   must give exactly its events (all fields but `id`, `dataset_id` and `story_id`), so a wrong, lost
#   or empty output fails. Appends a line per corpus to bench/record/code-realistic.tsv
#   (columns: when, commit, corpus (one|five), stories, sentences, seconds, cpu_seconds
#   (user and system time: on a busy machine the wall seconds exceed it),
#   sentences_per_s (sentences / seconds), peak_rss_mb, events, expected (events of one
#   repetition times the repetitions), status (ok, or WRONG when a repetition differs
#   from the separate run)).
#
# Seconds are the wall time of the whole process, dictionary loading included. To time
# another build of quidpro on the same corpora and machine (before/after on a busy
# machine), set QUIDPRO_BIN to its path and QUIDPRO_BIN_LABEL to what the commit column
# should say.
#
#   bash bench/code.sh [SENTENCES] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
seed=${2:-42}
out=bench/out
mkdir -p "$out" bench/record
cargo build --release --locked -q -p quidpro-cli -p quidpro-bench
pin=""
if command -v taskset >/dev/null 2>&1; then pin="taskset -c 0"; fi
when=$(date -u +%Y-%m-%dT%H:%M:%SZ)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo -)
bin=./target/release/quidpro
if [ -n "${QUIDPRO_BIN:-}" ]; then
  bin=$QUIDPRO_BIN
  commit=${QUIDPRO_BIN_LABEL:-$QUIDPRO_BIN}
fi
failed=0

# run INPUT OUTPUT: prints "seconds peak_rss_kb cpu_seconds" of `quidpro code INPUT >OUTPUT` on one core.
run() {
  python3 - "$1" "$2" "$bin" $pin <<'PY'
import resource, subprocess, sys, time
inp, outp, exe = sys.argv[1], sys.argv[2], sys.argv[3]
cmd = sys.argv[4:] + [exe, "code", inp]
t = time.perf_counter()
with open(outp, "wb") as f:
    subprocess.run(cmd, stdout=f, check=True)
dt = time.perf_counter() - t
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{dt:.3f} {r.ru_maxrss} {r.ru_utime + r.ru_stime:.3f}")
PY
}

# --- generated corpus ---
./target/release/gen-corpus --seed "$seed" --sentences "$n" >"$out/corpus.jsonl" 2>"$out/corpus.meta"
planted=$(awk '/^planted_events/ {print $2}' "$out/corpus.meta")
sentences=$(awk '/^sentences/ {print $2}' "$out/corpus.meta")
read -r secs rss_kb _ < <(run "$out/corpus.jsonl" "$out/events.jsonl")
events=$(wc -l <"$out/events.jsonl")
rate=$(python3 -c "print(round($sentences / $secs))")
rss_mb=$(python3 -c "print(round($rss_kb / 1024, 1))")
echo "generated: $sentences sentences, $secs s, $rate sentences/s (one core), peak RSS $rss_mb MB, $events events (planted $planted)"
status=ok
if [ "$events" -ne "$planted" ]; then status="WRONG-COUNT"; fi
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$when" "$commit" \
  "$sentences" "$secs" "$rate" "$rss_mb" "$events" "$planted" "$status" >>bench/record/code.tsv
if [ "$status" != ok ]; then
  echo "bench: the coder found $events events, the corpus planted $planted" >&2
  failed=1
fi

# --- realistic corpora ---
record=bench/record/code-realistic.tsv
if [ ! -s "$record" ]; then
  printf 'when\tcommit\tcorpus\tstories\tsentences\tseconds\tcpu_seconds\tsentences_per_s\tpeak_rss_mb\tevents\texpected\tstatus\n' >"$record"
fi
for corpus in one five; do
  k=1
  if [ "$corpus" = five ]; then k=5; fi
  ./target/release/gen-realistic --per-story "$k" --sentences "$n" testdata/coding/*.txt \
    >"$out/real-$corpus.jsonl" 2>"$out/real-$corpus.meta"
  ./target/release/gen-realistic --per-story "$k" --sentences 1 testdata/coding/*.txt \
    >"$out/real-$corpus-once.jsonl" 2>/dev/null
  sentences=$(awk '/^sentences/ {print $2}' "$out/real-$corpus.meta")
  stories=$(awk '/^stories/ {print $2}' "$out/real-$corpus.meta")
  read -r secs rss_kb cpu < <(run "$out/real-$corpus.jsonl" "$out/real-$corpus.events.jsonl")
  "$bin" code "$out/real-$corpus-once.jsonl" >"$out/real-$corpus-once.events.jsonl"
  # events, expected, status: each repetition's events against the separate run's.
  read -r events expected status < <(python3 - "$out/real-$corpus.events.jsonl" "$out/real-$corpus-once.events.jsonl" "$out/real-$corpus.meta" <<'PY'
import json, sys
def load(path):
    reps = {}
    for line in open(path, encoding="utf-8"):
        e = json.loads(line)
        rep = e["story_id"].split("-")[2]
        e["story_id"] = e["story_id"].split("-", 3)[3]
        # The coder's own id of an event (dataset_id, since event schema 1) is a hash
        # of its story id, like id: it differs between repetitions by design.
        del e["id"]
        e.pop("dataset_id", None)
        reps.setdefault(rep, []).append(e)
    return reps
long, once = load(sys.argv[1]), load(sys.argv[2]).get("000", [])
meta = dict(l.split() for l in open(sys.argv[3]))
reps = int(meta["repetitions"])
events = sum(len(v) for v in long.values())
ok = once and all(long.get(f"{r:03}") == once for r in range(reps)) and len(long) == reps
print(events, len(once) * reps, "ok" if ok else "WRONG")
PY
)
  rate=$(python3 -c "print(round($sentences / $secs))")
  rss_mb=$(python3 -c "print(round($rss_kb / 1024, 1))")
  echo "realistic $corpus: $stories stories, $sentences sentences, $secs s, $rate sentences/s (one core; $cpu s CPU), peak RSS $rss_mb MB, $events events (expected $expected) $status"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$when" "$commit" "$corpus" "$stories" \
    "$sentences" "$secs" "$cpu" "$rate" "$rss_mb" "$events" "$expected" "$status" >>"$record"
  if [ "$status" != ok ]; then
    echo "bench: realistic $corpus: the repetitions' events differ from a separate run of one" >&2
    failed=1
  fi
done
exit "$failed"
