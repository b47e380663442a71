#!/usr/bin/env python3
"""Python's reflection client, the peer of `greeter-tui list` in make bench's discovery row.

    python reflection_client.py HOST:PORT [--runs N]

Each run opens a channel, lists the services through grpcio-reflection's
ProtoReflectionDescriptorDatabase and resolves every method's input and output types through a
DescriptorPool over it (what a client needs before it can call them), the reflection
service itself left out as greeter-tui leaves it out. Prints one JSON line per
run: {"seconds": ..., "services": ..., "methods": ...}.
"""

import argparse
import json
import time

import grpc
from google.protobuf.descriptor_pool import DescriptorPool
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import (
    ProtoReflectionDescriptorDatabase,
)


def discover(target):
    with grpc.insecure_channel(target) as channel:
        database = ProtoReflectionDescriptorDatabase(channel)
        pool = DescriptorPool(database)
        services = database.get_services()
        methods = 0
        for name in services:
            # The reflection service itself, as greeter-tui does (it knows that schema already).
            if name.startswith("grpc.reflection."):
                continue
            service = pool.FindServiceByName(name)
            for method in service.methods:
                _ = (method.input_type.full_name, method.output_type.full_name)
                methods += 1
        return len(services), methods


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("target")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    for _ in range(args.runs):
        start = time.perf_counter()
        services, methods = discover(args.target)
        seconds = time.perf_counter() - start
        print(json.dumps({"seconds": seconds, "services": services, "methods": methods}), flush=True)


if __name__ == "__main__":
    main()
