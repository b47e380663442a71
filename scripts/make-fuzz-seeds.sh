#!/usr/bin/env bash
# Regenerates the decoder fuzzer's seed corpus, Tests/WireTests/Fuzz/seed, from real encoders:
# `greeter-tui call --embedded --json` (swift-nio-http2 / grpc-swift-2), Python grpcio clients and
# servers recorded through a TCP relay, and Python protobuf; then the codec fuzzer's,
# Tests/WireFormatTests/Fuzz/seed, from Python protobuf (tools/fuzz/make_codec_seeds.py, which
# also runs alone). See tools/fuzz/README.md.
# Needs the venv of `make deps` and a built greeter-tui (`swift build`, or GREETER_TUI=PATH).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
python="$root/.venv/bin/python"
binary=${GREETER_TUI:-$root/.build/debug/greeter-tui}

[ -x "$python" ] || { echo "make-fuzz-seeds: no $python: run 'make deps'" >&2; exit 1; }
[ -x "$binary" ] || { echo "make-fuzz-seeds: no $binary: run 'swift build' or set GREETER_TUI" >&2; exit 1; }
"$python" "$root/tools/fuzz/make_seeds.py" --binary "$binary" --out "$root/Tests/WireTests/Fuzz/seed"
exec "$python" "$root/tools/fuzz/make_codec_seeds.py" --out "$root/Tests/WireFormatTests/Fuzz/seed"
