# greeter-tui — every task a developer or CI runs. `make test` is the one test command.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

# How many inputs `make fuzz` runs per fuzzer (FUZZ_RUNS=1000000 make fuzz for a shorter run).
FUZZ_RUNS ?= 10000000

# Everything but the generated code (GreeterProtos, StandardServiceProtos), which protoc's plugins format.
SWIFT_SOURCES := Package.swift $(shell find Sources Tests -name '*.swift' -not -path 'Sources/GreeterProtos/*' -not -path 'Sources/StandardServiceProtos/*')

.PHONY: test deps protos check-generated build format lint run fuzz bench soak

## Installs what the tests need, checks generated code and formatting, builds once, runs every test.
test: deps check-generated lint
	swift build --build-tests
	@# One test at a time for the suites that wait on real servers, tmux and child processes with
	@# deadlines: run in parallel on 2 cores, their blocking waits probably starved Swift's cooperative pool
	@# (a refused connection took 6.7 s, an RPC to the Python server missed its 10 s deadline);
	@# serial they all pass in about 50 s. The codec's CPU-only suites run in parallel after them.
	swift test --skip-build --no-parallel --skip WireFormatTests 2>&1 | tee .build/test-output.txt
	swift test --skip-build --parallel --filter WireFormatTests 2>&1 | tee -a .build/test-output.txt
	@grep -E "^(✔|✘) Test run with" .build/test-output.txt

## System packages and the Python venv for the interop peers (idempotent; as root on a fresh machine).
deps:
	scripts/install-test-deps.sh

## Regenerates Sources/GreeterProtos and Resources/helloworld.protoset from protos/.
protos:
	scripts/generate-protos.sh

## Fails when the committed generated code differs from what protos/ generates.
check-generated:
	scripts/generate-protos.sh --check

build:
	swift build

run:
	swift run greeter-tui

format:
	swift format --in-place $(SWIFT_SOURCES)

lint:
	swift format lint --strict $(SWIFT_SOURCES)

## Fuzzes with libFuzzer + ASan (tools/fuzz, scratch .build-fuzz), FUZZ_RUNS inputs each: the passive
## decoder (DecoderFuzzer), then the codec's binary decode and JSON parse (CodecFuzzer).
fuzz:
	FUZZ_RUNS=$(FUZZ_RUNS) scripts/fuzz.sh

## Release-build benchmarks (tools/bench, scratch .build-bench): unary latency of our client core vs
## grpc-swift-2's and Python grpcio's clients, decoder throughput, capture overhead; rewrites BENCHMARKS.md.
bench:
	scripts/bench.sh

## 100,000 calls through one client core (release, tools/bench): RSS, descriptors and threads
## printed every 10,000 calls; fails if they grow. `make bench` puts the result in BENCHMARKS.md.
soak:
	scripts/soak.sh
