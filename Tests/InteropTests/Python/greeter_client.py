"""A Greeter client in the style of the gRPC Python quick start, calling all five methods.

Usage: greeter_client.py HOST:PORT NAME
Prints one line per reply, "METHOD: MESSAGE". For the bidi call it sends the next request only
after the reply to the previous one arrived, and prints "SayHelloBidiStream sent: NAME" before
each send, so the output shows that replies interleave with requests on one stream. The
client-streaming call is made twice: with three requests ("SayHelloToAll sent: NAME" before
each), then with none; each gets its one reply after the stream is half-closed.
"""

import queue
import sys

import grpc

import helloworld_pb2
import helloworld_pb2_grpc


def bidi(stub, names):
    outbox = queue.Queue()

    def requests():
        while True:
            name = outbox.get()
            if name is None:
                return
            print(f"SayHelloBidiStream sent: {name}", flush=True)
            yield helloworld_pb2.HelloRequest(name=name)

    outbox.put(names[0])
    replies = stub.SayHelloBidiStream(requests())
    remaining = names[1:]
    for reply in replies:
        print(f"SayHelloBidiStream: {reply.message}", flush=True)
        outbox.put(remaining.pop(0) if remaining else None)


def to_all(stub, names):
    def requests():
        for name in names:
            print(f"SayHelloToAll sent: {name}", flush=True)
            yield helloworld_pb2.HelloRequest(name=name)

    reply = stub.SayHelloToAll(requests(), timeout=10)
    print(f"SayHelloToAll: {reply.message}", flush=True)


def run(target, name):
    with grpc.insecure_channel(target) as channel:
        stub = helloworld_pb2_grpc.GreeterStub(channel)
        reply = stub.SayHello(helloworld_pb2.HelloRequest(name=name), timeout=10)
        print(f"SayHello: {reply.message}", flush=True)
        reply = stub.SayHelloAgain(helloworld_pb2.HelloRequest(name=name), timeout=10)
        print(f"SayHelloAgain: {reply.message}", flush=True)
        for reply in stub.SayHelloStreamReply(helloworld_pb2.HelloRequest(name=name), timeout=10):
            print(f"SayHelloStreamReply: {reply.message}", flush=True)
        bidi(stub, [name, name + " 2", name + " 3"])
        to_all(stub, [name, name + " 2", name + " 3"])
        to_all(stub, [])


if __name__ == "__main__":
    run(sys.argv[1], sys.argv[2])
