#!/usr/bin/env python3
"""A reflection server that misbehaves on request, for the discovery tests.

    python hostile_reflection_server.py PORT

Prints "listening on 127.0.0.1:PORT" once serving. Serves grpc.reflection.v1 only (v1alpha is
UNIMPLEMENTED, as grpcio answers any unknown method). The request header x-scenario picks what
goes wrong (so -H reaching the reflection calls is tested too); list_services always answers
"evil.Svc" except in `silent` and `list-error`:
  list-error        list_services gets an error_response (PERMISSION_DENIED, "no listing here")
  symbol-error      file_containing_symbol gets an error_response (NOT_FOUND, "symbol not found: evil.Svc")
  silent            nothing is ever answered (the client's deadline ends it)
  malformed         the file descriptor bytes are not a FileDescriptorProto
  cyclic            evil/a.proto imports evil/b.proto, which imports evil/a.proto
  never-comes       evil/a.proto imports evil/never.proto; asked for it, the server sends evil/a.proto again
  huge              the answer to file_containing_symbol is a 100 MB message
  escapes           the service is listed with terminal escapes and bidi controls in its name (its
                    file is evil/a.proto)
  escapes-error     the same, and asking for its file gets an error_response holding them too
  shared-import     not hostile: evil.Svc and evil.Other live in files that both import
                    evil/common.proto, sent only when asked for by name
  auth              without the header authorization: Bearer sesame, the stream ends UNAUTHENTICATED;
                    with it, evil/a.proto (a service evil.Svc with one method) is served
"""

import argparse
import signal
import time
from concurrent import futures

import grpc
from google.protobuf import descriptor_pb2
from grpc_reflection.v1alpha import reflection_pb2 as r


EVIL_NAME = "evil.\x1b]0;pwned\x07Svc\u202e"


def file(name, deps=(), service=False):
    fd = descriptor_pb2.FileDescriptorProto(name=name, package="evil", syntax="proto3",
                                            dependency=list(deps))
    if service:
        msg = fd.message_type.add(name="Ping")
        msg.field.add(name="text", number=1, type=descriptor_pb2.FieldDescriptorProto.TYPE_STRING,
                      label=descriptor_pb2.FieldDescriptorProto.LABEL_OPTIONAL)
        svc = fd.service.add(name="Svc")
        svc.method.add(name="Echo", input_type=".evil.Ping", output_type=".evil.Ping")
    return fd.SerializeToString()


def other_file():
    fd = descriptor_pb2.FileDescriptorProto(name="evil/b.proto", package="evil", syntax="proto3",
                                            dependency=["evil/common.proto"])
    fd.service.add(name="Other")
    return fd.SerializeToString()


def files(*blobs):
    return r.ServerReflectionResponse(
        file_descriptor_response=r.FileDescriptorResponse(file_descriptor_proto=list(blobs)))


def error(code, message):
    return r.ServerReflectionResponse(
        error_response=r.ErrorResponse(error_code=code, error_message=message))


def info(requests, context):
    metadata = dict(context.invocation_metadata())
    scenario = metadata.get("x-scenario", "")
    if scenario == "auth" and metadata.get("authorization") != "Bearer sesame":
        context.abort(grpc.StatusCode.UNAUTHENTICATED, "missing credentials")
    for request in requests:
        kind = request.WhichOneof("message_request")
        if scenario == "silent":
            while context.is_active():
                time.sleep(0.05)
            return
        if scenario == "shared-import":
            if kind == "list_services":
                yield r.ServerReflectionResponse(list_services_response=r.ListServiceResponse(
                    service=[r.ServiceResponse(name="evil.Svc"), r.ServiceResponse(name="evil.Other")]))
            elif kind == "file_by_filename":
                yield files(file(request.file_by_filename))
            elif request.file_containing_symbol == "evil.Svc":
                yield files(file("evil/a.proto", ["evil/common.proto"], service=True))
            else:
                yield files(other_file())
        elif kind == "list_services" and scenario.startswith("escapes"):
            yield r.ServerReflectionResponse(list_services_response=r.ListServiceResponse(
                service=[r.ServiceResponse(name=EVIL_NAME)]))
        elif kind == "list_services":
            if scenario == "list-error":
                yield error(7, "no listing here")
            else:
                yield r.ServerReflectionResponse(list_services_response=r.ListServiceResponse(
                    service=[r.ServiceResponse(name="evil.Svc")]))
        elif scenario == "escapes-error":
            yield error(5, f"no \x1b[2J{request.file_containing_symbol}")
        elif scenario == "symbol-error":
            yield error(5, f"symbol not found: {request.file_containing_symbol}")
        elif scenario == "malformed":
            yield files(b"\xff\xff\xff")
        elif scenario == "cyclic":
            if kind == "file_containing_symbol":
                yield files(file("evil/a.proto", ["evil/b.proto"], service=True))
            else:
                yield files(file("evil/b.proto", ["evil/a.proto"]))
        elif scenario == "never-comes":
            yield files(file("evil/a.proto", ["evil/never.proto"], service=True))
        elif scenario == "huge":
            yield files(b"\x0a" + b"\x80\x80\x80\x32" + b"x" * (100 << 20))
        else:
            yield files(file("evil/a.proto", service=True))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    args = parser.parse_args()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    handler = grpc.stream_stream_rpc_method_handler(
        info, request_deserializer=r.ServerReflectionRequest.FromString,
        response_serializer=r.ServerReflectionResponse.SerializeToString)
    server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler(
        "grpc.reflection.v1.ServerReflection", {"ServerReflectionInfo": handler}),))
    port = server.add_insecure_port(f"127.0.0.1:{args.port}")
    server.start()
    signal.signal(signal.SIGTERM, lambda *_: server.stop(0))
    signal.signal(signal.SIGINT, lambda *_: server.stop(0))
    print(f"listening on 127.0.0.1:{port}", flush=True)
    server.wait_for_termination()


if __name__ == "__main__":
    main()
