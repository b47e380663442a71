#!/usr/bin/env bash
# Records the bytes of real conversations with Python grpcio's Greeter server (through
# `greeter-tui call --json`), as fixtures for the decoder tests: one line per frame, "out HEX"
# or "in HEX". Rerun after changing the peers; needs `make test`'s .venv and a built greeter-tui.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${GREETER_TUI_BIN:-$root/.build/debug/greeter-tui}
out="$root/Tests/WireTests/Fixtures"
peers=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$peers"' EXIT
cp "$root"/Tests/InteropTests/Python/*.py "$peers/"
"$root/.venv/bin/python" -m grpc_tools.protoc -I "$root/protos" --python_out="$peers" \
  --grpc_python_out="$peers" helloworld.proto
"$root/.venv/bin/python" "$peers/greeter_server.py" 0 >"$peers/server.out" &
server=$!
for _ in $(seq 100); do grep -q listening "$peers/server.out" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/^listening on 127.0.0.1://p' "$peers/server.out")
mkdir -p "$out"
record() {
  local name=$1
  shift
  "$bin" call --json --target "127.0.0.1:$port" "$@" |
    "$root/.venv/bin/python" -c '
import json, sys
for frame in json.load(sys.stdin)["frames"]:
    print(frame["dir"], frame["hex"])' >"$out/$name.frames"
  echo "wrote $out/$name.frames"
}
record python-grpcio-stream-reply SayHelloStreamReply Ada
record python-grpcio-bidi SayHelloBidiStream Ada Grace
record python-grpcio-unary SayHelloAgain 세종
