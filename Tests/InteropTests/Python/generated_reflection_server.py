#!/usr/bin/env python3
"""A Python grpcio server that serves only reflection, for a generated schema of any size.

    python generated_reflection_server.py PORT [--services N] [--messages M] [--reflection v1alpha|both]

PORT 0 picks a free port; prints "listening on 127.0.0.1:PORT" once serving. The schema: one
gen/common.proto (message Common with an enum), and N files gen/sN.proto, each importing
common.proto and declaring M messages (fields of several kinds, one referring to Common, one to
the previous message) and a service gen.sN.ServiceN with one method of each kind. With the
defaults (200 services, 10 messages each) that is 2,000 message types: `make bench`'s discovery
workload. grpcio-reflection serves each file without its imports, so a client must ask for
gen/common.proto by name.
"""

import argparse
import signal
from concurrent import futures

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool
from grpc_reflection.v1alpha import reflection, reflection_pb2, reflection_pb2_grpc

F = descriptor_pb2.FieldDescriptorProto


def field(name, number, kind, type_name=None, repeated=False):
    f = F(name=name, number=number, type=kind,
          label=F.LABEL_REPEATED if repeated else F.LABEL_OPTIONAL)
    if type_name:
        f.type_name = type_name
    return f


def schema(services, messages):
    common = descriptor_pb2.FileDescriptorProto(name="gen/common.proto", package="gen.common",
                                                syntax="proto3")
    common.enum_type.add(name="Kind").value.extend([
        descriptor_pb2.EnumValueDescriptorProto(name="KIND_UNSPECIFIED", number=0),
        descriptor_pb2.EnumValueDescriptorProto(name="KIND_A", number=1)])
    msg = common.message_type.add(name="Common")
    msg.field.extend([field("id", 1, F.TYPE_STRING), field("kind", 2, F.TYPE_ENUM, ".gen.common.Kind")])
    files = [common]
    for s in range(services):
        package = f"gen.s{s}"
        fd = descriptor_pb2.FileDescriptorProto(name=f"gen/s{s}.proto", package=package,
                                                syntax="proto3", dependency=["gen/common.proto"])
        for m in range(messages):
            msg = fd.message_type.add(name=f"Message{m}")
            msg.field.extend([
                field("name", 1, F.TYPE_STRING),
                field("count", 2, F.TYPE_INT64),
                field("tags", 3, F.TYPE_STRING, repeated=True),
                field("common", 4, F.TYPE_MESSAGE, ".gen.common.Common"),
            ])
            if m > 0:
                msg.field.append(field("previous", 5, F.TYPE_MESSAGE, f".{package}.Message{m - 1}"))
        service = fd.service.add(name=f"Service{s}")
        last = f".{package}.Message{messages - 1}"
        first = f".{package}.Message0"
        for name, cs, ss in (("Get", False, False), ("Watch", False, True),
                             ("Upload", True, False), ("Chat", True, True)):
            service.method.add(name=name, input_type=first, output_type=last,
                               client_streaming=cs, server_streaming=ss)
        files.append(fd)
    return files


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("--services", type=int, default=200)
    parser.add_argument("--messages", type=int, default=10)
    parser.add_argument("--reflection", choices=["v1alpha", "both"], default="v1alpha")
    args = parser.parse_args()
    pool = descriptor_pool.DescriptorPool()
    files = schema(args.services, args.messages)
    for fd in files:
        pool.Add(fd)
    names = [f"gen.s{s}.Service{s}" for s in range(args.services)] + [reflection.SERVICE_NAME]
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    servicer = reflection.ReflectionServicer(names, pool=pool)
    reflection_pb2_grpc.add_ServerReflectionServicer_to_server(servicer, server)
    if args.reflection == "both":
        v1 = grpc.stream_stream_rpc_method_handler(
            servicer.ServerReflectionInfo,
            request_deserializer=reflection_pb2.ServerReflectionRequest.FromString,
            response_serializer=reflection_pb2.ServerReflectionResponse.SerializeToString)
        server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler(
            "grpc.reflection.v1.ServerReflection", {"ServerReflectionInfo": v1}),))
    port = server.add_insecure_port(f"127.0.0.1:{args.port}")
    server.start()
    signal.signal(signal.SIGTERM, lambda *_: server.stop(0))
    signal.signal(signal.SIGINT, lambda *_: server.stop(0))
    print(f"listening on 127.0.0.1:{port}", flush=True)
    server.wait_for_termination()


if __name__ == "__main__":
    main()
