import Foundation
import GreeterTestSupport
import Testing

@testable import Wire
@testable import WireFormat

/// Conversations recorded from Python grpcio's Greeter server (scripts/record-python-fixtures.sh):
/// a second HTTP/2 + HPACK implementation's bytes, decoded in any chunking.
@Suite struct PythonRecordingTests {
  static func recording(_ name: String) throws -> [(Direction, [UInt8])] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Fixtures/\(name).frames")
    return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { line in
      let parts = line.split(separator: " ")
      let bytes = Hex.bytes(parts[1])
      return (parts[0] == "out" ? .outbound : .inbound, bytes)
    }
  }

  /// Type, stream, and what was understood, per frame: equal for equal decodings.
  static func describe(_ items: [DecodedItem]) -> [String] {
    items.map { item in
      switch item {
      case .error(let error): "error \(error)"
      case .frame(let frame):
        "\(frame.direction) \(frame.offset) \(frame.typeName) \(frame.streamID) \(frame.summary(in: greeterCatalog))"
      }
    }
  }

  static func decode(_ recording: [(Direction, [UInt8])], chunk: (Int) -> Int) -> [DecodedItem] {
    var decoder = ConnectionDecoder()
    var items: [DecodedItem] = []
    for (direction, bytes) in recording {
      var index = 0
      while index < bytes.count {
        let size = min(chunk(bytes.count - index), bytes.count - index)
        items += decoder.feed(bytes[index..<(index + size)], direction: direction)
        index += size
      }
    }
    return items
  }

  @Test(arguments: [
    (
      "python-grpcio-stream-reply", ["Hello, Ada! (1/3)", "Hello, Ada! (2/3)", "Hello, Ada! (3/3)"]
    ),
    ("python-grpcio-bidi", ["Hello, Ada!", "Hello, Grace!"]),
  ])
  func pythonConversationDecodesWholeAndInAnyChunking(name: String, replies: [String]) throws {
    let recording = try Self.recording(name)
    let items = Self.decode(recording) { $0 }
    let frames = items.compactMap { if case .frame(let frame) = $0 { frame } else { nil } }
    #expect(frames.count == items.count, "no decode errors: \(Self.describe(items))")
    #expect(frames.count == recording.count, "one item per recorded frame")

    let inboundHeaders = frames.filter { $0.direction == .inbound }.compactMap {
      frame -> HeaderBlock? in
      if case .headers(let headers) = frame.payload { headers.block } else { nil }
    }
    #expect(inboundHeaders.first?.value(":status") == "200")
    #expect(inboundHeaders.first?.value("content-type") == "application/grpc")
    #expect(inboundHeaders.last?.value("grpc-status") == "0")
    let messages = frames.filter { $0.direction == .inbound }.flatMap { frame -> [GRPCMessage] in
      if case .data(let data) = frame.payload, case .grpc(let messages, _) = data.content {
        messages
      } else {
        []
      }
    }
    #expect(
      messages.map { $0.messageType(in: greeterCatalog, direction: .inbound) }
        == Array(repeating: "helloworld.HelloReply", count: replies.count))
    #expect(
      messages.map {
        $0.fields(in: greeterCatalog, direction: .inbound)?.first.map {
          "\($0.name ?? "?")=\($0.value)"
        } ?? "none"
      }
        == replies.map { "message=\(ProtobufValue.string($0))" })

    var generator = SeededGenerator(seed: 0x9E7)
    let whole = Self.describe(items)
    for _ in 0..<100 {
      #expect(
        Self.describe(
          Self.decode(recording) { Int.random(in: 1...max(1, $0), using: &generator) % 23 + 1 })
          == whole)
    }
  }
}
