#!/usr/bin/env python3
"""Python's reflection and health clients against a server, for DiscoveryTests.

    python reflection_health_client.py HOST:PORT

Prints one JSON object: the services grpcio-reflection's ProtoReflectionDescriptorDatabase lists
(v1alpha), helloworld.Greeter's methods with their types and HelloRequest's fields as its
DescriptorPool resolves them, the services a raw grpc.reflection.v1 stream lists, and the status
grpcio-health-checking's client gets for "" and for helloworld.Greeter.
"""

import json
import sys

import grpc
from google.protobuf.descriptor_pool import DescriptorPool
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2 as r
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import (
    ProtoReflectionDescriptorDatabase,
)


def main():
    with grpc.insecure_channel(sys.argv[1]) as channel:
        database = ProtoReflectionDescriptorDatabase(channel)
        pool = DescriptorPool(database)
        greeter = pool.FindServiceByName("helloworld.Greeter")
        request = pool.FindMessageTypeByName("helloworld.HelloRequest")
        # v1, raw: the v1alpha messages are the same on the wire.
        v1 = channel.stream_stream(
            "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
            request_serializer=r.ServerReflectionRequest.SerializeToString,
            response_deserializer=r.ServerReflectionResponse.FromString)
        answers = list(v1(iter([r.ServerReflectionRequest(list_services="")]), timeout=10))
        health = health_pb2_grpc.HealthStub(channel)
        print(json.dumps({
            "services": sorted(database.get_services()),
            "methods": [[m.name, m.input_type.full_name, m.output_type.full_name,
                         m.client_streaming, m.server_streaming] for m in greeter.methods],
            "request_fields": [f.name for f in request.fields],
            "v1_services": sorted(s.name for s in answers[0].list_services_response.service),
            "health": health_pb2.HealthCheckResponse.ServingStatus.Name(
                health.Check(health_pb2.HealthCheckRequest(service=""), timeout=10).status),
            "health_greeter": health_pb2.HealthCheckResponse.ServingStatus.Name(
                health.Check(health_pb2.HealthCheckRequest(service="helloworld.Greeter"),
                             timeout=10).status),
        }))


if __name__ == "__main__":
    main()
