"""Writes the codec fuzzer's seed corpus (Tests/WireFormatTests/Fuzz/seed) from Python protobuf.

Each seed is the CodecFuzzer input layout (CodecProperties in Sources/WireFormat): byte 0 is the
control byte, bit 7 clear for binary and set for JSON, bits 0-6 the index of the message type in
the sorted list of every message type (map entries excepted) of the kitchen-sink descriptor set
and the Greeter's; the rest is the message. Messages are the random ones the differential test's
oracle makes (Tests/WireFormatTests/Python/codec_oracle.py generate): for each type, COUNT
messages as Python protobuf's binary (`<type>-<n>.bin`) and json_format's JSON (`<type>-<n>.json`).

Usage (from the repository root; scripts/make-fuzz-seeds.sh runs it):
  .venv/bin/python tools/fuzz/make_codec_seeds.py [--count 3] [--out DIR]
"""

import argparse
import base64
import json
import pathlib
import subprocess
import sys
import tempfile

from google.protobuf import descriptor_pb2

ROOT = pathlib.Path(__file__).resolve().parents[2]
PROTOSETS = [
    ROOT / "Tests/WireFormatTests/Fixtures/kitchen_sink.protoset",
    ROOT / "Resources/helloworld.protoset",
]
ORACLE = ROOT / "Tests/WireFormatTests/Python/codec_oracle.py"
# The oracle's largest messages make seeds of many kilobytes; mutating those is slow.
MAX_SEED = 2048


def fuzz_types():
    """CodecProperties.types: every message but map entries, sorted by full name."""
    names = set()

    def walk(scope, messages):
        for m in messages:
            name = f"{scope}.{m.name}" if scope else m.name
            if not m.options.map_entry:
                names.add(name)
            walk(name, m.nested_type)

    for path in PROTOSETS:
        for f in descriptor_pb2.FileDescriptorSet.FromString(path.read_bytes()).file:
            walk(f.package, f.message_type)
    return sorted(names)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=3, help="messages per type")
    parser.add_argument("--out", default=str(ROOT / "Tests/WireFormatTests/Fuzz/seed"))
    args = parser.parse_args()
    types = fuzz_types()
    assert len(types) <= 128, "the control byte has 7 bits for the type"
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*"):
        old.unlink()
    written = 0
    with tempfile.TemporaryDirectory() as folder:
        lines = pathlib.Path(folder) / "messages.jsonl"
        # Both sets in one (a FileDescriptorSet's files are a repeated field: bytes concatenate).
        merged = pathlib.Path(folder) / "all.protoset"
        merged.write_bytes(b"".join(path.read_bytes() for path in PROTOSETS))
        # Several tries per type (seed 1, 2, …) so that the size cap still leaves COUNT each.
        kept = {name: 0 for name in types}
        for seed in range(1, 6):
            wanted = [name for name in types if kept[name] < args.count]
            if not wanted:
                break
            subprocess.run(
                [sys.executable, str(ORACLE), "generate", "--protoset", str(merged),
                 "--count", str(len(wanted) * args.count), "--seed", str(seed),
                 "--types", ",".join(wanted), "--out", str(lines)],
                check=True)
            for line in lines.read_text(encoding="utf-8").splitlines():
                message = json.loads(line)
                name = message["type"]
                binary = base64.b64decode(message["binary"])
                text = message["json"].encode("utf-8")
                if kept[name] >= args.count or max(len(binary), len(text)) > MAX_SEED:
                    continue
                index = types.index(name)
                stem = f"{name}-{kept[name]}"
                (out / f"{stem}.bin").write_bytes(bytes([index]) + binary)
                (out / f"{stem}.json").write_bytes(bytes([0x80 | index]) + text)
                kept[name] += 1
                written += 2
    # JSON the oracle does not write: several values back to back (parseSequence), escapes,
    # number forms, and `null`s.
    extra = {
        "helloworld.HelloRequest": [
            '{"name":"Ada"} {"name":"Grace"}\n{"name":"\\u00e9\\ud83d\\ude00\\n"}',
        ],
        "kitchensink.Scalars": [
            '{"fInt32":1e3,"fInt64":"-9223372036854775808","fUint64":18446744073709551615,'
            '"fDouble":-0.0,"fFloat":"Infinity","fBytes":"-_8=","fBool":null,"f_sint32":"-7"}',
        ],
        "google.protobuf.Value": [
            '[null,1.5e-300,{"a":[[],{}]},"x",true]',
        ],
    }
    for name, texts in extra.items():
        if name not in types:
            continue
        for number, text in enumerate(texts):
            path = out / f"{name}-extra-{number}.json"
            path.write_bytes(bytes([0x80 | types.index(name)]) + text.encode("utf-8"))
            written += 1
    short = [name for name in types if kept[name] < args.count]
    print(f"make_codec_seeds: {written} seeds for {len(types)} types in {out}"
          + (f" (fewer for {', '.join(short)})" if short else ""), file=sys.stderr)


if __name__ == "__main__":
    main()
