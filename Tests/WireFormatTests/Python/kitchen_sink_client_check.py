#!/usr/bin/env python3
"""Calls each kitchensink.KitchenSink method once through Python grpcio, prints what came back and
checks it against the documented behaviour of kitchen_sink_server.py. Exit status 1 on a mismatch.

    python kitchen_sink_client_check.py [HOST:PORT] [--protoset FILE]

Without an address it starts kitchen_sink_server.py on a free port and stops it at the end.
"""

import argparse
import os
import subprocess
import sys

import grpc
from google.protobuf import json_format
from google.rpc import error_details_pb2
from grpc_status import rpc_status

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kitchen_sink_server import DEFAULT_PROTOSET, SERVICE, load_pool  # noqa: E402

from google.protobuf import message_factory  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("address", nargs="?")
    parser.add_argument("--protoset", default=DEFAULT_PROTOSET)
    args = parser.parse_args()
    pool = load_pool(args.protoset)

    def cls(name):
        return message_factory.GetMessageClass(pool.FindMessageTypeByName(name))

    Order, Receipt, Line = cls("kitchensink.Order"), cls("kitchensink.Receipt"), cls("kitchensink.Receipt.Line")

    def show(label, msg):
        print(f"{label}: {json_format.MessageToJson(msg, descriptor_pool=pool, indent=None)}")

    server = None
    address = args.address
    if address is None:
        server = subprocess.Popen([sys.executable, os.path.join(os.path.dirname(__file__), "kitchen_sink_server.py"),
                                   "0", "--protoset", args.protoset], stdout=subprocess.PIPE, text=True)
        line = server.stdout.readline().strip()
        if not line.startswith("listening on "):
            raise SystemExit(f"server said {line!r}")
        address = line.removeprefix("listening on ")
        print(f"started kitchen_sink_server.py: {line}")

    failures = []

    def check(label, condition):
        if not condition:
            failures.append(label)
            print(f"  MISMATCH: {label}")

    ada = json_format.Parse('{"id": "o-1", "customer": {"name": "Ada"}, "items": ['
                            '{"sku": "A", "quantity": 2, "unitPriceCents": "150"},'
                            '{"sku": "B", "quantity": 1, "unitPriceCents": "-25"}]}', Order())
    grace = json_format.Parse('{"id": "o-2", "items": [{"sku": "C", "quantity": 3, "unitPriceCents": "100"}]}',
                              Order())
    empty = Order(id="o-3")
    try:
        with grpc.insecure_channel(address) as channel:
            def stub(kind, method, response):
                return getattr(channel, kind)(f"/{SERVICE}/{method}", request_serializer=Order.SerializeToString,
                                              response_deserializer=response.FromString)

            r = stub("unary_unary", "Unary", Receipt)(ada, timeout=10)
            show("Unary", r)
            check("Unary", (r.order_id, r.item_count, r.total_cents, r.message, len(r.lines))
                  == ("o-1", 2, 275, "2 items for Ada", 2))

            lines = list(stub("unary_stream", "ServerStream", Line)(ada, timeout=10))
            for line in lines:
                show("ServerStream", line)
            check("ServerStream", [(l.index, l.sku, l.line_total_cents) for l in lines]
                  == [(0, "A", 300), (1, "B", -25)])

            r = stub("stream_unary", "ClientStream", Receipt)(iter([ada, grace, empty]), timeout=10)
            show("ClientStream", r)
            check("ClientStream", (r.order_id, r.item_count, r.total_cents, r.message,
                                   [l.index for l in r.lines]) == ("o-1+o-2+o-3", 3, 575, "3 orders", [0, 1, 2]))

            replies = list(stub("stream_stream", "Bidi", Receipt)(iter([ada, empty]), timeout=10))
            for reply in replies:
                show("Bidi", reply)
            check("Bidi", [(x.order_id, x.total_cents, x.outcome, x.message) for x in replies]
                  == [("o-1", 275, 1, "2 items for Ada"), ("o-3", 0, 4, "0 items for nobody")])

            try:
                stub("unary_unary", "Fail", Receipt)(ada, timeout=10)
                check("Fail: no error", False)
            except grpc.RpcError as error:
                status = rpc_status.from_call(error)
                print(f"Fail: {error.code().name} {error.details()!r}")
                check("Fail code", error.code() == grpc.StatusCode.INVALID_ARGUMENT
                      and error.details() == "order rejected" and status is not None)
                kinds = []
                for detail in status.details if status else []:
                    for kind in (error_details_pb2.BadRequest, error_details_pb2.ErrorInfo):
                        if detail.Is(kind.DESCRIPTOR):
                            unpacked = kind()
                            detail.Unpack(unpacked)
                            kinds.append(kind.DESCRIPTOR.full_name)
                            print(f"  detail {detail.type_url}: "
                                  f"{json_format.MessageToJson(unpacked, indent=None)}")
                check("Fail details", kinds == ["google.rpc.BadRequest", "google.rpc.ErrorInfo"])
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
    print("all five methods behave as documented" if not failures else f"FAILED: {failures}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
