#!/usr/bin/env python3
"""The floor of make bench's discovery row: how fast the server itself answers.

    python reflection_floor.py HOST:PORT SERVICES [--runs N]

Each run opens a channel and one v1alpha ServerReflectionInfo stream, sends list_services and a
file_containing_symbol for each generated service (gen.sN.ServiceN) all at once, and reads the
answers without parsing a descriptor: no client can discover faster than this. Prints one JSON
object: {"ms_p50": ..., "ms_runs": [...]}.
"""

import argparse
import json
import time

import grpc
from grpc_reflection.v1alpha import reflection_pb2 as r


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("target")
    parser.add_argument("services", type=int)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    requests = [r.ServerReflectionRequest(list_services="")] + [
        r.ServerReflectionRequest(file_containing_symbol=f"gen.s{i}.Service{i}")
        for i in range(args.services)]
    runs = []
    for _ in range(args.runs):
        start = time.perf_counter()
        with grpc.insecure_channel(args.target) as channel:
            info = channel.stream_stream(
                "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
                request_serializer=r.ServerReflectionRequest.SerializeToString,
                response_deserializer=lambda raw: raw)
            answers = sum(1 for _ in info(iter(requests), timeout=60))
        assert answers == len(requests), answers
        runs.append((time.perf_counter() - start) * 1000)
    runs.sort()
    print(json.dumps({"ms_p50": runs[len(runs) // 2], "ms_runs": runs}))


if __name__ == "__main__":
    main()
