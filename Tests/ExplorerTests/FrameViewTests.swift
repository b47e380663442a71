import Foundation
import GRPCCore
import GreeterProtos
import NIOCore
import NIOHPACK
import Testing
import Wire

@testable import Explorer

/// The frames list's columns over long calls, and the detail pane's own scrolling (big frames,
/// long values).
@Suite struct FrameViewTests {
  static func frame(micros: Int, bytes: [UInt8] = [0, 0, 0, 0, 1, 0, 0, 0, 1]) -> FrameEntry {
    FrameEntry(
      direction: .inbound, micros: micros, typeName: "DATA", streamID: 1, flags: [],
      length: bytes.count - 9, summary: "gRPC", bytes: bytes)
  }

  @Test func frameRowsStayInLineForAnyElapsedTime() {
    let times = [
      0, 999, 8_037_930, 9_999_999, 10_000_000, 11_917_640, 99_999_999, 100_000_000, 999_999_999,
      1_000_000_000, 86_400_000_000, 999_999_999_999, 5_000_000_000_000,
    ]
    let rows = times.map { FrameInspector.frameRow(Self.frame(micros: $0)) }
    let dataColumns = Set(rows.map { DisplayWidth.of($0[..<$0.range(of: "DATA")!.lowerBound]) })
    #expect(dataColumns.count == 1, "\(rows.joined(separator: "\n"))")
    #expect(rows[2].contains("+8037.93"))
    #expect(rows[5].contains("+11.917s"))
    #expect(rows[6].contains("+99.999s"), "truncated, never rounded up to a wider 100.000s")
    #expect(rows[8].contains("+999.99s"))
  }

  /// A call whose one reply is a DATA frame of `messageBytes` bytes of message.
  static func bigReply(text: String, width: Int = 100, height: Int = 30) throws -> Scenario {
    var scenario = Scenario(width: width, height: height)
    scenario.press(.enter)
    scenario.type("Ada")
    scenario.press(.enter)
    let message: [UInt8] = try Helloworld_HelloReply.with { $0.message = text }.serializedBytes()
    var payload: [UInt8] = [0]
    payload += withUnsafeBytes(of: UInt32(message.count).bigEndian, Array.init)
    payload += message
    let length = payload.count
    let header: [UInt8] = [
      UInt8(length >> 16), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF), 0, 0, 0, 0, 0, 1,
    ]
    // The Python grpcio recording with its reply's DATA frame swapped for this one.
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../WireTests/Fixtures/python-grpcio-unary.frames")
    var decoder = ConnectionDecoder()
    var captured: [CapturedItem] = []
    for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
      let parts = line.split(separator: " ")
      var bytes = Hex.bytes(parts[1])
      let inbound = parts[0] == "in"
      if inbound, bytes[3] == 0 { bytes = header + payload }
      for item in decoder.feed(bytes, direction: inbound ? .inbound : .outbound) {
        captured.append(
          CapturedItem(
            uptimeNanos: UInt64(captured.count + 1) * 100_000, sequence: captured.count,
            item: item))
      }
    }
    try scenario.complete(1, replies: [text], frames: captured)
    return scenario
  }

  @Test func theRawViewOfABigFrameScrollsToItsLastByte() throws {
    var scenario = try Self.bigReply(text: String(repeating: "x", count: 16_370))
    let frames = scenario.state.shownFrames
    let index = try #require(frames.firstIndex { $0.bytes.count > 16_000 })
    let size = frames[index].bytes.count
    scenario.press(.tab, .tab)  // from the input to the frames
    for _ in 0..<index { scenario.press(.down) }
    scenario.press(.character("x"), .enter)
    #expect(scenario.state.inspector.inDetail)
    #expect(scenario.text.contains("0000  "))
    let perRow = try #require(scenario.state.detailLayout).bytesPerRow
    let lastRow = "│" + String((size - 1) / perRow * perRow, radix: 16) + "  "
    var pages = 0
    while !scenario.text.contains(lastRow), pages < 2000 {
      scenario.press(.pageDown)
      pages += 1
    }
    #expect(pages > 10 && pages < 2000, "PgDn scrolled the hex to \(lastRow) in \(pages) pages")
    #expect(
      scenario.state.inspector.selectedFrame == index,
      "PgDn inside the frame does not change frames")
    let rows = (size + perRow - 1) / perRow
    #expect(scenario.text.contains("of \(rows)"), "the title says which rows show")
    scenario.press(.pageUp)
    #expect(!scenario.text.contains(lastRow))
  }

  @Test func aLongDecodedValueWrapsInsteadOfBeingCut() throws {
    let text = "Hello, " + String(repeating: "long ", count: 60) + "THE-END"
    var scenario = try Self.bigReply(text: text, width: 120, height: 40)
    let frames = scenario.state.shownFrames
    let index = try #require(frames.firstIndex { $0.bytes.count > 300 })
    scenario.press(.tab, .tab)
    for _ in 0..<index { scenario.press(.down) }
    let decoded = scenario.text.split(separator: "\n").map { $0.split(separator: "││").last ?? "" }
    #expect(decoded.contains { $0.contains("THE-END") }, "the value's end is in the Decoded pane")
    // In a pane too short for the tree, PgDn scrolls it and the selection follows.
    _ = scenario.state.update(.resize(width: 100, height: 24))
    scenario.press(.enter)
    let before = scenario.state.inspector.scroll
    scenario.press(.pageDown)
    #expect(scenario.state.inspector.scroll > before)
    #expect(scenario.text.contains("Decoded (x: raw) · more ↑"))
  }
}

extension FrameViewTests {
  /// An HTTP/2 frame: its 9-byte header and `payload`.
  static func http2Frame(_ type: UInt8, flags: UInt8, stream: UInt32, _ payload: [UInt8])
    -> [UInt8]
  {
    let length = payload.count
    return [UInt8(length >> 16), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF), type, flags]
      + withUnsafeBytes(of: stream.bigEndian, Array.init) + payload
  }

  static func headerBlock(_ headers: HPACKHeaders) throws -> [UInt8] {
    var encoder = HPACKEncoder(allocator: ByteBufferAllocator())
    var buffer = ByteBuffer()
    try encoder.encode(headers: headers, to: &buffer)
    return Array(buffer.readableBytesView)
  }

  /// A gzip reply's DATA frame in Decoded: both sizes on the message's line, its fields from
  /// the decompressed bytes, which light nothing in the hex (they are not on the wire).
  @Test func aCompressedMessageShowsBothSizesAndItsFieldsLightNoWireBytes() throws {
    var decoder = ConnectionDecoder()
    _ = decoder.feed(ConnectionDecoder.clientPreface, direction: .outbound)
    _ = decoder.feed(Self.http2Frame(4, flags: 0, stream: 0, []), direction: .outbound)
    _ = decoder.feed(
      Self.http2Frame(
        1, flags: 4, stream: 1,
        try Self.headerBlock([
          ":method": "POST", ":scheme": "http", ":path": "/helloworld.Greeter/SayHello",
          ":authority": "x", "content-type": "application/grpc",
        ])), direction: .outbound)
    // A long reply, so that its decompressed fields' offsets reach past the frame's own.
    let reply: [UInt8] = try Helloworld_HelloReply.with {
      $0.message = String(repeating: "Hello, Ada! ", count: 100)
    }.serializedBytes()
    let body = MessageCompression.gzip.compress(reply)
    var payload: [UInt8] = [1] + withUnsafeBytes(of: UInt32(body.count).bigEndian, Array.init)
    payload += body
    _ = decoder.feed(Self.http2Frame(4, flags: 0, stream: 0, []), direction: .inbound)
    var items = decoder.feed(
      Self.http2Frame(
        1, flags: 4, stream: 1,
        try Self.headerBlock([
          ":status": "200", "content-type": "application/grpc", "grpc-encoding": "gzip",
        ])), direction: .inbound)
    items += decoder.feed(Self.http2Frame(0, flags: 0, stream: 1, payload), direction: .inbound)
    let data = try #require(items.last)
    let entry = FrameEntry(CapturedItem(uptimeNanos: 1, sequence: 3, item: data), startNanos: 0)
    #expect(entry.summary(in: greeterCatalog).contains("gzip → \(reply.count) B"))
    let lines = FrameInspector.detailLines(entry, catalog: greeterCatalog)
    let message = try #require(
      lines.first { $0.text.hasPrefix("message ") }, "\(lines.map(\.text))")
    #expect(
      message.text == "message helloworld.HelloReply, \(body.count) B gzip → \(reply.count) B")
    #expect(message.ranges == [14..<(14 + body.count)], "the compressed body, on the wire")
    let field = try #require(lines.first { $0.text.contains("1 message (string)") })
    #expect(field.ranges.isEmpty)
  }
}
