#!/usr/bin/env python3
"""A Python grpcio server for kitchensink.KitchenSink (Tests/WireFormatTests/Fixtures/kitchen_sink.proto).

    python kitchen_sink_server.py PORT [--protoset FILE] [--reflection off|v1alpha|both] [--health]

PORT 0 picks a free port. Listens on 127.0.0.1 only and prints "listening on 127.0.0.1:PORT"
(flushed) once serving; SIGTERM or SIGINT stops it. No generated _pb2 code: the message classes
come from the descriptor set (default: ../Fixtures/kitchen_sink.protoset) through a DescriptorPool
and message_factory, and the handlers are registered with grpc.method_handlers_generic_handler.

Behaviour, deterministic (a function of the requests only):
  Unary(Order) -> Receipt          receipt(order): order_id = order.id, item_count = len(items),
                                   one Line per item (index from 0, sku, line_total_cents =
                                   quantity * unit_price_cents), total_cents = sum of the lines,
                                   outcome = OUTCOME_ACCEPTED (OUTCOME_PARTIAL for no items),
                                   message = "<n> item(s) for <customer.name or nobody>" ("1 item
                                   for Ada", "0 items for nobody").
                                   Sums saturate at the int64 bounds.
  ServerStream(Order) -> stream Receipt.Line
                                   the Lines of receipt(order), one message each, in item order
                                   (none for an order without items).
  ClientStream(stream Order) -> Receipt
                                   every order summed: order_id = the ids joined with "+",
                                   item_count and total_cents summed, lines concatenated (indices
                                   continue across orders), outcome as above,
                                   message = "<k> order(s)" ("1 order", "3 orders").
  Bidi(stream Order) -> stream Receipt
                                   receipt(order) for each order, sent as soon as it arrives.
  Fail(Order) -> Receipt           always fails: INVALID_ARGUMENT, "order rejected", and a
                                   grpc-status-details-bin trailer holding a google.rpc.Status
                                   whose details are a google.rpc.BadRequest (two field
                                   violations) and a google.rpc.ErrorInfo (reason ORDER_REJECTED,
                                   domain kitchensink.greeter-tui.test, metadata order_id and
                                   item_count).

--reflection v1alpha serves grpcio-reflection's servicer (it knows only v1alpha); --reflection both
also answers v1 with the same servicer (the two packages' messages are the same on the wire).
--health serves grpcio-health-checking's servicer, SERVING for "" and the KitchenSink.
"""

import argparse
import os
import signal
import sys
from concurrent import futures

import grpc
from google.protobuf import any_pb2, descriptor_pb2, descriptor_pool, message_factory
from google.rpc import code_pb2, error_details_pb2, status_pb2
from grpc_status import rpc_status

SERVICE = "kitchensink.KitchenSink"
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_PROTOSET = os.path.join(HERE, "..", "Fixtures", "kitchen_sink.protoset")
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def load_pool(path):
    with open(path, "rb") as f:
        fds = descriptor_pb2.FileDescriptorSet.FromString(f.read())
    pool = descriptor_pool.DescriptorPool()
    added, pending = set(), list(fds.file)
    while pending:
        ready = [p for p in pending if all(d in added for d in p.dependency)]
        if not ready:
            raise SystemExit(f"{path}: unresolved imports in {[p.name for p in pending]}")
        for p in ready:
            pool.Add(p)
            added.add(p.name)
            pending.remove(p)
    return pool


def saturate(value):
    return max(INT64_MIN, min(INT64_MAX, value))


class KitchenSink:
    def __init__(self, pool):
        self.pool = pool
        self.Receipt = message_factory.GetMessageClass(pool.FindMessageTypeByName("kitchensink.Receipt"))
        self.Line = message_factory.GetMessageClass(pool.FindMessageTypeByName("kitchensink.Receipt.Line"))
        outcome = pool.FindEnumTypeByName("kitchensink.Receipt.Outcome")
        self.ACCEPTED = outcome.values_by_name["OUTCOME_ACCEPTED"].number
        self.PARTIAL = outcome.values_by_name["OUTCOME_PARTIAL"].number

    def lines(self, order, first_index=0):
        result = []
        for i, item in enumerate(order.items):
            result.append(self.Line(index=first_index + i, sku=item.sku,
                                    line_total_cents=saturate(item.quantity * item.unit_price_cents)))
        return result

    def receipt(self, order_ids, lines, message):
        receipt = self.Receipt(order_id="+".join(order_ids), item_count=len(lines),
                               total_cents=saturate(sum(l.line_total_cents for l in lines)),
                               outcome=self.ACCEPTED if lines else self.PARTIAL, message=message)
        receipt.lines.extend(lines)
        return receipt

    # --- the five methods

    def Unary(self, order, context):
        # The request's own x- headers come back in the trailers, as echo-x-…: what a client
        # set is seen to arrive.
        context.set_trailing_metadata(tuple(
            ("echo-" + key, value) for key, value in context.invocation_metadata()
            if key.startswith("x-")))
        n = len(order.items)
        return self.receipt([order.id], self.lines(order),
                            f"{n} item{'' if n == 1 else 's'} for {order.customer.name or 'nobody'}")

    def ServerStream(self, order, context):
        yield from self.lines(order)

    def ClientStream(self, orders, context):
        ids, lines = [], []
        for order in orders:
            ids.append(order.id)
            lines.extend(self.lines(order, len(lines)))
        k = len(ids)
        return self.receipt(ids, lines, f"{k} order{'' if k == 1 else 's'}")

    def Bidi(self, orders, context):
        for order in orders:
            yield self.Unary(order, context)

    def Fail(self, order, context):
        bad_request = error_details_pb2.BadRequest(field_violations=[
            error_details_pb2.BadRequest.FieldViolation(
                field="items[0].quantity", description="must be at least 1"),
            error_details_pb2.BadRequest.FieldViolation(
                field="customer.email", description="is not an email address"),
        ])
        error_info = error_details_pb2.ErrorInfo(
            reason="ORDER_REJECTED", domain="kitchensink.greeter-tui.test",
            metadata={"order_id": order.id, "item_count": str(len(order.items))})
        details = []
        for detail in (bad_request, error_info):
            packed = any_pb2.Any()
            packed.Pack(detail)
            details.append(packed)
        status = status_pb2.Status(code=code_pb2.INVALID_ARGUMENT, message="order rejected",
                                   details=details)
        context.abort_with_status(rpc_status.to_status(status))


def generic_handler(pool, impl):
    service = pool.FindServiceByName(SERVICE)
    handlers = {}
    for method in service.methods:
        request = message_factory.GetMessageClass(method.input_type)
        response = message_factory.GetMessageClass(method.output_type)
        factory = {
            (False, False): grpc.unary_unary_rpc_method_handler,
            (False, True): grpc.unary_stream_rpc_method_handler,
            (True, False): grpc.stream_unary_rpc_method_handler,
            (True, True): grpc.stream_stream_rpc_method_handler,
        }[(method.client_streaming, method.server_streaming)]
        handlers[method.name] = factory(getattr(impl, method.name),
                                        request_deserializer=request.FromString,
                                        response_serializer=response.SerializeToString)
    return grpc.method_handlers_generic_handler(SERVICE, handlers)


def main():
    parser = argparse.ArgumentParser(description="kitchensink.KitchenSink on 127.0.0.1")
    parser.add_argument("port", type=int, help="0 picks a free port")
    parser.add_argument("--protoset", default=DEFAULT_PROTOSET)
    parser.add_argument("--reflection", choices=["off", "v1alpha", "both"], default="off")
    parser.add_argument("--health", action="store_true")
    args = parser.parse_args()
    pool = load_pool(args.protoset)
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    server.add_generic_rpc_handlers((generic_handler(pool, KitchenSink(pool)),))
    names = [SERVICE]
    if args.health:
        from grpc_health.v1 import health, health_pb2, health_pb2_grpc
        servicer = health.HealthServicer()
        servicer.set("", health_pb2.HealthCheckResponse.SERVING)
        servicer.set(SERVICE, health_pb2.HealthCheckResponse.SERVING)
        health_pb2_grpc.add_HealthServicer_to_server(servicer, server)
        names.append(health.SERVICE_NAME)
    if args.reflection != "off":
        from grpc_reflection.v1alpha import reflection, reflection_pb2
        names.append(reflection.SERVICE_NAME)
        if args.reflection == "both":
            names.append("grpc.reflection.v1.ServerReflection")
        servicer = reflection.ReflectionServicer(names, pool=pool)
        reflection_pb2_grpc = __import__(
            "grpc_reflection.v1alpha.reflection_pb2_grpc", fromlist=["x"])
        reflection_pb2_grpc.add_ServerReflectionServicer_to_server(servicer, server)
        if args.reflection == "both":
            v1 = grpc.stream_stream_rpc_method_handler(
                servicer.ServerReflectionInfo,
                request_deserializer=reflection_pb2.ServerReflectionRequest.FromString,
                response_serializer=reflection_pb2.ServerReflectionResponse.SerializeToString)
            server.add_generic_rpc_handlers((grpc.method_handlers_generic_handler(
                "grpc.reflection.v1.ServerReflection", {"ServerReflectionInfo": v1}),))
    port = server.add_insecure_port(f"127.0.0.1:{args.port}")
    if port == 0:
        raise SystemExit(f"cannot listen on 127.0.0.1:{args.port}")
    server.start()
    signal.signal(signal.SIGTERM, lambda *_: server.stop(0))
    signal.signal(signal.SIGINT, lambda *_: server.stop(0))
    print(f"listening on 127.0.0.1:{port}", flush=True)
    server.wait_for_termination()


if __name__ == "__main__":
    main()
