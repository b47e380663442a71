import GreeterProtos
import SwiftProtobuf
import WireFormat

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// libFuzzer's entry point for the passive decoder: one input drives a `ConnectionDecoder` over
// both directions of a connection, `ProtobufDecoder` without and with a schema, and the text of
// every decoded frame. The input layout is in tools/fuzz/README.md; the seed corpus
// (Tests/WireTests/Fuzz/seed, made by scripts/make-fuzz-seeds.sh) is written in it.
//
// Byte 0 says how to read the rest:
//   bits 0-1  how the rest becomes chunks and directions:
//             0 records: [h][h & 0x7F bytes]…, h & 0x80 set = inbound (the seeds' layout)
//             1 split: 2 bytes big-endian K, then the first K bytes are outbound and the others
//               inbound, fed in turns of `chunk` bytes
//             2 alternate: `chunk`-byte pieces, outbound, inbound, outbound, …
//             3 mirror: `chunk`-byte pieces, each fed outbound and then inbound
//   bits 2-5  c: chunk = c + 1 bytes, or everything at once when c = 15
//   bits 6-7  0: the client preface is fed outbound first, Greeter schema
//             1: preface, no schema
//             2: preface, Greeter schema, bodies over 8 bytes not kept
//             3: no preface (the outbound bytes must bring their own), Greeter schema
// The rest is also decoded as one protobuf message (no schema; HelloRequest, HelloReply and the
// recursive fuzz.Node), with byte spans in `chunk`-byte pieces 9 bytes apart like DATA frames.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let input = UnsafeBufferPointer(start: data, count: size)
  guard let control = input.first else { return 0 }
  let rest = Array(input.dropFirst())
  let setup = control >> 6
  let c = Int((control >> 2) & 0xF)
  let chunk = c == 15 ? Int.max : c + 1

  var plan = Plan()
  switch control & 3 {
  case 0:
    var index = 0
    while index < rest.count {
      let header = rest[index]
      index += 1
      let count = min(Int(header & 0x7F), rest.count - index)
      plan.add(rest[index..<(index + count)], header & 0x80 != 0 ? .inbound : .outbound)
      index += count
    }
  case 1:
    guard rest.count >= 2 else { break }
    let body = rest[2...]
    let split = body.startIndex + min(Int(rest[0]) << 8 | Int(rest[1]), body.count)
    var outbound = pieces(body[..<split], chunk)[...]
    var inbound = pieces(body[split...], chunk)[...]
    while !outbound.isEmpty || !inbound.isEmpty {
      if let piece = outbound.popFirst() { plan.add(piece, .outbound) }
      if let piece = inbound.popFirst() { plan.add(piece, .inbound) }
    }
  case 2:
    for (number, piece) in pieces(rest[...], chunk).enumerated() {
      plan.add(piece, number % 2 == 0 ? .outbound : .inbound)
    }
  default:
    for piece in pieces(rest[...], chunk) {
      plan.add(piece, .outbound)
      plan.add(piece, .inbound)
    }
  }

  var limits = ConnectionDecoder.Limits()
  if setup == 2 { limits.maxKeptMessageBody = 8 }
  var connection = Connection(
    decoder: ConnectionDecoder(limits: limits), catalog: setup == 1 ? nil : fuzzCatalog)
  if setup != 3 { connection.feed(ConnectionDecoder.clientPreface[...], .outbound) }
  for (direction, range) in plan.feeds {
    connection.feed(plan.streams[direction, default: []][range], direction)
  }

  // The whole rest as one message, its bytes spread over the stream like DATA frames' payloads.
  var spans: ByteSpans = []
  var start = 0
  for piece in pieces(rest[...], chunk) {
    spans.append(start..<(start + piece.count))
    start += piece.count + 9
  }
  let bounds = 0..<start
  if let fields = ProtobufDecoder().decode(rest, spans: spans) { render(fields, within: bounds) }
  let withSchema = ProtobufDecoder(catalog: fuzzCatalog)
  for type in ["helloworld.HelloRequest", "helloworld.HelloReply", "fuzz.Node"] {
    if let fields = withSchema.decode(rest, spans: spans, messageType: type) {
      render(fields, within: bounds)
    }
  }
  return 0
}

// SwiftPM links an executable target with `main` renamed to `<module>_main` (`--defsym
// main=DecoderFuzzer_main` on Linux, so that tests can link executables); that hides libFuzzer's
// own `main`. This entry point is that symbol and starts libFuzzer's driver, which takes the same
// arguments as libFuzzer's `main` would.
@_cdecl("DecoderFuzzer_main")
public func entryPoint(
  _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
) -> CInt {
  var argc = argc
  var argv = argv
  return runFuzzerDriver(&argc, &argv, fuzz)
}

/// `int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *, size_t))`,
/// in libFuzzer (linked by `-sanitize=fuzzer`).
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(
  _ argc: UnsafeMutablePointer<CInt>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
  _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// What to feed: each direction's bytes, and the pieces in the order they are fed.
private struct Plan {
  var streams: [Direction: [UInt8]] = [:]
  var feeds: [(Direction, Range<Int>)] = []

  mutating func add(_ piece: ArraySlice<UInt8>, _ direction: Direction) {
    let start = streams[direction, default: []].count
    streams[direction, default: []] += piece
    feeds.append((direction, start..<(start + piece.count)))
  }
}

/// One connection's decoder and the checks on what it says.
private struct Connection {
  var decoder: ConnectionDecoder
  /// Names the fields of the frames' messages, as the explorer does when it shows them.
  var catalog: Catalog?
  /// Bytes fed so far in each direction: every span the decoder reports must lie before that.
  var fed: [Direction: Int] = [:]

  mutating func feed(_ bytes: ArraySlice<UInt8>, _ direction: Direction) {
    fed[direction, default: 0] += bytes.count
    for item in decoder.feed(bytes, direction: direction) {
      switch item {
      case .frame(let frame):
        check(frame, fedSoFar: fed[direction, default: 0], catalog: catalog)
      case .error(let error): consume(error.description)
      }
    }
  }
}

/// Renders every string a frame list and a detail pane would show, and checks that the spans
/// lie within the bytes seen; a frame's own bytes must be as long as its header says.
private func check(_ frame: DecodedFrame, fedSoFar: Int, catalog: Catalog?) {
  consume(frame.summary(in: catalog))
  consume(frame.typeName)
  for flag in frame.flagNames { consume(flag) }
  expect(frame.span.upperBound <= fedSoFar, "frame \(frame.span) past byte \(fedSoFar)")
  if let header = frame.header {
    expect(
      frame.bytes.count == FrameHeader.size + Int(header.length),
      "\(frame.typeName) of \(frame.bytes.count) bytes, header says \(header.length)")
  }
  let within = frame.span
  switch frame.payload {
  case .headers(let headers), .continuation(let headers), .pushPromise(_, let headers):
    expect(within.contains(headers.fragmentSpan), "fragment outside its frame")
    for entry in headers.block?.entries ?? [] {
      switch entry {
      case .field(let field):
        consume(field.name)
        consume(field.value)
        consume(field.representation.summary)
        expect(field.spans.allSatisfy { $0.upperBound <= within.upperBound }, "field span")
      case .tableSizeUpdate(_, let spans):
        expect(spans.allSatisfy { $0.upperBound <= within.upperBound }, "size update span")
      }
    }
    if let error = headers.block?.error { consume(error) }
  case .data(let data):
    expect(within.contains(data.dataSpan), "data outside its frame")
    guard case .grpc(let messages, _) = data.content else { break }
    for message in messages {
      let all = message.prefixSpans + message.bodySpans
      expect(all.allSatisfy { $0.upperBound <= within.upperBound }, "message span")
      if let fields = message.fields(in: catalog, direction: frame.direction) {
        render(fields, within: 0..<within.upperBound)
      }
      if let body = message.body,
        let fields = ProtobufDecoder().decode(body, spans: message.bodySpans)
      {
        render(fields, within: 0..<within.upperBound)
      }
    }
  default:
    break
  }
}

private func render(_ fields: [ProtobufField], within bounds: Range<Int>) {
  for field in fields {
    consume(field.shortDescription)
    expect(
      field.spans.allSatisfy { bounds.contains($0) }, "field \(field.number) \(field.spans)")
    if case .message(let nested) = field.value { render(nested, within: bounds) }
  }
}

/// `bytes` in pieces of `size` (the last one shorter).
private func pieces(_ bytes: ArraySlice<UInt8>, _ size: Int) -> [ArraySlice<UInt8>] {
  var result: [ArraySlice<UInt8>] = []
  var start = bytes.startIndex
  while start < bytes.endIndex {
    let end = start + min(size, bytes.endIndex - start)
    result.append(bytes[start..<end])
    start = end
  }
  return result
}

/// What the decoder says is wrong is a finding: crash with the reason, libFuzzer keeps the input.
private func expect(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
  if !condition() { fatalError("decoder invariant: \(message())") }
}

/// Keeps the optimizer from dropping the text the fuzzer means to build.
nonisolated(unsafe) private var consumed = 0
private func consume(_ text: String) { consumed &+= text.utf8.count }

extension Range where Bound == Int {
  fileprivate func contains(_ other: Range<Int>) -> Bool {
    other.isEmpty || (lowerBound <= other.lowerBound && other.upperBound <= upperBound)
  }
}

/// The Greeter's messages plus `fuzz.Node` (tools/fuzz/node.proto): strings, bytes, every scalar
/// wire type, a nested type, a type from another file and recursion, so schema-guided decoding
/// reaches its depth limit. (A catalog refuses a type it lacks, so no field names one.)
private let fuzzCatalog: Catalog = {
  typealias Field = Google_Protobuf_FieldDescriptorProto
  func field(_ name: String, _ number: Int32, _ type: Field.TypeEnum, _ typeName: String = "")
    -> Field
  {
    Field.with {
      $0.name = name
      $0.number = number
      $0.type = type
      $0.label = name == "children" ? .repeated : .optional
      if !typeName.isEmpty { $0.typeName = typeName }
    }
  }
  let file = Google_Protobuf_FileDescriptorProto.with {
    $0.name = "node.proto"
    $0.package = "fuzz"
    $0.syntax = "proto3"
    $0.dependency = ["helloworld.proto"]
    $0.messageType = [
      .with {
        $0.name = "Node"
        $0.field = [
          field("name", 1, .string),
          field("data", 2, .bytes),
          field("child", 3, .message, ".fuzz.Node"),
          field("children", 4, .message, ".fuzz.Node"),
          field("number", 5, .int32),
          field("real", 6, .double),
          field("small", 7, .fixed32),
          field("signed", 8, .sint64),
          field("request", 9, .message, ".helloworld.HelloRequest"),
          field("leaf", 10, .message, ".fuzz.Node.Leaf"),
          field("flag", 12, .bool),
        ]
        $0.nestedType = [
          .with {
            $0.name = "Leaf"
            $0.field = [field("text", 1, .string), field("value", 2, .uint64)]
          }
        ]
      }
    ]
  }
  do {
    var catalog = try Catalog(descriptorSets: [GreeterDescriptorSet.bytes])
    try catalog.add([file])
    return catalog
  } catch {
    fatalError("the fuzz schema does not encode: \(error)")
  }
}()
