#!/usr/bin/env python3
"""Python protobuf (upb) on the messages `GreeterBench codec --out FILE` wrote: binary decode and
encode, json_format encode (compact) and decode, ns per message (median of rounds), as JSON."""

import base64
import json
import sys
import time

from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory


def pool_from(path):
    files = descriptor_pb2.FileDescriptorSet.FromString(open(path, "rb").read()).file
    pool, added, pending = descriptor_pool.DescriptorPool(), set(), list(files)
    while pending:
        for fdp in list(pending):
            if all(dep in added for dep in fdp.dependency):
                pool.Add(fdp)
                added.add(fdp.name)
                pending.remove(fdp)
    return pool


def main():
    protosets, messages_path, rounds = sys.argv[1].split(","), sys.argv[2], int(sys.argv[3])
    pools = [pool_from(path) for path in protosets]
    results = {"rounds": rounds}
    for line in open(messages_path):
        item = json.loads(line)
        pool = next(p for p in pools if _has(p, item["type"]))
        cls = message_factory.GetMessageClass(pool.FindMessageTypeByName(item["type"]))
        binary = base64.b64decode(item["binary"])
        message = cls.FromString(binary)
        text = json_format.MessageToJson(message, descriptor_pool=pool, indent=None)
        iterations = 200_000 if item["name"] == "hello" else 20_000
        times = {}

        def timed(key, body):
            start = time.perf_counter_ns()
            for _ in range(iterations):
                body()
            times.setdefault(key, []).append((time.perf_counter_ns() - start) / iterations)

        for _ in range(rounds):
            timed("python_binary_decode", lambda: cls.FromString(binary))
            timed("python_binary_encode", lambda: message.SerializeToString())
            timed("python_json_encode",
                  lambda: json_format.MessageToJson(message, descriptor_pool=pool, indent=None))
            timed("python_json_decode",
                  lambda: json_format.Parse(text, cls(), descriptor_pool=pool))
        results[item["name"]] = {k + "_ns": sorted(v)[len(v) // 2] for k, v in times.items()}
    print(json.dumps(results, sort_keys=True))


def _has(pool, name):
    try:
        pool.FindMessageTypeByName(name)
        return True
    except KeyError:
        return False


if __name__ == "__main__":
    main()
