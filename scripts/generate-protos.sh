#!/usr/bin/env bash
# Generates the Swift code and the descriptor set for protos/*.proto.
#
#   scripts/generate-protos.sh          write Sources/GreeterProtos/*.swift and Resources/helloworld.protoset
#   scripts/generate-protos.sh --check  generate into a temp dir and fail on any difference
#
# The plugins are built from tools/codegen (the versions Package.swift pins) into .build-codegen;
# set CODEGEN_BIN to a folder holding protoc-gen-swift and protoc-gen-grpc-swift-2 to skip that.
# protoc comes from Debian (protobuf-compiler) and is installed when missing.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:-write}
case "$mode" in write | --check) ;; *) echo "usage: $0 [--check]" >&2; exit 2 ;; esac

if ! command -v protoc >/dev/null; then
  echo "protoc not found: installing Debian's protobuf-compiler" >&2
  apt-get update -qq >/dev/null && apt-get install -y -qq protobuf-compiler >/dev/null
fi

if [ -z "${CODEGEN_BIN:-}" ]; then
  for product in protoc-gen-swift protoc-gen-grpc-swift-2; do
    swift build --package-path "$root/tools/codegen" --scratch-path "$root/.build-codegen" \
      --product "$product" >&2
  done
  CODEGEN_BIN=$(swift build --package-path "$root/tools/codegen" --scratch-path "$root/.build-codegen" --show-bin-path)
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mkdir -p "$out/Sources/GreeterProtos" "$out/Resources"

cd "$root/protos"
protoc \
  --plugin=protoc-gen-swift="$CODEGEN_BIN/protoc-gen-swift" \
  --plugin=protoc-gen-grpc-swift-2="$CODEGEN_BIN/protoc-gen-grpc-swift-2" \
  --swift_out="$out/Sources/GreeterProtos" --swift_opt=Visibility=Public \
  --grpc-swift-2_out="$out/Sources/GreeterProtos" \
  --grpc-swift-2_opt=Visibility=Public,Server=true,Client=true \
  --descriptor_set_out="$out/Resources/helloworld.protoset" --include_imports \
  *.proto

if [ "$mode" = --check ]; then
  status=0
  diff -r "$root/Sources/GreeterProtos" "$out/Sources/GreeterProtos" || status=1
  cmp "$root/Resources/helloworld.protoset" "$out/Resources/helloworld.protoset" || status=1
  if [ $status -ne 0 ]; then
    echo "generated code differs from protos/: run 'make protos' and commit the result" >&2
    exit 1
  fi
  echo "generated code matches protos/"
else
  rm -f "$root"/Sources/GreeterProtos/*.swift
  cp "$out"/Sources/GreeterProtos/*.swift "$root/Sources/GreeterProtos/"
  cp "$out/Resources/helloworld.protoset" "$root/Resources/"
  echo "wrote $(cd "$root" && ls Sources/GreeterProtos/*.swift Resources/helloworld.protoset | tr '\n' ' ')"
fi
