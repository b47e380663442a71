#!/usr/bin/env bash
# `make bench`: release-builds tools/bench (scratch .build-bench), then in one run measures
#  1. sequential unary SayHello latency (p50/p99 of BENCH_CALLS calls after BENCH_WARMUP, each run
#     in a fresh process, BENCH_ROUNDS rounds interleaved) of our client core (frames captured and
#     not), grpc-swift-2's client and a Python grpcio client, against our embedded server (its own
#     process) and against the Python grpcio quick-start server;
#  2. the passive decoder's throughput over ≥ BENCH_DECODE_MB MB of recorded real bytes
#     (median of BENCH_DECODE_RUNS runs), and over 64 KiB gzip messages vs `gunzip`;
#  3. frame capture's overhead (capture on vs off); TLS: our client vs Python's against a Python
#     grpcio TLS server (unary p50, and the time to a ready connection), and ours in plaintext;
#  4. server throughput under h2load: our embedded server vs the Python grpcio server;
#  5. the explorer's render time, memory and startup.
# `make soak` and `make fuzz` results, when present, are copied into BENCHMARKS.md.
# Then prints the table of ratios against the goals and rewrites BENCHMARKS.md. For a missed goal,
# the missing side is profiled with `perf` (cpu-clock samples) and its hot spots go into
# BENCHMARKS.md too (BENCH_PROFILE=0 skips that).
# BENCH_WAIT_QUIET=SECONDS first waits (polling every 30 s) until no compiler or fuzzer runs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

calls=${BENCH_CALLS:-10000}
warmup=${BENCH_WARMUP:-1000}
rounds=${BENCH_ROUNDS:-3}
decode_mb=${BENCH_DECODE_MB:-100}
decode_runs=${BENCH_DECODE_RUNS:-3}
profile=${BENCH_PROFILE:-1}
wait_quiet=${BENCH_WAIT_QUIET:-0}
h2load_seconds=${BENCH_H2LOAD_SECONDS:-5}

scratch=.build-bench
out=$scratch/results
python=$root/.venv/bin/python
mkdir -p "$out"
rm -f "$out"/*.jsonl "$out"/*.txt "$out"/*.out "$out"/*.perf "$out"/*.log "$out"/*.bin
started=$SECONDS
commands=$out/commands.txt
: >"$commands"
# Runs a command and notes it for BENCHMARKS.md.
run() {
  echo "$*" >>"$commands"
  "$@"
}

# h2load and nghttp for the server throughput.
if ! command -v h2load >/dev/null || ! command -v nghttp >/dev/null; then
  echo "bench: installing Debian's nghttp2-client (h2load)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q nghttp2-client >/dev/null
fi

# The Python peers' venv (what `make test` installs), when missing or out of date.
if ! cmp -s python-requirements.txt .venv/.requirements 2>/dev/null; then
  scripts/install-test-deps.sh
fi

cold=false
[ -d "$scratch/release" ] || cold=true
echo "bench: building (release, $scratch$($cold && echo ', cold: deps included'))"
build_started=$SECONDS
build=(swift build -c release --package-path tools/bench --scratch-path "$scratch")
set +e
run "${build[@]}" 2>&1 | grep -Ev '^\[[0-9]+/[0-9]+\] (Compiling|Write|Emitting|Linking)'
status=${PIPESTATUS[0]}
set -e
[ "$status" -eq 0 ] || { echo "bench: the build failed" >&2; exit 1; }
build_seconds=$((SECONDS - build_started))
bench="$("${build[@]}" --show-bin-path)/GreeterBench"
echo "bench: built in ${build_seconds} s"

stubs=$scratch/python-stubs
mkdir -p "$stubs"
"$python" -m grpc_tools.protoc -I protos --python_out="$stubs" --grpc_python_out="$stubs" \
  helloworld.proto

# Compilers and fuzzers of others skew every number: wait for them if asked, and say so anyway.
others() { pgrep -f 'DecoderFuzzer|CodecFuzzer|swift-build|swift-frontend|swift-test|\.xctest' || true; }
waited=0
while [ -n "$(others)" ] && [ "$waited" -lt "$wait_quiet" ]; do
  echo "bench: waiting for other compilers/fuzzers to finish ($(others | wc -l) processes)"
  sleep 30
  waited=$((waited + 30))
done
# Checked before every run and at the end: how many checks saw others running.
checks=0
busy_checks=0
check_others() {
  checks=$((checks + 1))
  if [ -n "$(others)" ]; then busy_checks=$((busy_checks + 1)); fi
}

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

# Starts a server in the background (not in a subshell, so that `cleanup` knows its PID) and
# sets `port` to the port it announced.
start_server() {
  local name=$1
  shift
  echo "$*" >>"$commands"
  "$@" >"$out/$name.out" 2>&1 &
  pids+=($!)
  local deadline=$((SECONDS + 20))
  while ! grep -q '^listening on ' "$out/$name.out"; do
    if [ $SECONDS -ge $deadline ] || ! kill -0 "${pids[-1]}" 2>/dev/null; then
      echo "bench: the $name server did not start:" >&2
      cat "$out/$name.out" >&2
      exit 1
    fi
    sleep 0.1
  done
  port=$(sed -n 's/^listening on .*:\([0-9]*\)$/\1/p' "$out/$name.out" | head -1)
}

start_server swift-server "$bench" serve --port 0
swift_port=$port
start_server python-server env PYTHONPATH="$stubs" "$python" \
  Tests/InteropTests/Python/greeter_server.py 0
python_port=$port
echo "bench: our server on port $swift_port, the Python grpcio server on port $python_port"

measure_started=$SECONDS
loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)

# One unary run: prints one JSON line tagged with the round and the server.
unary() {
  local round=$1 server=$2 port=$3 client=$4 json
  check_others
  if [ "$client" = python ]; then
    json=$(PYTHONPATH="$stubs" timeout 600 "$python" tools/bench/python/unary_client.py \
      "127.0.0.1:$port" "$calls" "$warmup")
  else
    json=$(timeout 600 "$bench" unary --client "$client" --target "127.0.0.1:$port" \
      --calls "$calls" --warmup "$warmup")
  fi
  echo "{\"kind\": \"unary\", \"round\": $round, \"server\": \"$server\", \"result\": $json}" \
    >>"$out/results.jsonl"
  printf 'bench: round %d  %-6s server  %-14s p50 %s µs\n' "$round" "$server" "$client" \
    "$(sed -n 's/.*"p50_us": *\([0-9.]*\).*/\1/p' <<<"$json")"
}

clients=(core core-nocapture grpc-swift python floor)
{
  echo "$bench unary --client CLIENT --target 127.0.0.1:PORT --calls $calls --warmup $warmup"
  echo "PYTHONPATH=$stubs $python tools/bench/python/unary_client.py 127.0.0.1:PORT $calls $warmup"
} >>"$commands"
for round in $(seq 1 "$rounds"); do
  # The order of the clients turns each round, so none is always first after the other server.
  for server in swift python; do
    port=$swift_port
    [ "$server" = python ] && port=$python_port
    for index in "${!clients[@]}"; do
      client=${clients[$(((index + round - 1) % ${#clients[@]}))]}
      unary "$round" "$server" "$port" "$client"
    done
  done
done

# TLS (issue 12): a Python grpcio Greeter serving TLS with certificates made by the tests' script;
# our client core and Python's client against it, interleaved, each also timing fresh handshakes.
certs=$out/certs
Tests/InteropTests/Certificates/make-certificates.sh "$certs"
start_server python-tls-server env PYTHONPATH="$stubs" "$python" \
  Tests/InteropTests/Python/greeter_server.py 0 --tls-cert "$certs/server.pem" \
  --tls-key "$certs/server.key"
tls_port=$port
{
  echo "$bench tls --target 127.0.0.1:PORT --cacert CA --calls $calls --warmup $warmup"
  echo "PYTHONPATH=$stubs $python tools/bench/python/unary_client.py 127.0.0.1:PORT $calls $warmup CA 50"
} >>"$commands"
for round in $(seq 1 "$rounds"); do
  for client in core-tls python-tls; do
    check_others
    if [ "$client" = python-tls ]; then
      json=$(PYTHONPATH="$stubs" timeout 600 "$python" tools/bench/python/unary_client.py \
        "127.0.0.1:$tls_port" "$calls" "$warmup" "$certs/ca.pem" 50)
    else
      json=$(timeout 600 "$bench" tls --target "127.0.0.1:$tls_port" --cacert "$certs/ca.pem" \
        --calls "$calls" --warmup "$warmup")
    fi
    echo "{\"kind\": \"tls\", \"round\": $round, \"client\": \"$client\", \"result\": $json}" \
      >>"$out/results.jsonl"
    printf 'bench: round %d  TLS python server  %-10s p50 %s µs\n' "$round" "$client" \
      "$(sed -n 's/.*"p50_us": *\([0-9.]*\).*/\1/p' <<<"$json")"
  done
done

# Server throughput: h2load (Debian nghttp2-client) posting SayHello("you") over 4 connections,
# 16 streams each, for H2LOAD_SECONDS after a warm-up, against each server; rounds interleaved.
# First one request through nghttp, whose trailers must say grpc-status 0: h2load counts any
# HTTP 200 as a success, and a gRPC error is an HTTP 200 too.
body=$out/sayhello.bin
printf '\x00\x00\x00\x00\x05\x0a\x03you' >"$body"
grpc_headers=(-H 'content-type: application/grpc' -H 'te: trailers')
for server in swift python; do
  port=$swift_port
  [ "$server" = python ] && port=$python_port
  if ! nghttp -v "${grpc_headers[@]}" -d "$body" \
    "http://127.0.0.1:$port/helloworld.Greeter/SayHello" 2>&1 | grep -aq 'grpc-status: 0'; then
    echo "bench: SayHello through nghttp against the $server server did not end grpc-status 0" >&2
    exit 1
  fi
done
h2load_run() {
  local round=$1 server=$2 port=$3 text
  check_others
  text=$(h2load -c 4 -m 16 -D "$h2load_seconds" --warm-up-time 1 "${grpc_headers[@]}" \
    -d "$body" "http://127.0.0.1:$port/helloworld.Greeter/SayHello")
  local rate succeeded failed errored
  rate=$(sed -n 's/^finished in .*, \([0-9.]*\) req\/s.*/\1/p' <<<"$text")
  read -r succeeded failed errored < <(sed -n \
    's/^requests: .* \([0-9]*\) succeeded, \([0-9]*\) failed, \([0-9]*\) errored.*/\1 \2 \3/p' \
    <<<"$text")
  echo "{\"kind\": \"h2load\", \"round\": $round, \"server\": \"$server\", \"result\": {\"req_per_s\": ${rate:-0}, \"succeeded\": ${succeeded:-0}, \"failed\": ${failed:-0}, \"errored\": ${errored:-0}}}" \
    >>"$out/results.jsonl"
  printf 'bench: round %d  %-6s server  h2load %s req/s (%s succeeded, %s failed)\n' "$round" \
    "$server" "${rate:-?}" "${succeeded:-?}" "${failed:-?}"
}
echo "h2load -c 4 -m 16 -D $h2load_seconds --warm-up-time 1 -H 'content-type: application/grpc' -H 'te: trailers' -d $body http://127.0.0.1:PORT/helloworld.Greeter/SayHello" >>"$commands"
for round in $(seq 1 "$rounds"); do
  h2load_run "$round" swift "$swift_port"
  h2load_run "$round" python "$python_port"
done

# The decoder over the bytes of Greeter calls as they are ("you"), which is the goal, and, for
# comparison, over calls with a 16,000-byte name (one DATA frame of about 16 KB each way).
decode() {
  local kind=$1 json
  shift
  check_others
  echo "$bench decode --target 127.0.0.1:$swift_port $*" >>"$commands"
  json=$(timeout 900 "$bench" decode --target "127.0.0.1:$swift_port" "$@")
  echo "{\"kind\": \"$kind\", \"result\": $json}" >>"$out/results.jsonl"
  echo "bench: $kind: $(sed -n 's/.*"median_mb_per_s": *\([0-9.]*\).*/\1/p' <<<"$json") MB/s"
}
echo "bench: decoder ($decode_mb MB, $decode_runs runs)"
decode decode --recording "$out/recording.bin" --megabytes "$decode_mb" --runs "$decode_runs" \
  --chunk 16384
decode decode-bulk --name-bytes 16000 --megabytes "$decode_mb" --runs "$decode_runs" --chunk 16384
# gzip (issue 12): the decoder over 64 KiB gzip messages both ways vs gunzip of the same members.
check_others
echo "$bench gzip --megabytes $decode_mb --runs $decode_runs" >>"$commands"
json=$("$bench" gzip --megabytes "$decode_mb" --runs "$decode_runs")
echo "{\"kind\": \"gzip\", \"result\": $json}" >>"$out/results.jsonl"
echo "bench: gzip: $json"

# The explorer: render time and memory with 10 vs 100,000 calls (one process each), and the
# release program's startup to its first screen with the server listening.
for ui_calls in 10 100000; do
  check_others
  echo "$bench ui --target 127.0.0.1:$swift_port --calls $ui_calls" >>"$commands"
  json=$("$bench" ui --target "127.0.0.1:$swift_port" --calls "$ui_calls")
  echo "{\"kind\": \"ui-$ui_calls\", \"result\": $json}" >>"$out/results.jsonl"
  echo "bench: ui with $ui_calls calls: $json"
done
# The explorer on any service (issue 11): render with a 2,000-type catalog and a 1 MiB reply vs
# the Greeter screen; keystroke-to-screen in the composer on a 1,000-line JSON.
check_others
echo "$bench explorer" >>"$commands"
json=$("$bench" explorer)
echo "{\"kind\": \"explorer\", \"result\": $json}" >>"$out/results.jsonl"
echo "bench: explorer: $json"
# The input line: a 10,000-character paste, and typing with a render after every key.
check_others
echo "$bench input --characters 10000" >>"$commands"
json=$("$bench" input --characters 10000)
echo "{\"kind\": \"input\", \"result\": $json}" >>"$out/results.jsonl"
echo "bench: input: $json"
# The dynamic codec vs swift-protobuf's generated code, and Python protobuf on the same messages.
check_others
echo "$bench codec --protoset Tests/WireFormatTests/Fixtures/kitchen_sink.protoset --out $out/codec-messages.jsonl" >>"$commands"
json=$("$bench" codec --protoset Tests/WireFormatTests/Fixtures/kitchen_sink.protoset --out "$out/codec-messages.jsonl")
echo "{\"kind\": \"codec\", \"result\": $json}" >>"$out/results.jsonl"
json=$(.venv/bin/python tools/bench/python/codec_bench.py \
  Resources/helloworld.protoset,Tests/WireFormatTests/Fixtures/kitchen_sink.protoset "$out/codec-messages.jsonl" 5)
echo "{\"kind\": \"codec-python\", \"result\": $json}" >>"$out/results.jsonl"
echo "bench: codec: done"
echo "bench: building the release greeter-tui for the startup time"
# In the bench package's scratch folder, whose release build already holds its dependencies.
swift build -c release --package-path tools/bench --scratch-path .build-bench --product greeter-tui >/dev/null
app_binary="$(swift build -c release --package-path tools/bench --scratch-path .build-bench --show-bin-path)/greeter-tui"
check_others
echo "$bench startup --binary $app_binary --runs 10" >>"$commands"
json=$("$bench" startup --binary "$app_binary" --runs 10)
echo "{\"kind\": \"startup\", \"result\": $json}" >>"$out/results.jsonl"
echo "bench: startup: $json"
# Discovery of a big server (issue 10): a Python grpcio reflection server of 200 services and
# 2,000 message types; our `list` (the whole process) against Python's reflection client (in
# process, its interpreter's startup left out), same server, same run; then the explorer's first
# screen listing the discovered methods.
start_server reflection-server "$python" Tests/InteropTests/Python/generated_reflection_server.py \
  0 --services 200 --messages 10
reflection_port=$port
discovery_runs=10
check_others
echo "$bench discovery --binary $app_binary --target 127.0.0.1:PORT --runs $discovery_runs" >>"$commands"
json=$("$bench" discovery --binary "$app_binary" --target "127.0.0.1:$reflection_port" --runs $discovery_runs)
echo "{\"kind\": \"discovery\", \"result\": $json}" >>"$out/results.jsonl"
echo "bench: discovery: $json"
echo "$python tools/bench/python/reflection_client.py 127.0.0.1:PORT --runs $discovery_runs" >>"$commands"
json=$("$python" tools/bench/python/reflection_client.py "127.0.0.1:$reflection_port" --runs $discovery_runs \
  | "$python" -c 'import json, sys; runs = sorted(json.loads(l)["seconds"] * 1000 for l in sys.stdin); print(json.dumps({"ms_p50": runs[len(runs) // 2], "ms_runs": runs}))')
echo "{\"kind\": \"discovery-python\", \"result\": $json}" >>"$out/results.jsonl"
echo "bench: discovery, Python: $json"
# The floor: the server's own time, a raw pipelined stream that parses nothing.
echo "$python tools/bench/python/reflection_floor.py 127.0.0.1:PORT 200 --runs $discovery_runs" >>"$commands"
json=$("$python" tools/bench/python/reflection_floor.py "127.0.0.1:$reflection_port" 200 --runs $discovery_runs)
echo "{\"kind\": \"discovery-floor\", \"result\": $json}" >>"$out/results.jsonl"
echo "bench: discovery floor: $json"
# The same Python client as a whole process (interpreter and grpcio import included), as a user
# runs a script: for the record, not the goal.
process_ms=()
for _ in $(seq $discovery_runs); do
  started_ns=$(date +%s%N)
  "$python" tools/bench/python/reflection_client.py "127.0.0.1:$reflection_port" >/dev/null
  process_ms+=($(( ($(date +%s%N) - started_ns) / 1000000 )))
done
json="{\"ms_runs\": [$(IFS=,; echo "${process_ms[*]}")]}"
echo "{\"kind\": \"discovery-python-process\", \"result\": $json}" >>"$out/results.jsonl"
echo "bench: discovery, Python as a process: $json"
echo "$bench startup --binary $app_binary --runs 10 --target 127.0.0.1:PORT" >>"$commands"
json=$("$bench" startup --binary "$app_binary" --runs 10 --target "127.0.0.1:$reflection_port")
echo "{\"kind\": \"startup-discovery\", \"result\": $json}" >>"$out/results.jsonl"
echo "bench: explorer on it: $json"
# Issue 11: the first screen with --target comes at once; discovery goes on behind it.
echo "$bench startup --binary $app_binary --runs 10 --target 127.0.0.1:PORT --first-draw 1" >>"$commands"
json=$("$bench" startup --binary "$app_binary" --runs 10 --target "127.0.0.1:$reflection_port" --first-draw 1)
echo "{\"kind\": \"startup-target-first-draw\", \"result\": $json}" >>"$out/results.jsonl"
echo "bench: explorer's first screen with --target: $json"

measure_seconds=$((SECONDS - measure_started))
check_others

cat >"$out/meta.json" <<JSON
{
  "date": "$(date -u '+%Y-%m-%d %H:%M UTC')",
  "nproc": $(nproc),
  "cpu": "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)",
  "memory_gib": $(awk '/MemTotal/ {printf "%.0f", $2 / 1048576}' /proc/meminfo),
  "kernel": "$(uname -r)",
  "swift": "$(swift --version 2>/dev/null | head -1 | sed 's/"/\\"/g')",
  "grpcio": "$("$python" -c 'import grpc; print(grpc.__version__)')",
  "python": "$("$python" -c 'import platform; print(platform.python_version())')",
  "calls": $calls, "warmup": $warmup, "rounds": $rounds,
  "build_seconds": $build_seconds, "cold_build": $cold,
  "measure_seconds": $measure_seconds,
  "busy_checks": $busy_checks, "checks": $checks,
  "waited_seconds": $waited,
  "loadavg_start": "$loadavg_start"
}
JSON

report=(tools/bench/python/report.py "$out/results.jsonl" "$out/meta.json" "$commands")
"$python" "${report[@]}" --table >"$out/table.txt"

# Profiles of what missed its goal, for BENCHMARKS.md.
if [ "$profile" = 1 ] && command -v perf >/dev/null; then
  for target in $("$python" "${report[@]}" --missed); do
    echo "bench: profiling $target (perf, cpu-clock)"
    case $target in
      client | capture) cmd=("$bench" unary --client core --target "127.0.0.1:$swift_port"
        --calls $((calls / 2)) --warmup "$warmup") ;;
      tls) cmd=("$bench" tls --target "127.0.0.1:$tls_port" --cacert "$certs/ca.pem"
        --calls $((calls / 2)) --warmup "$warmup" --handshakes 10) ;;
      decoder) cmd=("$bench" decode --recording "$out/recording.bin" --megabytes 10 --runs 1
        --chunk 16384) ;;
      gzip) cmd=("$bench" gzip --megabytes 20 --runs 1) ;;
      *) continue ;;
    esac
    echo "perf record -e cpu-clock -F 2000 -g -o $out/$target.perf -- ${cmd[*]}" >>"$commands"
    perf record -e cpu-clock -F 2000 -g -o "$out/$target.perf" -- "${cmd[@]}" \
      >/dev/null 2>"$out/$target.perf.log" || { echo "bench: perf failed (see $out/$target.perf.log)"; continue; }
    for view in no-children children; do
      perf report -i "$out/$target.perf" --stdio --$view --sort symbol --percent-limit 1.5 \
        -g none 2>/dev/null | swift demangle --simplified >"$out/profile-$target-$view.txt" || true
    done
  done
fi

"$python" "${report[@]}" --markdown BENCHMARKS.md --total-seconds $((SECONDS - started)) \
  --soak "$scratch/soak.json" --fuzz .build-fuzz/fuzz-summary.json .build-fuzz/codec-fuzz-summary.json
echo
cat "$out/table.txt"
echo
echo "bench: wrote BENCHMARKS.md; built in ${build_seconds} s, measured in ${measure_seconds} s," \
  "total $((SECONDS - started)) s"
