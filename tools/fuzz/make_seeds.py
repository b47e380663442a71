"""Writes the decoder fuzzer's seed corpus from real encoders (run by scripts/make-fuzz-seeds.sh).

Seeds, in the fuzzer's input layout (tools/fuzz/README.md):
- nio-*: the frames of `greeter-tui call --embedded --json` (swift-nio-http2 client, grpc-swift-2
  server), one seed per call;
- grpcio-*: the bytes of Python grpcio clients talking to a Python grpcio server and to
  `greeter-tui serve`, recorded by a TCP relay as each side wrote them (HPACK with Huffman codes
  and dynamic table references, PINGs, gzip-compressed messages, an UNIMPLEMENTED status);
- proto-*: protobuf messages encoded by Python protobuf (HelloRequest, HelloReply, fuzz.Node from
  tools/fuzz/node.proto, and the Greeter's descriptor set).

Usage: make_seeds.py --binary PATH/greeter-tui --out DIR
"""

import argparse
import importlib
import json
import pathlib
import socket
import subprocess
import sys
import tempfile
import threading
from concurrent import futures

import grpc
from grpc_tools import protoc

ROOT = pathlib.Path(__file__).resolve().parents[2]
PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"

# Byte 0 of a seed: records, client preface fed by the fuzzer, Greeter schema.
RECORDS = 0x00
# Byte 0 of a protobuf seed: mirror, whole, no preface, so the connection stops at once and the
# protobuf decoders see the message.
PROTOBUF = 0xFF


def records(chunks, control=RECORDS):
    """The fuzzer's records layout: [dir bit | length ≤ 127][bytes]… after the control byte."""
    out = bytearray([control])
    for direction, data in chunks:
        for start in range(0, len(data), 127):
            piece = data[start : start + 127]
            out.append((0x80 if direction == "in" else 0) | len(piece))
            out += piece
    return bytes(out)


def strip_preface(chunks):
    """The chunks without the client preface the outbound direction starts with: the fuzzer feeds
    it itself, so mutations are not spent on it."""
    remaining = len(PREFACE)
    seen = b""
    result = []
    for direction, data in chunks:
        if direction == "out" and remaining:
            take = min(remaining, len(data))
            seen += data[:take]
            data = data[take:]
            remaining -= take
        if data:
            result.append((direction, data))
    if seen != PREFACE:
        sys.exit(f"the outbound bytes do not start with the client preface: {seen!r}")
    return result


# --- greeter-tui call --json --------------------------------------------------------------------


def nio_calls(binary):
    calls = {
        "nio-SayHello": ["SayHello", "Ada"],
        "nio-SayHelloAgain": ["SayHelloAgain", "Ada"],
        "nio-SayHelloStreamReply": ["SayHelloStreamReply", "Ada"],
        "nio-SayHelloBidiStream": ["SayHelloBidiStream", "Ada", "Grace"],
        "nio-SayHello-metadata-deadline": [
            "-H", "x-request-id:42", "-H", "trace-bin:AAECAwQ=", "--deadline", "10",
            "SayHello", "Zoë 한국어",
        ],
        "nio-SayHelloStreamReply-max-receive": ["--max-receive", "4", "SayHelloStreamReply", "Ada"],
    }
    seeds = {}
    for name, arguments in calls.items():
        run = subprocess.run(
            [binary, "call", "--embedded", "--json", *arguments],
            capture_output=True, timeout=60, check=False,
        )
        try:
            document = json.loads(run.stdout)
        except json.JSONDecodeError:
            sys.exit(f"{name}: exit {run.returncode}, no JSON: {run.stderr.decode()[-500:]}")
        chunks = [(frame["dir"], bytes.fromhex(frame["hex"])) for frame in document["frames"]]
        seeds[name] = records(strip_preface(chunks))
    return seeds


# --- grpcio through a recording relay -----------------------------------------------------------


class Relay:
    """Accepts connections on a free port and relays each to `upstream`, recording every chunk
    each side wrote, in the order they arrived."""

    def __init__(self, upstream):
        self.upstream = upstream
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connections = []
        self.threads = []
        self.lock = threading.Lock()
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            chunks = []
            with self.lock:
                self.connections.append(chunks)
            for source, sink, direction in ((client, server, "out"), (server, client, "in")):
                thread = threading.Thread(
                    target=self.pump, args=(source, sink, direction, chunks), daemon=True
                )
                thread.start()
                self.threads.append(thread)

    def pump(self, source, sink, direction, chunks):
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                data = b""
            if not data:
                try:
                    sink.shutdown(socket.SHUT_WR)
                except OSError:
                    pass
                return
            with self.lock:
                chunks.append((direction, data))
            sink.sendall(data)

    def finish(self):
        for thread in self.threads:
            thread.join(timeout=10)
        self.listener.close()
        with self.lock:
            return [list(chunks) for chunks in self.connections if chunks]


def generate_python_modules(directory):
    arguments = [
        "protoc", f"-I{ROOT / 'protos'}", f"-I{ROOT / 'tools' / 'fuzz'}",
        f"--python_out={directory}", f"--grpc_python_out={directory}",
        str(ROOT / "protos" / "helloworld.proto"), str(ROOT / "tools" / "fuzz" / "node.proto"),
    ]
    if protoc.main(arguments) != 0:
        sys.exit("grpc_tools.protoc failed")
    sys.path.insert(0, str(directory))
    return (
        importlib.import_module("helloworld_pb2"),
        importlib.import_module("helloworld_pb2_grpc"),
        importlib.import_module("node_pb2"),
    )


def python_server(pb2, pb2_grpc):
    class Greeter(pb2_grpc.GreeterServicer):
        def SayHello(self, request, context):
            return pb2.HelloReply(message=f"Hello, {request.name}!")

        def SayHelloAgain(self, request, context):
            return pb2.HelloReply(message=f"Hello again, {request.name}!")

        def SayHelloStreamReply(self, request, context):
            for n in range(1, 4):
                yield pb2.HelloReply(message=f"Hello, {request.name}! ({n}/3)")

        def SayHelloBidiStream(self, request_iterator, context):
            for request in request_iterator:
                yield pb2.HelloReply(message=f"Hello, {request.name}!")

    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    pb2_grpc.add_GreeterServicer_to_server(Greeter(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    return server, port


def swift_server(binary):
    process = subprocess.Popen(
        [binary, "serve", "--port", "0"], stdout=subprocess.PIPE, text=True
    )
    line = process.stdout.readline().strip()
    if not line.startswith("listening on "):
        process.kill()
        sys.exit(f"greeter-tui serve said {line!r}")
    return process, int(line.rsplit(":", 1)[1])


def record(port, pb2, pb2_grpc, calls, compression=None, metadata=()):
    """Runs `calls(stub)` on one grpcio channel through a relay; returns its connections. A call
    that ends with an error status is recorded too (its trailers carry grpc-message)."""
    relay = Relay(("127.0.0.1", port))
    options = [("grpc.enable_http_proxy", 0), ("grpc.primary_user_agent", "fuzz-seeds")]
    with grpc.insecure_channel(
        f"127.0.0.1:{relay.port}", options=options, compression=compression
    ) as channel:
        try:
            calls(pb2_grpc.GreeterStub(channel), pb2, list(metadata))
        except grpc.RpcError as error:
            print(f"(recorded a call that ended {error.code().name})", file=sys.stderr)
    return relay.finish()


def all_four(stub, pb2, metadata):
    stub.SayHello(pb2.HelloRequest(name="Ada"), metadata=metadata, timeout=10)
    stub.SayHelloAgain(pb2.HelloRequest(name="Ada"), metadata=metadata, timeout=10)
    list(stub.SayHelloStreamReply(pb2.HelloRequest(name="Ada"), metadata=metadata, timeout=10))
    requests = iter([pb2.HelloRequest(name="Ada"), pb2.HelloRequest(name="Grace")])
    list(stub.SayHelloBidiStream(requests, metadata=metadata, timeout=10))


def unary(stub, pb2, metadata):
    stub.SayHello(pb2.HelloRequest(name="Ada"), metadata=metadata, timeout=10)


def bidi(stub, pb2, metadata):
    names = ["Ada", "Grace", "Zoë", "ŁŁ" * 40]
    list(stub.SayHelloBidiStream(
        (pb2.HelloRequest(name=name) for name in names), metadata=metadata, timeout=10))


def grpcio_seeds(binary, pb2, pb2_grpc):
    seeds = {}
    metadata = [("x-request-id", "42"), ("trace-bin", b"\x00\x01\x02\x03\x04")]

    def keep(name, connections):
        for number, chunks in enumerate(connections):
            suffix = "" if len(connections) == 1 else f"-{number + 1}"
            seeds[name + suffix] = records(strip_preface(chunks))

    server, port = python_server(pb2, pb2_grpc)
    try:
        keep("grpcio-py-all-methods", record(port, pb2, pb2_grpc, all_four))
        keep("grpcio-py-SayHello-metadata", record(port, pb2, pb2_grpc, unary, metadata=metadata))
        keep(
            "grpcio-py-bidi-gzip",
            record(port, pb2, pb2_grpc, bidi, compression=grpc.Compression.Gzip),
        )
    finally:
        server.stop(None)

    process, port = swift_server(binary)
    try:
        keep("grpcio-swift-all-methods", record(port, pb2, pb2_grpc, all_four))
        keep(
            "grpcio-swift-SayHello-gzip-unimplemented",
            record(port, pb2, pb2_grpc, unary, compression=grpc.Compression.Gzip,
                   metadata=metadata),
        )
    finally:
        process.terminate()
        process.wait(timeout=10)
    return seeds


# --- protobuf messages --------------------------------------------------------------------------


def protobuf_seeds(pb2, node_pb2):
    Node = node_pb2.Node
    deep = Node(name="leaf")
    for depth in range(20):
        deep = Node(name=f"level {depth}", child=deep, number=depth)
    every = Node(
        name="Ada", data=b"\x00\xff\x10binary", number=-1, real=3.25, small=0xDEADBEEF,
        signed=-1234567890123, request=pb2.HelloRequest(name="Grace"),
        leaf=Node.Leaf(text="t", value=2**64 - 1), flag=True,
        children=[Node(name="first"), Node(data=b"\x08\x96\x01"), Node(child=Node(name="x"))],
    )
    messages = {
        "proto-HelloRequest": pb2.HelloRequest(name="Ada").SerializeToString(),
        "proto-HelloReply": pb2.HelloReply(message="Hello, Ada!").SerializeToString(),
        "proto-Node-every-field": every.SerializeToString(),
        "proto-Node-deep": deep.SerializeToString(),
        "proto-descriptor-set": (ROOT / "Resources" / "helloworld.protoset").read_bytes(),
    }
    return {name: bytes([PROTOBUF]) + data for name, data in messages.items()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--out", required=True)
    arguments = parser.parse_args()
    out = pathlib.Path(arguments.out)

    with tempfile.TemporaryDirectory() as directory:
        pb2, pb2_grpc, node_pb2 = generate_python_modules(pathlib.Path(directory))
        seeds = nio_calls(arguments.binary)
        seeds.update(grpcio_seeds(arguments.binary, pb2, pb2_grpc))
        seeds.update(protobuf_seeds(pb2, node_pb2))

    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.bin"):
        old.unlink()
    for name, data in sorted(seeds.items()):
        (out / f"{name}.bin").write_bytes(data)
        print(f"{len(data):6d}  {name}.bin")
    print(f"{len(seeds)} seeds, {sum(map(len, seeds.values()))} bytes in {out}")


if __name__ == "__main__":
    main()
