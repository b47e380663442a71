"""The gRPC Python quick start's greeter_client.py, after its "update the client" step.

Usage: quickstart_client.py [PORT]   (default 50051; the target is localhost, as in the quick start)
"""

import logging
import sys

import grpc

import helloworld_pb2
import helloworld_pb2_grpc


def run(port):
    with grpc.insecure_channel(f"localhost:{port}") as channel:
        stub = helloworld_pb2_grpc.GreeterStub(channel)
        response = stub.SayHello(helloworld_pb2.HelloRequest(name="you"))
        print("Greeter client received: " + response.message)
        response = stub.SayHelloAgain(helloworld_pb2.HelloRequest(name="you"))
        print("Greeter client received: " + response.message)


if __name__ == "__main__":
    logging.basicConfig()
    run(sys.argv[1] if len(sys.argv) > 1 else "50051")
