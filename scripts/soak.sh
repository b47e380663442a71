#!/usr/bin/env bash
# `make soak`: SOAK_CALLS calls (default 100,000) through one client core in one release
# process against the embedded Greeter (its own process), every kind of call, RSS, open
# descriptors and threads printed every SOAK_STEP calls (default 10,000). Fails when memory grew
# more than 20 % after the first step or a descriptor leaked. The result goes to
# .build-bench/soak.json, from which `make bench` copies it into BENCHMARKS.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

calls=${SOAK_CALLS:-100000}
step=${SOAK_STEP:-10000}
scratch=.build-bench
build=(swift build -c release --package-path tools/bench --scratch-path "$scratch")
echo "soak: building (release, $scratch)"
"${build[@]}" 2>&1 | grep -Ev '^\[[0-9]+/[0-9]+\] (Compiling|Write|Emitting|Linking)' || true
bench="$("${build[@]}" --show-bin-path)/GreeterBench"
[ -x "$bench" ] || { echo "soak: the build failed" >&2; exit 1; }

log=$(mktemp)
"$bench" serve --port 0 >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$log"' EXIT
deadline=$((SECONDS + 20))
until grep -q '^listening on ' "$log"; do
  if [ $SECONDS -ge $deadline ] || ! kill -0 $server 2>/dev/null; then
    echo "soak: the server did not start:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.1
done
target=$(sed -n 's/^listening on //p' "$log" | head -1)

result=$scratch/soak.json
"$bench" soak --target "$target" --calls "$calls" --step "$step" | tee "$result.tmp"
{
  printf '{"date":"%s","machine":"%s cores, %s","result":' "$(date -u '+%Y-%m-%d %H:%M UTC')" \
    "$(nproc)" "$(uname -sr)"
  cat "$result.tmp"
  printf '}\n'
} >"$result"
rm -f "$result.tmp"
if grep -q '"bounded":true' "$result"; then
  echo "soak: bounded ($result)"
else
  echo "soak: memory or descriptors grew ($result)" >&2
  exit 1
fi
