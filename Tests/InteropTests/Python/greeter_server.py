"""A Greeter server in the style of the gRPC Python quick start, with all five methods: every RPC
kind (unary, server streaming, bidirectional, client streaming).

Usage: greeter_server.py [PORT] [--tls-cert FILE --tls-key FILE [--client-ca FILE]] [--reflection]
                         [--compression gzip|deflate]
  PORT 0 or nothing: pick a free port. With --tls-cert/--tls-key it serves TLS
  (grpc.ssl_server_credentials); --client-ca also requires a client certificate signed by that CA
  (mutual TLS); --reflection adds grpcio-reflection's service; --compression compresses every
  reply (grpc.Compression.Gzip or Deflate).
Prints "listening on 127.0.0.1:PORT" once it accepts calls; serves until killed.
"""

import argparse
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


def read(path):
    with open(path, "rb") as file:
        return file.read()


def serve(args):
    compression = {"gzip": grpc.Compression.Gzip, "deflate": grpc.Compression.Deflate,
                   None: None}[args.compression]
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=10), compression=compression)
    helloworld_pb2_grpc.add_GreeterServicer_to_server(Greeter(), server)
    if args.reflection:
        from grpc_reflection.v1alpha import reflection

        names = (helloworld_pb2.DESCRIPTOR.services_by_name["Greeter"].full_name,
                 reflection.SERVICE_NAME)
        reflection.enable_server_reflection(names, server)
    address = f"127.0.0.1:{args.port}"
    if args.tls_cert:
        credentials = grpc.ssl_server_credentials(
            [(read(args.tls_key), read(args.tls_cert))],
            root_certificates=read(args.client_ca) if args.client_ca else None,
            require_client_auth=bool(args.client_ca))
        bound = server.add_secure_port(address, credentials)
    else:
        bound = server.add_insecure_port(address)
    server.start()
    print(f"listening on 127.0.0.1:{bound}", flush=True)
    server.wait_for_termination()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int, nargs="?", default=0)
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--client-ca")
    parser.add_argument("--reflection", action="store_true")
    parser.add_argument("--compression", choices=["gzip", "deflate"])
    serve(parser.parse_args())
