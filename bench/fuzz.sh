#!/usr/bin/env bash
# Fuzzing: the property tests of every parser, with a long budget, in release mode. The
# parsers are the JSON-lines story reader and `ingest`, the document reader, the
# citation parser, the date and URL parsers, our dictionary format and the field's
# (TABARI, PETRARCH2), the date tokens, the coder's date expressions and the coder
# itself, and the hand-written ledger entries, ledger configurations and obligation
# registers. CI runs the same tests with 64 to 300 cases each.
# Each test gets CASES cases (PROPTEST_CASES). Each input must finish within MAX_MS
# milliseconds (QUIDPRO_FUZZ_MAX_MS, checked by the tests themselves). Each test binary
# must stay under MAX_RSS_MB of memory (its peak RSS, measured here).
# Prints each binary's tests, cases run, time and peak memory, then a summary. Appends
# the summary to bench/record/fuzz.tsv. Exits 1 on any failure: a panic, a broken
# property, a slow input, or too much memory. A failure's seed is kept by proptest in
# the crate's proptest-regressions file (or tests/*.proptest-regressions).
#
#   bash bench/fuzz.sh [CASES]     (default 20000; FUZZ_MAX_MS 2000, FUZZ_MAX_RSS_MB 2048)
set -euo pipefail
cd "$(dirname "$0")/.."
cases=${1:-20000}
max_ms=${FUZZ_MAX_MS:-2000}
max_rss=${FUZZ_MAX_RSS_MB:-2048}
mkdir -p bench/record

# package, test target (--lib or --test NAME), the property tests (exact names).
targets=(
  "quidpro-text|--lib|segment::props::spans_are_ordered_and_on_char_boundaries segment::props::tokens_are_ordered_and_on_char_boundaries"
  "quidpro-text|--test props|no_bytes_make_the_reader_panic_or_loop no_json_like_text_makes_the_reader_panic a_story_reads_back_as_itself"
  "quidpro-event|--test props|no_text_makes_the_token_parsers_panic token_and_parse_token_are_inverses"
  "quidpro-document|--lib|props::no_text_makes_the_date_parser_panic props::no_unicode_makes_the_date_parser_panic props::make_date_is_total props::no_text_makes_the_url_parser_panic props::no_unicode_makes_the_url_parser_panic tests::no_input_makes_the_reader_panic tests::no_bytes_make_the_reader_panic tests::no_text_makes_the_reader_panic tests::no_input_makes_the_citation_parser_panic tests::no_new_layout_makes_the_reader_panic"
  "quidpro-dict|--test props|no_dictionary_like_text_makes_the_reader_panic no_text_makes_the_reader_panic"
  "quidpro-dict|--test field|readers_never_panic_on_any_text readers_never_panic_on_format_like_lines"
  "quidpro-coder|--test props|no_words_make_the_date_expressions_panic arbitrary_text_never_panics word_salad_never_panics"
  "quidpro-analyze|--test props|no_entries_or_configuration_make_the_ledger_panic no_text_makes_the_hand_written_readers_panic no_register_makes_the_obligations_reader_panic"
  "quidpro-import|--test ingest_props|no_input_makes_ingest_panic"
  "quidpro-segment|--test props|rows_round_trip any_slice_of_any_column damage_is_an_error_not_a_panic"
)

echo "fuzz: building the test binaries (release)"
pkgs=()
for t in "${targets[@]}"; do pkgs+=(-p "${t%%|*}"); done
cargo test --release --locked --no-run -q "${pkgs[@]}" 2>&1 | grep -v '^\s*Executable' || true

total_tests=0 total_cases=0 failures=0
t_start=$(date +%s.%N)
for t in "${targets[@]}"; do
  IFS='|' read -r pkg target names <<<"$t"
  n=$(wc -w <<<"$names")
  # shellcheck disable=SC2086
  out=$(python3 - "$pkg" "$target" "$cases" "$max_ms" $names <<'PY'
import os, resource, subprocess, sys, time
pkg, target, cases, max_ms, names = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
env = dict(os.environ, PROPTEST_CASES=cases, QUIDPRO_FUZZ_MAX_MS=max_ms, RUST_BACKTRACE="0")
cmd = ["cargo", "test", "--release", "--locked", "-q", "-p", pkg, *target.split(), "--", "--exact", *names]
t = time.perf_counter()
p = subprocess.run(cmd, env=env, capture_output=True, text=True)
secs = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
passed = sum(int(l.split()[3]) for l in p.stdout.splitlines() if l.startswith("test result:"))
print(f"{p.returncode} {passed} {secs:.1f} {rss:.0f}")
if p.returncode != 0:
    sys.stderr.write(p.stdout[-4000:] + p.stderr[-4000:])
PY
  ) || true
  read -r rc passed secs rss <<<"$out"
  total_tests=$((total_tests + n))
  total_cases=$((total_cases + passed * cases))
  status=ok
  if [ "$rc" != 0 ]; then status=FAILED; failures=$((failures + 1)); fi
  if [ "$passed" != "$n" ]; then status="FAILED ($passed of $n passed)"; [ "$rc" != 0 ] || failures=$((failures + 1)); fi
  if [ "${rss%.*}" -gt "$max_rss" ]; then status="$status, OVER ${max_rss} MB"; failures=$((failures + 1)); fi
  printf '%-17s %-20s %2d tests x %s cases: %7ss, peak %5s MB: %s\n' "$pkg" "$target" "$n" "$cases" "$secs" "$rss" "$status"
done
secs=$(python3 -c "print(round($(date +%s.%N) - $t_start, 1))")
summary="fuzz: $total_tests property tests, $total_cases cases run in ${secs}s (release; at most ${max_ms} ms per input, ${max_rss} MB per binary): $failures failed"
echo "$summary"
[ -f bench/record/fuzz.tsv ] || printf 'when\tcommit\ttests\tcases_per_test\tcases_run\tseconds\tmax_ms\tmax_rss_mb\tfailures\n' >bench/record/fuzz.tsv
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(git rev-parse --short HEAD)" \
  "$total_tests" "$cases" "$total_cases" "$secs" "$max_ms" "$max_rss" "$failures" >>bench/record/fuzz.tsv
[ "$failures" = 0 ]
