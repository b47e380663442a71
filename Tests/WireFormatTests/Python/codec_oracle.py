#!/usr/bin/env python3
"""The independent oracle of the dynamic codec's differential test: Python protobuf (upb).

Message classes come from a DescriptorPool built from a FileDescriptorSet (no generated _pb2 code);
JSON goes through google.protobuf.json_format. Input and output are JSON Lines (one object per line,
split on "\\n" only; the lines we write are pure ASCII, non-ASCII escaped).

  generate --protoset FILE --count N --seed S [--types T1,T2,...] [--ascii mixed|always|never] --out FILE
      N random messages, seeded (random.Random(S)), reproducible; types round-robin (default: every
      message type of the kitchensink files but map entries). Each line:
        {"type": "kitchensink.Order", "binary": base64(canonical bytes),
         "json": json_format.MessageToJson(msg, descriptor_pool=pool, indent=2, sort_keys=True,
                                           ensure_ascii=...)}
      canonical bytes: SerializeToString(deterministic=True) with map entries re-sorted by key
      (C++/Java/Go order), since upb's deterministic map order is not key order (Canonicalizer).
      sort_keys: upb iterates maps in a per-process hash order, so without it the JSON (not the
      binary) would differ from run to run. --ascii sets ensure_ascii: "mixed" (default) picks per
      message (seeded), so both \\uXXXX escapes (incl. surrogate pairs) and raw UTF-8 are tested.
  verify --protoset FILE --in FILE
      Lines {"type", "expected_binary": base64, "binary": base64 (ours), "json": string (ours)}.
      A = parse(expected_binary), B = parse(binary), C = json_format.Parse(json); counts
      binary identical (bytes == expected bytes), binary equal (B == A), json equal (C == A), with a
      NaN-aware, Any-unpacking, unknown-field-checking comparison. Prints up to 10 failures, then
      "oracle: N messages: binary identical X, binary equal Y, json equal Z". Exit 1 on any failure.
  json-to-binary --protoset FILE --in FILE
      Lines {"type", "json"} -> {"ok": true, "binary": base64 (canonical bytes)} or
      {"ok": false, "error": "..."}.

FILE may be "-" for stdin/stdout.
"""

import argparse
import base64
import json
import math
import random
import struct
import sys
import time

from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory
from google.protobuf import unknown_fields
from google.protobuf.descriptor import FieldDescriptor as FD

KITCHEN_SINK_FILES = ("kitchen_sink.proto", "kitchen_sink_legacy.proto")
MAX_DEPTH = 3  # message nesting below the top-level message (0); leaf WKTs are exempt

# --- schema -----------------------------------------------------------------------------------


class Schema:
    def __init__(self, protoset_path):
        with open(protoset_path, "rb") as f:
            fds = descriptor_pb2.FileDescriptorSet.FromString(f.read())
        self.pool = descriptor_pool.DescriptorPool()
        self.proto3_optional = set()
        added, pending = set(), list(fds.file)
        while pending:  # dependency order, whatever order the set has
            progress = False
            for fdp in list(pending):
                if all(dep in added for dep in fdp.dependency):
                    self.pool.Add(fdp)
                    added.add(fdp.name)
                    pending.remove(fdp)
                    progress = True
                    self._collect_optional(fdp.package, fdp.message_type)
            if not progress:
                missing = {d for p in pending for d in p.dependency if d not in added}
                raise SystemExit(f"protoset: missing imports {sorted(missing)}")
        self.files = [f.name for f in fds.file]
        self._classes = {}

    def _collect_optional(self, scope, messages):
        for m in messages:
            name = f"{scope}.{m.name}" if scope else m.name
            for f in m.field:
                if f.proto3_optional:
                    self.proto3_optional.add(f"{name}.{f.name}")
            self._collect_optional(name, m.nested_type)

    def message_class(self, full_name):
        cls = self._classes.get(full_name)
        if cls is None:
            cls = message_factory.GetMessageClass(self.pool.FindMessageTypeByName(full_name))
            self._classes[full_name] = cls
        return cls

    def kitchen_sink_types(self):
        names = []

        def walk(desc):
            if desc.GetOptions().map_entry:
                return
            names.append(desc.full_name)
            for nested in desc.nested_types:
                walk(nested)

        for file_name in KITCHEN_SINK_FILES:
            if file_name in self.files:
                for desc in self.pool.FindFileByName(file_name).message_types_by_name.values():
                    walk(desc)
        return names


# --- random values ----------------------------------------------------------------------------


def f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


INT32_EDGES = [0, 1, -1, 2**31 - 1, -(2**31), 127, 128, -128, -129, 2**14, 2**21, 2**28, -(2**28)]
INT64_EDGES = INT32_EDGES + [2**63 - 1, -(2**63), 2**53, 2**53 + 1, 2**53 - 1, -(2**53 + 1),
                             -(2**53 - 1), 2**32, 2**31, -(2**31) - 1, 2**56, 10**18]
UINT32_EDGES = [0, 1, 2**32 - 1, 2**31, 2**31 - 1, 127, 128, 2**28]
UINT64_EDGES = UINT32_EDGES + [2**64 - 1, 2**63, 2**63 - 1, 2**53 + 1, 2**53 - 1, 2**53, 2**32,
                               10**19]
FLOAT_MAX = 3.4028234663852886e38
# Not FLOAT_MAX itself in float fields: json_format prints it as 3.4028235e+38 (shortest float32
# form, correct) and then rejects that as "Float value too large" (it compares the double), so
# Python cannot read back its own output. The largest float32 below it is safe.
FLOAT_EDGES = [0.0, -0.0, math.inf, -math.inf, math.nan, 1.0, -1.0, 0.5, f32(0.1), f32(1 / 3),
               3.4028232635611926e38, -3.4028232635611926e38, 1.401298464324817e-45, -1.401298464324817e-45,
               1.1754943508222875e-38, 1.1754942106924411e-38, 16777216.0, 16777218.0,
               f32(1e10), f32(123.456), f32(-2.5e-7), f32(9.999999e37)]
DOUBLE_EDGES = [0.0, -0.0, math.inf, -math.inf, math.nan, 1.0, -1.0, 0.1, 1 / 3, 5e-324, -5e-324,
                2.2250738585072014e-308, 2.225073858507201e-308, 1.7976931348623157e308,
                -1.7976931348623157e308, float(2**53), float(2**53 - 1), -float(2**53), 1e21, 1e20,
                1e-7, 1e-6, 123456789012345680.0, 0.30000000000000004, FLOAT_MAX, 100.0, 1e300,
                4.35, 2.5e-8]
FINITE_DOUBLE_EDGES = [x for x in DOUBLE_EDGES if math.isfinite(x)]
STRING_PIECES = [
    "hello", "Ada", "Grace Hopper", " ", "", "안녕하세요", "한국어 텍스트", "😀", "👩‍👩‍👧‍👦",
    "👍🏽", "🇰🇷", "e\u0301", "\u00e9", "\u0000", "\u001b[31m", "\u0001", "\u001f", "\u007f",
    "\u0085", '"', "\\", '\\"', "/", "</script>", "\u2028", "\u2029", "\t", "\n", "\r\n", "\ufeff",
    "\uffff", "\ufffd", "\U0010ffff", "𝄞", "<>&'", "{}[]", "\ud7ff", "\ue000", "日本語", "x" * 50,
]
ASCII = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-.,:;!?"
LOWER = "abcdefghijklmnopqrstuvwxyz"
LOWER_DIGITS = LOWER + "0123456789"
TIMESTAMP_MIN, TIMESTAMP_MAX = -62135596800, 253402300799
DURATION_MAX = 315576000000
NANOS_MAX = 999999999

WKT_ANY_TARGETS = ["google.protobuf.Duration", "google.protobuf.Struct", "google.protobuf.Value",
                   "google.protobuf.Timestamp", "google.protobuf.FieldMask",
                   "google.protobuf.ListValue", "google.protobuf.Int64Value",
                   "google.protobuf.StringValue", "google.protobuf.BytesValue",
                   "google.protobuf.Empty", "google.protobuf.Any"]
LEAF_WKTS = {"google.protobuf.Timestamp", "google.protobuf.Duration", "google.protobuf.FieldMask",
             "google.protobuf.Empty", "google.protobuf.DoubleValue", "google.protobuf.FloatValue",
             "google.protobuf.Int64Value", "google.protobuf.UInt64Value",
             "google.protobuf.Int32Value", "google.protobuf.UInt32Value",
             "google.protobuf.BoolValue", "google.protobuf.StringValue",
             "google.protobuf.BytesValue"}


class Generator:
    def __init__(self, schema, rng, any_targets):
        self.schema = schema
        self.rng = rng
        self.any_targets = any_targets
        self._plans = {}
        self._content_needed = set()
        self._wkt = {
            "google.protobuf.Timestamp": self._timestamp,
            "google.protobuf.Duration": self._duration,
            "google.protobuf.FieldMask": self._field_mask,
            "google.protobuf.Struct": self._struct,
            "google.protobuf.Value": self._value,
            "google.protobuf.ListValue": self._list_value,
            "google.protobuf.Any": self._any,
        }

    # A per-descriptor plan: (field, kind, extra) once, so generation does no descriptor walks.
    def _plan(self, desc):
        plan = self._plans.get(desc.full_name)
        if plan is not None:
            return plan
        fields, oneofs = [], []
        for f in desc.fields:
            synthetic = f"{desc.full_name}.{f.name}" in self.schema.proto3_optional
            if f.containing_oneof is not None and not synthetic:
                continue
            fields.append(self._field_plan(f))
        for o in desc.oneofs:
            members = [self._field_plan(f) for f in o.fields
                       if f"{desc.full_name}.{f.name}" not in self.schema.proto3_optional]
            if members:
                oneofs.append(members)
        plan = (fields, oneofs)
        self._plans[desc.full_name] = plan
        return plan

    def _field_plan(self, f):
        is_map = f.type == FD.TYPE_MESSAGE and f.message_type.GetOptions().map_entry
        if is_map:
            return ("map", f.name, self._field_plan(f.message_type.fields_by_name["key"]),
                    self._field_plan(f.message_type.fields_by_name["value"]), f)
        repeated = f.is_repeated
        required = f.is_required
        if f.type == FD.TYPE_MESSAGE:
            return ("repeated_message" if repeated else "message", f.name, f.message_type,
                    required, f)
        enum = None
        if f.type == FD.TYPE_ENUM:
            numbers = sorted({v.number for v in f.enum_type.values})
            # Unknown numbers only where both the enum and the field are open (proto3 file, open
            # enum); NullValue is printed as null whatever its number, so it gets none.
            open_enum = (not f.enum_type.is_closed and f.file.name != "kitchen_sink_legacy.proto"
                         and f.enum_type.full_name != "google.protobuf.NullValue")
            enum = (numbers, open_enum)
        declared = f.default_value if f.has_default_value else None  # proto2 [default = ...]
        if f.type == FD.TYPE_FLOAT and declared is not None and abs(declared) == FLOAT_MAX:
            declared = None  # see FLOAT_MAX: json_format cannot read its own output for it
        return ("repeated_scalar" if repeated else "scalar", f.name, f.type, required, enum,
                declared)

    # --- scalars

    def scalar(self, ftype, enum):
        r = self.rng
        if ftype in (FD.TYPE_INT32, FD.TYPE_SINT32, FD.TYPE_SFIXED32):
            return r.choice(INT32_EDGES) if r.random() < 0.3 else self._int(31, True)
        if ftype in (FD.TYPE_INT64, FD.TYPE_SINT64, FD.TYPE_SFIXED64):
            return r.choice(INT64_EDGES) if r.random() < 0.3 else self._int(63, True)
        if ftype in (FD.TYPE_UINT32, FD.TYPE_FIXED32):
            return r.choice(UINT32_EDGES) if r.random() < 0.3 else self._int(32, False)
        if ftype in (FD.TYPE_UINT64, FD.TYPE_FIXED64):
            return r.choice(UINT64_EDGES) if r.random() < 0.3 else self._int(64, False)
        if ftype == FD.TYPE_BOOL:
            return r.random() < 0.5
        if ftype == FD.TYPE_STRING:
            return self.string()
        if ftype == FD.TYPE_BYTES:
            return r.randbytes(r.randint(0, 40))
        if ftype == FD.TYPE_DOUBLE:
            return self.double(finite=False)
        if ftype == FD.TYPE_FLOAT:
            return self.float32()
        if ftype == FD.TYPE_ENUM:
            numbers, open_enum = enum
            if open_enum and r.random() < 0.15:
                while True:
                    n = r.choice([3, 4, 6, 99, 12345, -5, -1000, 2**31 - 1, -(2**31)])
                    if n not in numbers:
                        return n
            return r.choice(numbers)
        raise ValueError(f"unexpected field type {ftype}")

    def _int(self, bits, signed):
        r = self.rng
        v = r.getrandbits(r.randint(0, bits))
        return -v - (1 if r.random() < 0.1 else 0) if signed and r.random() < 0.4 else v

    def double(self, finite):
        r = self.rng
        c = r.random()
        if c < 0.3:
            return r.choice(FINITE_DOUBLE_EDGES if finite else DOUBLE_EDGES)
        if c < 0.5:
            while True:
                v = struct.unpack("<d", r.getrandbits(64).to_bytes(8, "little"))[0]
                if math.isfinite(v):
                    return v
        if c < 0.7:
            return round(r.uniform(-1e4, 1e4), r.randint(0, 3))
        if c < 0.8:
            return float(r.randint(-(2**60), 2**60))
        return r.uniform(-1, 1) * 10.0 ** r.randint(-30, 30)

    def float32(self):
        r = self.rng
        c = r.random()
        if c < 0.35:
            return r.choice(FLOAT_EDGES)
        if c < 0.55:
            while True:
                v = struct.unpack("<f", r.getrandbits(32).to_bytes(4, "little"))[0]
                if not math.isnan(v):
                    return v
        if c < 0.8:
            return f32(round(r.uniform(-1e4, 1e4), r.randint(0, 3)))
        return f32(r.uniform(-1, 1) * 10.0 ** r.randint(-37, 37))

    def string(self):
        r = self.rng
        parts = []
        for _ in range(r.randint(0, 5)):
            if r.random() < 0.45:
                parts.append("".join(r.choice(ASCII) for _ in range(r.randint(1, 12))))
            else:
                parts.append(r.choice(STRING_PIECES))
        return "".join(parts)

    # --- messages

    def message(self, full_name, depth=0):
        msg = self.schema.message_class(full_name)()
        self.fill(msg, msg.DESCRIPTOR, depth)
        return msg

    def fill(self, msg, desc, depth):
        special = self._wkt.get(desc.full_name)
        if special is not None:
            special(msg, depth)
            return
        r = self.rng
        fields, oneofs = self._plan(desc)
        for p in fields:
            kind = p[0]
            if kind == "map":
                if r.random() < 0.5:
                    self._fill_map(msg, p, depth)
            elif kind == "repeated_scalar":
                if r.random() < 0.5:
                    getattr(msg, p[1]).extend(self.scalar(p[2], p[4])
                                              for _ in range(r.choice((0, 1, 1, 2, 3, 4))))
            elif kind == "repeated_message":
                if r.random() < 0.5 and self._can_nest(p[2], depth):
                    container = getattr(msg, p[1])
                    for _ in range(r.choice((0, 1, 1, 2, 3, 4))):
                        self.fill(container.add(), p[2], depth + 1)
            else:
                self._fill_singular(msg, p, depth, p[3])
        for members in oneofs:
            c = r.random()
            if c < 0.8:
                self._fill_singular(msg, r.choice(members), depth, True)

    def _needs_content(self, desc):
        if desc.full_name not in self._content_needed:
            if desc.full_name == "google.protobuf.Value" or any(f.is_required for f in desc.fields):
                self._content_needed.add(desc.full_name)
        return self._content_needed

    def _can_nest(self, desc, depth):
        return depth < MAX_DEPTH or desc.full_name in LEAF_WKTS

    def _fill_singular(self, msg, p, depth, force):
        r = self.rng
        c = r.uniform(0.35, 1.0) if force else r.random()  # forced: default or random, never unset
        if c < 0.35:
            return  # unset
        default = c < 0.5
        if p[0] == "message":
            if not self._can_nest(p[2], depth):
                return
            sub = getattr(msg, p[1])
            sub.SetInParent()
            # An empty Value is no value at all (printed null, parsed back as null_value), and a
            # proto2 message with required fields must have them: those are always filled.
            if not default or p[2].full_name in self._needs_content(p[2]):
                self.fill(sub, p[2], depth + 1)
        else:
            ftype, enum = p[2], p[4]
            if default and p[5] is not None and r.random() < 0.5:
                value = p[5]  # set explicitly to the declared default: present, so serialized
            elif default:
                value = (0.0 if ftype in (FD.TYPE_DOUBLE, FD.TYPE_FLOAT) else
                         False if ftype == FD.TYPE_BOOL else "" if ftype == FD.TYPE_STRING else
                         b"" if ftype == FD.TYPE_BYTES else
                         (0 if 0 in enum[0] else enum[0][0]) if ftype == FD.TYPE_ENUM else 0)
            else:
                value = self.scalar(ftype, enum)
            setattr(msg, p[1], value)

    def _fill_map(self, msg, p, depth):
        r = self.rng
        _, name, key_plan, value_plan, _ = p
        container = getattr(msg, name)
        for _ in range(r.choice((0, 1, 2, 3))):
            key = self.scalar(key_plan[2], None) if r.random() < 0.85 else \
                ("" if key_plan[2] == FD.TYPE_STRING else False if key_plan[2] == FD.TYPE_BOOL else 0)
            if value_plan[0] == "message":
                if not self._can_nest(value_plan[2], depth):
                    return
                sub = container[key]
                if r.random() < 0.85 or value_plan[2].full_name in self._needs_content(value_plan[2]):
                    self.fill(sub, value_plan[2], depth + 1)
            else:
                container[key] = self.scalar(value_plan[2], value_plan[4])

    # --- well-known types (valid per the JSON mapping)

    def _nanos(self):
        r = self.rng
        precision = r.randint(0, 3)
        if precision == 0:
            return 0
        if precision == 1:
            return r.randint(0, 999) * 1000000
        if precision == 2:
            return r.randint(0, 999999) * 1000
        return r.randint(0, NANOS_MAX)

    def _timestamp(self, msg, depth):
        r = self.rng
        c = r.random()
        if c < 0.1:
            msg.seconds, msg.nanos = r.choice([(TIMESTAMP_MIN, 0), (TIMESTAMP_MAX, NANOS_MAX),
                                               (0, 0), (-1, 500000000), (0, 1), (951782400, 0)])
        else:
            msg.seconds = r.randint(TIMESTAMP_MIN, TIMESTAMP_MAX) if c < 0.6 else \
                r.randint(0, 4102444800)
            msg.nanos = self._nanos()

    def _duration(self, msg, depth):
        r = self.rng
        c = r.random()
        if c < 0.1:
            seconds, nanos = r.choice([(DURATION_MAX, NANOS_MAX), (-DURATION_MAX, -NANOS_MAX),
                                       (0, 0), (0, -1), (0, 1), (-1, -500000000), (3, 250000000)])
        else:
            seconds = r.randint(-DURATION_MAX, DURATION_MAX) if c < 0.5 else r.randint(-100000, 100000)
            nanos = self._nanos()
            if seconds < 0 or (seconds == 0 and r.random() < 0.5):
                nanos = -nanos
        msg.seconds, msg.nanos = seconds, nanos

    def _path_segment(self):
        r = self.rng
        words = []
        for i in range(r.randint(1, 3)):
            words.append(r.choice(LOWER) + "".join(r.choice(LOWER_DIGITS)
                                                    for _ in range(r.randint(0, 6))))
        return "_".join(words)

    def _field_mask(self, msg, depth):
        r = self.rng
        for _ in range(r.randint(0, 3)):
            msg.paths.append(".".join(self._path_segment() for _ in range(r.randint(1, 3))))

    def _json_value(self, value, depth):
        r = self.rng
        kinds = ["null", "number", "string", "bool"]
        if depth < MAX_DEPTH:
            kinds += ["struct", "list"]
        kind = r.choice(kinds)
        if kind == "null":
            value.null_value = 0
        elif kind == "number":
            value.number_value = self.double(finite=True)
        elif kind == "string":
            value.string_value = self.string()
        elif kind == "bool":
            value.bool_value = r.random() < 0.5
        elif kind == "struct":  # SetInParent: an empty struct or list still sets the kind
            value.struct_value.SetInParent()
            self._struct(value.struct_value, depth + 1)
        else:
            value.list_value.SetInParent()
            self._list_value(value.list_value, depth + 1)

    def _value(self, msg, depth):
        self._json_value(msg, depth)

    def _struct(self, msg, depth):
        for _ in range(self.rng.randint(0, 3)):
            self._json_value(msg.fields[self.string()], depth)

    def _list_value(self, msg, depth):
        for _ in range(self.rng.randint(0, 3)):
            self._json_value(msg.values.add(), depth)

    def _any(self, msg, depth):
        r = self.rng
        if r.random() < 0.05:
            return  # the empty Any, printed as {}
        targets = self.any_targets if r.random() < 0.6 else WKT_ANY_TARGETS
        name = r.choice(targets)
        if name == "google.protobuf.Any" and depth >= MAX_DEPTH:
            name = "google.protobuf.Duration"
        inner = self.schema.message_class(name)()
        self.fill(inner, inner.DESCRIPTOR, depth + 1)
        if name == "google.protobuf.Value" and inner.WhichOneof("kind") is None:
            inner.null_value = 0
        msg.Pack(inner, deterministic=True)


# --- canonical bytes --------------------------------------------------------------------------


def _varint(b, i):
    value = shift = 0
    while True:
        x = b[i]
        i += 1
        value |= (x & 0x7F) << shift
        if x < 0x80:
            return value, i
        shift += 7


def _skip(b, i, wire_type):
    if wire_type == 0:
        return _varint(b, i)[1]
    if wire_type == 1:
        return i + 8
    if wire_type == 5:
        return i + 4
    if wire_type == 2:
        length, i = _varint(b, i)
        return i + length
    raise ValueError(f"unexpected wire type {wire_type}")


_SIGNED_VARINT = (FD.TYPE_INT32, FD.TYPE_INT64)
_ZIGZAG = (FD.TYPE_SINT32, FD.TYPE_SINT64)
_FIXED = {FD.TYPE_FIXED32: "<I", FD.TYPE_FIXED64: "<Q", FD.TYPE_SFIXED32: "<i",
          FD.TYPE_SFIXED64: "<q"}


class Canonicalizer:
    """SerializeToString(deterministic=True), with map entries sorted by key the way C++, Java, Go
    and the pure-Python implementation order them (signed/unsigned numeric order, false < true,
    strings by UTF-8 bytes), also inside Any.value.

    upb's "deterministic" order is stable but odd: integer keys in descending unsigned order
    (-1, -100, INT_MAX, 5, 0), strings with a prefix after its extensions ("ab0", "ab", "a", "").
    Sorting entries only permutes bytes inside each message, so no length prefix changes."""

    def __init__(self, schema):
        self.schema = schema

    def bytes(self, msg):
        b = bytearray(msg.SerializeToString(deterministic=True))
        self._message(b, 0, len(b), msg.DESCRIPTOR)
        return bytes(b)

    def _message(self, b, start, end, desc):
        i = start
        groups = {}  # map field number -> [(key, entry bytes)], [first, last] byte range
        any_value = type_url = None
        fields = desc.fields_by_number
        while i < end:
            entry_start = i
            tag, i = _varint(b, i)
            number, wire_type = tag >> 3, tag & 7
            if wire_type != 2:
                i = _skip(b, i, wire_type)
                continue
            length, i = _varint(b, i)
            payload, i = i, i + length
            if desc.full_name == "google.protobuf.Any":
                if number == 1:
                    type_url = bytes(b[payload:i]).decode("utf-8", "replace")
                elif number == 2:
                    any_value = (payload, i)
                continue
            f = fields.get(number)
            if f is None or f.type != FD.TYPE_MESSAGE:
                continue
            self._message(b, payload, i, f.message_type)
            if f.message_type.GetOptions().map_entry:
                entries, span = groups.setdefault(number, ([], [entry_start, i]))
                span[1] = i
                key = self._map_key(b, payload, i, f.message_type.fields_by_number[1])
                entries.append((key, bytes(b[entry_start:i])))
        for entries, (first, last) in groups.values():
            if sum(len(e) for _, e in entries) != last - first:
                raise ValueError(f"{desc.full_name}: map entries are not contiguous")
            b[first:last] = b"".join(e for _, e in sorted(entries, key=lambda kv: kv[0]))
        if any_value is not None and type_url:
            try:
                inner = self.schema.pool.FindMessageTypeByName(type_url.rsplit("/", 1)[-1])
            except KeyError:
                return
            self._message(b, any_value[0], any_value[1], inner)

    def _map_key(self, b, start, end, key_field):
        i = start
        t = key_field.type
        while i < end:
            tag, i = _varint(b, i)
            if tag >> 3 != 1:
                i = _skip(b, i, tag & 7)
                continue
            if t == FD.TYPE_STRING:
                length, i = _varint(b, i)
                return bytes(b[i:i + length])
            if t in _FIXED:
                size = 4 if _FIXED[t] in ("<I", "<i") else 8
                return struct.unpack(_FIXED[t], bytes(b[i:i + size]))[0]
            v, i = _varint(b, i)
            if t in _SIGNED_VARINT:
                return v - (1 << 64) if v >= 1 << 63 else v
            if t in _ZIGZAG:
                return (v >> 1) ^ -(v & 1)
            return v  # uint32, uint64, bool
        return b"" if t == FD.TYPE_STRING else 0


# --- comparison -------------------------------------------------------------------------------


def same_float(a, b):
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return struct.pack("<d", a) == struct.pack("<d", b)  # tells 0.0 from -0.0


class Comparator:
    """Finds the first difference between two messages of one type; None when equal.

    NaN equals NaN (any payload), -0.0 differs from 0.0, Any is compared by its unpacked message
    (its value bytes may legally differ in map order), unknown fields count."""

    def __init__(self, schema):
        self.schema = schema

    def equal_fast(self, a, b):
        return a.SerializeToString(deterministic=True) == b.SerializeToString(deterministic=True)

    def diff(self, a, b):
        if self.equal_fast(a, b):
            return None
        return self._diff_message(a, b, a.DESCRIPTOR, "")

    def _diff_message(self, a, b, desc, path):
        if desc.full_name == "google.protobuf.Any":
            d = self._diff_any(a, b, path)
            if d is not None or a.type_url:
                return d
        for f in desc.fields:
            fpath = f"{path}.{f.name}" if path else f.name
            va, vb = getattr(a, f.name), getattr(b, f.name)
            if f.type == FD.TYPE_MESSAGE and f.message_type.GetOptions().map_entry:
                vf = f.message_type.fields_by_name["value"]
                if set(va.keys()) != set(vb.keys()):
                    return f"{fpath}: keys {sorted(va.keys(), key=repr)} vs {sorted(vb.keys(), key=repr)}"
                for k in va:
                    d = self._diff_value(va[k], vb[k], vf, f"{fpath}[{k!r}]")
                    if d:
                        return d
            elif f.is_repeated:
                if len(va) != len(vb):
                    return f"{fpath}: {len(va)} elements vs {len(vb)}"
                for i, (x, y) in enumerate(zip(va, vb)):
                    d = self._diff_value(x, y, f, f"{fpath}[{i}]")
                    if d:
                        return d
            else:
                if f.has_presence and a.HasField(f.name) != b.HasField(f.name):
                    return f"{fpath}: present {a.HasField(f.name)} vs {b.HasField(f.name)}"
                d = self._diff_value(va, vb, f, fpath)
                if d:
                    return d
        ua, ub = unknown_fields.UnknownFieldSet(a), unknown_fields.UnknownFieldSet(b)
        if len(ua) != len(ub) or any(
                (x.field_number, x.wire_type, x.data) != (y.field_number, y.wire_type, y.data)
                for x, y in zip(ua, ub)):
            return f"{path or '(message)'}: unknown fields differ ({len(ua)} vs {len(ub)})"
        return None

    def _diff_any(self, a, b, path):
        p = f"{path}." if path else ""
        if a.type_url != b.type_url:
            return f"{p}type_url: {a.type_url!r} vs {b.type_url!r}"
        if a.value == b.value or not a.type_url:
            return None if a.value == b.value else f"{p}value: bytes differ"
        try:
            cls = self.schema.message_class(a.type_url.rsplit("/", 1)[-1])
            ia, ib = cls.FromString(a.value), cls.FromString(b.value)
        except Exception as e:  # unresolvable or unparsable: only the bytes can decide
            return f"{p}value: bytes differ ({e})"
        if self.equal_fast(ia, ib):
            return None
        return self._diff_message(ia, ib, ia.DESCRIPTOR, f"{p}value<{ia.DESCRIPTOR.full_name}>") \
            or None

    def _diff_value(self, x, y, f, path):
        if f.type == FD.TYPE_MESSAGE:
            if self.equal_fast(x, y):
                return None
            return self._diff_message(x, y, f.message_type, path)
        if f.type in (FD.TYPE_DOUBLE, FD.TYPE_FLOAT):
            return None if same_float(x, y) else f"{path}: {x!r} vs {y!r}"
        return None if x == y and type(x) is type(y) else f"{path}: {x!r} vs {y!r}"


# --- commands ---------------------------------------------------------------------------------


def read_lines(path):
    data = sys.stdin.buffer.read() if path == "-" else open(path, "rb").read()
    for number, raw in enumerate(data.split(b"\n"), 1):
        if raw.strip():
            yield number, json.loads(raw.decode("utf-8"))


def open_out(path):
    return sys.stdout if path == "-" else open(path, "w", encoding="utf-8", newline="\n")


def command_generate(args):
    schema = Schema(args.protoset)
    types = args.types.split(",") if args.types else schema.kitchen_sink_types()
    for t in types:
        schema.message_class(t)  # fails early on an unknown name
    rng = random.Random(args.seed)
    gen = Generator(schema, rng, schema.kitchen_sink_types())
    canonical = Canonicalizer(schema)
    pool = schema.pool
    start = time.perf_counter()
    with open_out(args.out) as out:
        for i in range(args.count):
            msg = gen.message(types[i % len(types)])
            ensure_ascii = {"always": True, "never": False}.get(args.ascii, rng.random() < 0.5)
            line = {
                "type": msg.DESCRIPTOR.full_name,
                "binary": base64.b64encode(canonical.bytes(msg)).decode(),
                "json": json_format.MessageToJson(msg, descriptor_pool=pool, indent=2,
                                                  ensure_ascii=ensure_ascii, sort_keys=True),
            }
            out.write(json.dumps(line) + "\n")
    print(f"oracle: generated {args.count} messages of {len(types)} types (seed {args.seed}) "
          f"in {time.perf_counter() - start:.2f}s", file=sys.stderr)
    return 0


def first_difference(x, y):
    for i, (p, q) in enumerate(zip(x, y)):
        if p != q:
            return i
    return min(len(x), len(y)) if len(x) != len(y) else None


def render(msg, pool):
    try:
        text = json_format.MessageToJson(msg, descriptor_pool=pool, indent=2)
    except Exception as e:  # e.g. an invalid Timestamp: fall back to the text format
        text = f"(json_format failed: {e})\n{msg}"
    return text if len(text) <= 4000 else text[:4000] + "\n… (truncated)"


def command_verify(args):
    schema = Schema(args.protoset)
    pool = schema.pool
    cmp = Comparator(schema)
    total = identical = binary_equal = json_equal = 0
    failures = []
    start = time.perf_counter()
    for number, line in read_lines(args.input):
        total += 1
        problems = []
        try:
            cls = schema.message_class(line["type"])
        except Exception as e:
            failures.append((number, line.get("type"), [f"unknown type: {e}"], None, None, None,
                             None))
            continue
        expected = base64.b64decode(line["expected_binary"])
        a = cls.FromString(expected)
        ours = None
        b = c = None
        try:
            ours = base64.b64decode(line["binary"], validate=True)
        except Exception as e:
            problems.append(f"binary: not base64 ({e})")
        if ours is not None:
            if ours == expected:
                identical += 1
            else:
                off = first_difference(ours, expected)
                problems.append(f"binary: not identical (first differing byte at offset {off}; "
                                f"ours {len(ours)} bytes, expected {len(expected)}; from offset "
                                f"{max(0, off - 4)}: ours {ours[max(0, off - 4):off + 12].hex(' ')}"
                                f" | expected {expected[max(0, off - 4):off + 12].hex(' ')})")
            try:
                b = cls.FromString(ours)
                d = cmp.diff(a, b)
                if d is None:
                    binary_equal += 1
                else:
                    problems.append(f"binary: parses to a different message: {d}")
            except Exception as e:
                problems.append(f"binary: Python cannot parse it: {e}")
        try:
            c = cls()
            json_format.Parse(line["json"], c, descriptor_pool=pool)
            d = cmp.diff(a, c)
            if d is None:
                json_equal += 1
            else:
                problems.append(f"json: parses to a different message: {d}")
        except Exception as e:
            c = None
            problems.append(f"json: Python rejects it: {e}")
        if problems:
            failures.append((number, line["type"], problems, a, b, c, line["json"]))
    for number, type_name, problems, a, b, c, our_json in failures[:10]:
        print(f"--- line {number}: {type_name}")
        for p in problems:
            print(f"  {p}")
        if a is not None:
            print("  expected (json_format of the expected binary):")
            print("    " + render(a, pool).replace("\n", "\n    "))
        if b is not None and any(p.startswith("binary: parses") for p in problems):
            print("  ours, binary (json_format of what Python parsed):")
            print("    " + render(b, pool).replace("\n", "\n    "))
        if any(p.startswith("json") for p in problems):
            if c is not None:
                print("  ours, json (json_format of what Python parsed):")
                print("    " + render(c, pool).replace("\n", "\n    "))
            print("  ours, json as sent:")
            print("    " + (our_json or "")[:4000].replace("\n", "\n    "))
    if len(failures) > 10:
        print(f"--- {len(failures) - 10} more failing messages not shown")
    print(f"oracle: verified in {time.perf_counter() - start:.2f}s")
    print(f"oracle: {total} messages: binary identical {identical}, binary equal {binary_equal}, "
          f"json equal {json_equal}", flush=True)  # always the last line
    ok = not failures and total > 0 and identical == binary_equal == json_equal == total
    return 0 if ok else 1


def command_json_to_binary(args):
    schema = Schema(args.protoset)
    canonical = Canonicalizer(schema)
    out = sys.stdout
    for _, line in read_lines(args.input):
        try:
            msg = schema.message_class(line["type"])()
            json_format.Parse(line["json"], msg, descriptor_pool=schema.pool)
            result = {"ok": True, "binary": base64.b64encode(canonical.bytes(msg)).decode()}
        except Exception as e:
            result = {"ok": False, "error": f"{type(e).__name__}: {e}"}
        out.write(json.dumps(result) + "\n")
    out.flush()
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("generate", help="random messages: binary and json_format JSON")
    g.add_argument("--protoset", required=True)
    g.add_argument("--count", type=int, required=True)
    g.add_argument("--seed", type=int, required=True)
    g.add_argument("--types", default="")
    g.add_argument("--ascii", choices=("mixed", "always", "never"), default="mixed")
    g.add_argument("--out", required=True)
    v = sub.add_parser("verify", help="check our binary and JSON against the expected messages")
    v.add_argument("--protoset", required=True)
    v.add_argument("--in", dest="input", required=True)
    j = sub.add_parser("json-to-binary", help="json_format.Parse each line's JSON")
    j.add_argument("--protoset", required=True)
    j.add_argument("--in", dest="input", required=True)
    args = parser.parse_args()
    handler = {"generate": command_generate, "verify": command_verify,
               "json-to-binary": command_json_to_binary}[args.command]
    sys.exit(handler(args))


if __name__ == "__main__":
    main()
