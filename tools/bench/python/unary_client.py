"""Sequential unary SayHello calls with Python grpcio, timed like GreeterBench's clients.

Usage: unary_client.py HOST:PORT CALLS WARMUP [CACERT [HANDSHAKES]]
With CACERT the channel is TLS (ssl_channel_credentials trusting that CA), and HANDSHAKES fresh
channels are then timed from creation to ready (channel_ready_future): handshake_us_p50.
Needs helloworld_pb2 / helloworld_pb2_grpc on PYTHONPATH (scripts/bench.sh generates them).
Prints one JSON object: nearest-rank percentiles in microseconds of the CALLS calls measured after
WARMUP unmeasured ones, all on one channel.
"""

import json
import math
import resource
import sys
import time

import grpc

import helloworld_pb2
import helloworld_pb2_grpc


def percentile(sorted_samples, fraction):
    rank = max(1, min(len(sorted_samples), math.ceil(fraction * len(sorted_samples))))
    return sorted_samples[rank - 1]


def main():
    target, calls, warmup = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    started = time.perf_counter_ns()
    samples = []
    cacert = sys.argv[4] if len(sys.argv) > 4 else None
    handshakes = int(sys.argv[5]) if len(sys.argv) > 5 else 50
    credentials = None
    if cacert:
        with open(cacert, "rb") as file:
            credentials = grpc.ssl_channel_credentials(root_certificates=file.read())

    def open_channel():
        if credentials is None:
            return grpc.insecure_channel(target)
        return grpc.secure_channel(target, credentials)

    with open_channel() as channel:
        say_hello = helloworld_pb2_grpc.GreeterStub(channel).SayHello
        request = helloworld_pb2.HelloRequest(name="you")
        clock = time.perf_counter_ns
        before = None
        for index in range(warmup + calls):
            if index == warmup:
                before = resource.getrusage(resource.RUSAGE_SELF)
            start = clock()
            reply = say_hello(request)
            elapsed = clock() - start
            if reply.message != "Hello, you!":
                sys.exit(f"call {index}: reply {reply.message!r}")
            if index >= warmup:
                samples.append(elapsed)
        after = resource.getrusage(resource.RUSAGE_SELF)
    samples.sort()
    micros = lambda nanos: round(nanos / 1000, 1)
    extra = {}
    if cacert:
        connects = []
        for _ in range(handshakes):
            start = time.perf_counter_ns()
            with open_channel() as fresh:
                grpc.channel_ready_future(fresh).result(timeout=10)
                connects.append(time.perf_counter_ns() - start)
        connects.sort()
        extra = {"handshake_us_p50": micros(percentile(connects, 0.5)), "handshakes": handshakes}
    print(json.dumps({
        **extra,
        "client": "python",
        "target": target,
        "warmup": warmup,
        "samples": len(samples),
        "min_us": micros(samples[0]),
        "p50_us": micros(percentile(samples, 0.50)),
        "p90_us": micros(percentile(samples, 0.90)),
        "p99_us": micros(percentile(samples, 0.99)),
        "p999_us": micros(percentile(samples, 0.999)),
        "max_us": micros(samples[-1]),
        "mean_us": micros(sum(samples) / len(samples)),
        # The whole process (every thread) over the timed calls, per call.
        "cpu_us_per_call": round(
            (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1e6 / calls, 1),
        "switches_per_call": round(
            (after.ru_nvcsw + after.ru_nivcsw - before.ru_nvcsw - before.ru_nivcsw) / calls, 2),
        "wall_s": round((time.perf_counter_ns() - started) / 1e9, 2),
    }, sort_keys=True), flush=True)


if __name__ == "__main__":
    main()
