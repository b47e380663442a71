#!/usr/bin/env bash
# Fuzzes the passive decoder (module Wire) with libFuzzer and AddressSanitizer: builds
# tools/fuzz's DecoderFuzzer in .build-fuzz, seeds the working corpus .build-fuzz/corpus from the
# committed seeds (Tests/WireTests/Fuzz/seed), runs FUZZ_RUNS inputs in one process, then prints
# the executions and the corpus size; FUZZ_JOBS=2 runs two fuzzer processes that share the runs
# and the corpus. A crash leaves .build-fuzz/artifacts/crash-* and exits
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

# FUZZ_JOBS fuzzer processes share the runs and the corpus (each writes its finds into it), one
# log each; the terminal gets a line a minute with the executions so far.
jobs=${FUZZ_JOBS:-1}
per_job=$(((runs + jobs - 1) / jobs))
rm -f "$scratch"/fuzz-*.log
pids=()
for job in $(seq 1 "$jobs"); do
  "$fuzzer" -runs="$per_job" -timeout=10 -print_final_stats=1 -artifact_prefix="$artifacts/" \
    "$@" "$corpus" >"$scratch/fuzz-$job.log" 2>&1 &
  pids+=($!)
done
so_far() {
  local total=0 count
  for job in $(seq 1 "$jobs"); do
    count=$(grep -aoE '^#[0-9]+' "$scratch/fuzz-$job.log" 2>/dev/null | tail -1 | tr -d '#')
    total=$((total + ${count:-0}))
  done
  echo "$total"
}
# Polled every 5 s: a job that failed (a crash) stops the others, so its find is not kept waiting.
status=0
remaining=("${pids[@]}")
polls=0
while [ ${#remaining[@]} -gt 0 ]; do
  sleep 5
  polls=$((polls + 1))
  still=()
  for pid in "${remaining[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      still+=("$pid")
    else
      wait "$pid" || status=$?
    fi
  done
  remaining=("${still[@]+"${still[@]}"}")
  if [ "$status" -ne 0 ] && [ ${#remaining[@]} -gt 0 ]; then
    kill "${remaining[@]}" 2>/dev/null || true
    for pid in "${remaining[@]}"; do wait "$pid" || true; done
    remaining=()
  fi
  [ $((polls % 12)) -eq 0 ] && echo "fuzz: $(so_far) executions after $((SECONDS - started)) s"
done
cat "$scratch"/fuzz-*.log >"$log"

executions=0
speed=0
for job in $(seq 1 "$jobs"); do
  done_here=$(sed -n 's/^stat::number_of_executed_units: *//p' "$scratch/fuzz-$job.log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$scratch/fuzz-$job.log" | tail -1)
  executions=$((executions + ${done_here:-0}))
  speed=$((speed + ${rate:-0}))
done
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
