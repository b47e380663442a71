#!/usr/bin/env bash
# Fuzzes the passive decoder (module Wire) with libFuzzer and AddressSanitizer: builds
# tools/fuzz's DecoderFuzzer in .build-fuzz, seeds the working corpus .build-fuzz/corpus from the
# committed seeds (Tests/WireTests/Fuzz/seed), runs FUZZ_RUNS inputs in one process, then prints
# the executions and the corpus size. A crash leaves .build-fuzz/artifacts/crash-* and exits
# non-zero, with the input as hex. Extra arguments go to libFuzzer (e.g. -max_total_time=600).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

runs=${FUZZ_RUNS:-10000000}
scratch=.build-fuzz
seeds=Tests/WireTests/Fuzz/seed
corpus=$scratch/corpus
artifacts=$scratch/artifacts
log=$scratch/fuzz.log
build=(swift build -c release --package-path tools/fuzz --scratch-path "$scratch"
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)

started=$SECONDS
"${build[@]}"
echo "fuzz: built in $((SECONDS - started)) s"
fuzzer="$("${build[@]}" --show-bin-path)/DecoderFuzzer"

mkdir -p "$corpus" "$artifacts"
cp "$seeds"/* "$corpus"/

# Everything goes to the log; the terminal gets it without a line per new corpus entry.
set +e
"$fuzzer" -runs="$runs" -timeout=10 -print_final_stats=1 -artifact_prefix="$artifacts/" \
  "$@" "$corpus" 2>&1 | tee "$log" | grep -Ev '^#[0-9]+[[:space:]]+(NEW|REDUCE) '
status=${PIPESTATUS[0]}
set -e

executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
files=$(find "$corpus" -type f | wc -l)
bytes=$(du -sb "$corpus" | cut -f1)
echo "fuzz: ${executions:-?} executions (${speed:-?}/s), corpus $corpus: $files files, $bytes bytes"
# For BENCHMARKS.md (`make bench` copies it in).
cat >"$scratch/fuzz-summary.json" <<JSON
{"date": "$(date -u '+%Y-%m-%d %H:%M UTC')", "runs": $runs, "executions": ${executions:-0},
 "exec_per_s": ${speed:-0}, "status": $status, "seeds": $(find "$seeds" -type f | wc -l),
 "corpus_files": $files, "corpus_bytes": $bytes}
JSON
if [ "$status" -ne 0 ]; then
  for crash in $(sed -n 's/.*Test unit written to //p' "$log" | sort -u); do
    [ -f "$crash" ] && echo "fuzz: $crash: $(od -An -v -tx1 "$crash" | tr -d ' \n')"
  done
  echo "fuzz: the fuzzer stopped with status $status (see $log)" >&2
  exit "$status"
fi
