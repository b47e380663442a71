"""A Greeter server in the style of the gRPC Python quick start, with all five methods: every RPC
kind (unary, server streaming, bidirectional, client streaming).

Usage: greeter_server.py [PORT]   (0 or nothing: pick a free port)
Prints "listening on 127.0.0.1:PORT" once it accepts calls; serves until killed.
"""

import sys
from concurrent import futures

import grpc

import helloworld_pb2
import helloworld_pb2_grpc


class Greeter(helloworld_pb2_grpc.GreeterServicer):
    def SayHello(self, request, context):
        return helloworld_pb2.HelloReply(message=f"Hello, {request.name}!")

    def SayHelloAgain(self, request, context):
        return helloworld_pb2.HelloReply(message=f"Hello again, {request.name}!")

    def SayHelloStreamReply(self, request, context):
        for i in range(1, 4):
            yield helloworld_pb2.HelloReply(message=f"Hello, {request.name}! ({i}/3)")

    def SayHelloBidiStream(self, request_iterator, context):
        for request in request_iterator:
            yield helloworld_pb2.HelloReply(message=f"Hello, {request.name}!")

    def SayHelloToAll(self, request_iterator, context):
        names = [request.name for request in request_iterator]
        return helloworld_pb2.HelloReply(message=greeting_to_all(names))


def greeting_to_all(names):
    """Hello, Ada, Grace and Lin! / Hello, Ada! / Hello, nobody! (no request); "" is a name too."""
    if not names:
        return "Hello, nobody!"
    if len(names) == 1:
        return f"Hello, {names[0]}!"
    return f"Hello, {', '.join(names[:-1])} and {names[-1]}!"


def serve(port):
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=10))
    helloworld_pb2_grpc.add_GreeterServicer_to_server(Greeter(), server)
    bound = server.add_insecure_port(f"127.0.0.1:{port}")
    server.start()
    print(f"listening on 127.0.0.1:{bound}", flush=True)
    server.wait_for_termination()


if __name__ == "__main__":
    serve(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
