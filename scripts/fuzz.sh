#!/usr/bin/env bash
# Fuzzes with libFuzzer and AddressSanitizer, one target after the other (FUZZ_TARGETS, default
# both): DecoderFuzzer, the passive decoder (module WireFormat), seeded from Tests/WireTests/Fuzz/seed;
# CodecFuzzer, the dynamic codec (module WireFormat: binary decode with a schema, JSON parse, and
# their round trips), seeded from Tests/WireFormatTests/Fuzz/seed. Builds tools/fuzz in
# .build-fuzz, copies the committed seeds into the target's working corpus, runs FUZZ_RUNS inputs
# per target in one process, then prints the executions and the corpus size; FUZZ_JOBS=2 runs two
# fuzzer processes per target that share the runs and the corpus. A crash leaves
# .build-fuzz/artifacts/crash-* and makes the script exit non-zero (after the other targets), with
# the input as hex. Extra arguments go to libFuzzer (e.g. -max_total_time=600).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

runs=${FUZZ_RUNS:-10000000}
targets=${FUZZ_TARGETS:-DecoderFuzzer CodecFuzzer}
scratch=.build-fuzz
artifacts=$scratch/artifacts
build=(swift build -c release --package-path tools/fuzz --scratch-path "$scratch"
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)
# CodecFuzzer reads the kitchen-sink schema from here.
export CODEC_FUZZ_PROTOSET="$root/Tests/WireFormatTests/Fixtures/kitchen_sink.protoset"

started=$SECONDS
for target in $targets; do "${build[@]}" --product "$target"; done
echo "fuzz: built $targets in $((SECONDS - started)) s"
bin=$("${build[@]}" --show-bin-path)
mkdir -p "$artifacts"

# fuzz TARGET SEEDS PREFIX: PREFIX names the corpus ($scratch/PREFIXcorpus), the logs and the
# summary ($scratch/PREFIXfuzz-summary.json, which `make bench` copies into BENCHMARKS.md).
fuzz() {
  local target=$1 seeds=$2 prefix=$3
  local corpus=$scratch/${prefix}corpus log=$scratch/${prefix}fuzz.log
  local fuzzer="$bin/$target" began=$SECONDS
  mkdir -p "$corpus"
  cp "$seeds"/* "$corpus"/

  # FUZZ_JOBS fuzzer processes share the runs and the corpus (each writes its finds into it), one
  # log each; the terminal gets a line a minute with the executions so far.
  local jobs=${FUZZ_JOBS:-1}
  local per_job=$(((runs + jobs - 1) / jobs))
  rm -f "$scratch/${prefix}"fuzz-*.log
  local pids=()
  for job in $(seq 1 "$jobs"); do
    "$fuzzer" -runs="$per_job" -timeout=10 -print_final_stats=1 -artifact_prefix="$artifacts/" \
      "${extra[@]+"${extra[@]}"}" "$corpus" >"$scratch/${prefix}fuzz-$job.log" 2>&1 &
    pids+=($!)
  done
  so_far() {
    local total=0 count
    for job in $(seq 1 "$jobs"); do
      count=$(grep -aoE '^#[0-9]+' "$scratch/${prefix}fuzz-$job.log" 2>/dev/null | tail -1 | tr -d '#')
      total=$((total + ${count:-0}))
    done
    echo "$total"
  }
  # Polled every 5 s: a job that failed (a crash) stops the others, so its find is not kept waiting.
  local status=0 polls=0
  local remaining=("${pids[@]}")
  while [ ${#remaining[@]} -gt 0 ]; do
    sleep 5
    polls=$((polls + 1))
    local still=()
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
    [ $((polls % 12)) -eq 0 ] && echo "fuzz: $target: $(so_far) executions after $((SECONDS - began)) s"
  done
  cat "$scratch/${prefix}"fuzz-*.log >"$log"

  local executions=0 speed=0 done_here rate
  for job in $(seq 1 "$jobs"); do
    done_here=$(sed -n 's/^stat::number_of_executed_units: *//p' "$scratch/${prefix}fuzz-$job.log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$scratch/${prefix}fuzz-$job.log" | tail -1)
    executions=$((executions + ${done_here:-0}))
    speed=$((speed + ${rate:-0}))
  done
  local files bytes
  files=$(find "$corpus" -type f | wc -l)
  bytes=$(du -sb "$corpus" | cut -f1)
  echo "fuzz: $target: ${executions:-?} executions (${speed:-?}/s) in $((SECONDS - began)) s," \
    "corpus $corpus: $files files, $bytes bytes"
  # For BENCHMARKS.md (`make bench` copies it in).
  cat >"$scratch/${prefix}fuzz-summary.json" <<JSON
{"fuzzer": "$target", "date": "$(date -u '+%Y-%m-%d %H:%M UTC')", "runs": $runs,
 "executions": ${executions:-0}, "exec_per_s": ${speed:-0}, "seconds": $((SECONDS - began)),
 "status": $status, "seeds": $(find "$seeds" -type f | wc -l),
 "corpus_files": $files, "corpus_bytes": $bytes}
JSON
  if [ "$status" -ne 0 ]; then
    for crash in $(sed -n 's/.*Test unit written to //p' "$log" | sort -u); do
      [ -f "$crash" ] && echo "fuzz: $crash: $(od -An -v -tx1 "$crash" | tr -d ' \n')"
    done
    echo "fuzz: $target stopped with status $status (see $log)" >&2
  fi
  return "$status"
}

extra=("$@")
overall=0
for target in $targets; do
  case $target in
  DecoderFuzzer) fuzz DecoderFuzzer Tests/WireTests/Fuzz/seed "" || overall=$? ;;
  CodecFuzzer) fuzz CodecFuzzer Tests/WireFormatTests/Fuzz/seed codec- || overall=$? ;;
  *) echo "fuzz: unknown target $target (DecoderFuzzer, CodecFuzzer)" >&2; exit 64 ;;
  esac
done
exit "$overall"
