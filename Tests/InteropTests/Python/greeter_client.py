"""A Greeter client in the style of the gRPC Python quick start, calling all five methods.

Usage: greeter_client.py HOST:PORT NAME [--cacert FILE [--cert FILE --key FILE]]
                         [--compression gzip|deflate]
With --cacert it speaks TLS (grpc.ssl_channel_credentials) trusting that CA; --cert and --key add a
client certificate (mutual TLS). With --compression it compresses its requests (the channel's
compression); it always accepts compressed replies.
Prints one line per reply, "METHOD: MESSAGE". For the bidi call it sends the next request only
after the reply to the previous one arrived, and prints "SayHelloBidiStream sent: NAME" before
each send, so the output shows that replies interleave with requests on one stream. The
client-streaming call is made twice: with three requests ("SayHelloToAll sent: NAME" before
each), then with none; each gets its one reply after the stream is half-closed.
"""

import argparse
import queue

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


def read(path):
    with open(path, "rb") as file:
        return file.read()


COMPRESSION = {"gzip": grpc.Compression.Gzip, "deflate": grpc.Compression.Deflate}


def channel_for(args):
    compression = COMPRESSION.get(args.compression, grpc.Compression.NoCompression)
    if not args.cacert:
        return grpc.insecure_channel(args.target, compression=compression)
    credentials = grpc.ssl_channel_credentials(
        root_certificates=read(args.cacert),
        private_key=read(args.key) if args.key else None,
        certificate_chain=read(args.cert) if args.cert else None)
    return grpc.secure_channel(args.target, credentials, compression=compression)


def run(args):
    name = args.name
    with channel_for(args) as channel:
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
    parser = argparse.ArgumentParser()
    parser.add_argument("target")
    parser.add_argument("name")
    parser.add_argument("--cacert")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--compression", choices=sorted(COMPRESSION))
    run(parser.parse_args())
