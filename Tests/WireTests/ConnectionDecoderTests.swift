import GreeterTestSupport
import NIOCore
import NIOHPACK
import NIOHTTP2
import Testing

@testable import Wire
@testable import WireFormat

@Suite struct ConnectionDecoderTests {
  @Test func unaryCallFromNIOHTTP2DecodesEveryFrame() throws {
    let recording = try RecordedConversation.unaryCall(
      request: helloRequest("Ada"),
      reply: helloReply("Hello, Ada!")
    )
    let items = decode(recording)
    #expect(items.errors.isEmpty)
    let frames = items.frames

    // Every byte is in exactly one frame, in order, per direction.
    for direction in Direction.allCases {
      let mine = frames.filter { $0.direction == direction }
      let expected = direction == .outbound ? recording.outbound : recording.inbound
      #expect(mine.flatMap(\.bytes) == expected)
      #expect(zip(mine, mine.dropFirst()).allSatisfy { $0.span.upperBound == $1.offset })
    }

    let outbound = frames.filter { $0.direction == .outbound }.map(\.typeName)
    #expect(outbound.first == "PREFACE")
    #expect(outbound.dropFirst().first == "SETTINGS")
    #expect(outbound.contains("HEADERS") && outbound.contains("DATA"))

    let request = try #require(
      frames.first { $0.direction == .outbound && $0.typeName == "HEADERS" })
    #expect(request.streamID == 1)
    #expect(request.flagNames == ["END_HEADERS"])
    let block = try #require(request.headerBlock)
    #expect(block.error == nil)
    #expect(block.value(":path") == "/helloworld.Greeter/SayHello")
    #expect(block.value("te") == "trailers")
    // NIOHPACK indexes :method POST from the static table (entry 3).
    let method = try #require(block.fields.first { $0.name == ":method" })
    #expect(method.representation == .indexed(index: 3))
    #expect(method.valueHuffman == nil)
    // Each field's spans hold exactly the bytes of its representation.
    for field in block.fields {
      #expect(field.spans.allSatisfy { request.span.contains($0.lowerBound) })
    }

    let data = try #require(frames.first { $0.direction == .outbound && $0.typeName == "DATA" })
    #expect(data.flagNames == ["END_STREAM"])
    let message = try #require(data.grpcMessages.first)
    #expect(message.compressed == false)
    #expect(message.length == helloRequest("Ada").count)
    #expect(message.path == "/helloworld.Greeter/SayHello")
    #expect(
      message.fields(in: nil, direction: .outbound)?.first?.name == nil, "capture is schemaless")
    #expect(
      message.messageType(in: greeterCatalog, direction: .outbound) == "helloworld.HelloRequest")
    let field = try #require(message.fields(in: greeterCatalog, direction: .outbound)?.first)
    #expect(field.name == "name")
    #expect(field.declaredType == "string")
    #expect(field.value == .string("Ada"))
    // The field's bytes, read back through its spans from the frame, are tag, length, "Ada".
    #expect(
      field.spans.flatMap { span in
        data.bytes[(span.lowerBound - data.offset)..<(span.upperBound - data.offset)]
      } == [0x0A, 3, 0x41, 0x64, 0x61])
    #expect(message.prefixSpans == [(data.offset + 9)..<(data.offset + 14)])

    let reply = try #require(frames.first { $0.direction == .inbound && $0.typeName == "DATA" })
    let replyFields = reply.grpcMessages.first?.fields(in: greeterCatalog, direction: .inbound)
    #expect(replyFields?.first?.name == "message")
    #expect(replyFields?.first?.value == .string("Hello, Ada!"))

    let trailers = try #require(
      frames.last { $0.direction == .inbound && $0.typeName == "HEADERS" })
    #expect(trailers.flagNames == ["END_STREAM", "END_HEADERS"])
    #expect(trailers.headerBlock?.value("grpc-status") == "0")
    #expect(trailers.headerBlock?.value("grpc-message") == "all%20good")
  }

  @Test func anyChunkingDecodesIdentically() throws {
    let recording = try RecordedConversation.unaryCall(
      request: helloRequest(String(repeating: "세종", count: 40)),
      reply: helloReply("Hello!"),
      extraRequestHeaders: [("x-trace", "abc"), ("x-blob-bin", "AAEC")]
    )
    let whole = summary(decode(recording))
    var generator = SeededGenerator(seed: 0x5EED)
    for _ in 0..<200 {
      var decoder = ConnectionDecoder()
      var items: [DecodedItem] = []
      for (direction, bytes) in recording.chunks {
        var index = 0
        while index < bytes.count {
          let size = Int.random(in: 1...max(1, min(40, bytes.count - index)), using: &generator)
          items += decoder.feed(bytes[index..<(index + size)], direction: direction)
          index += size
        }
      }
      #expect(summary(items) == whole)
    }
  }

  /// NIOHTTP2 never splits a header block, so the block comes from NIOHPACK's encoder and is cut
  /// into HEADERS + CONTINUATION here, at the default SETTINGS_MAX_FRAME_SIZE.
  @Test func headerBlockAcrossContinuationIsJoined() throws {
    let big = String(repeating: "v", count: 20_000)
    var encoder = HPACKEncoder(allocator: ByteBufferAllocator())
    var blockBuffer = ByteBuffer()
    try encoder.encode(
      headers: RecordedConversation.requestHeaders(
        "/helloworld.Greeter/SayHello", [("x-big", big)]),
      to: &blockBuffer
    )
    let block = Array(blockBuffer.readableBytesView)
    #expect(block.count > 16_384)
    let first = Array(block[..<16_384])
    let rest = Array(block[16_384...])
    func frame(_ type: UInt8, _ flags: UInt8, _ payload: [UInt8]) -> [UInt8] {
      [
        UInt8(payload.count >> 16), UInt8((payload.count >> 8) & 0xFF), UInt8(payload.count & 0xFF),
        type, flags, 0, 0, 0, 1,
      ] + payload
    }
    var decoder = ConnectionDecoder()
    let items = decoder.feed(
      ConnectionDecoder.clientPreface + [0, 0, 0, 4, 0, 0, 0, 0, 0] + frame(1, 0x1, first)
        + frame(9, 0x4, rest),
      direction: .outbound
    )
    let frames = items.frames
    #expect(frames.map(\.typeName) == ["PREFACE", "SETTINGS", "HEADERS", "CONTINUATION"])
    #expect(frames[2].headerBlock == nil, "the block is decoded on the frame that ends it")
    let joined = try #require(frames[3].headerBlock)
    #expect(joined.value(":path") == "/helloworld.Greeter/SayHello")
    #expect(joined.value("x-big") == big)
    let bigField = try #require(joined.fields.first { $0.name == "x-big" })
    #expect(bigField.spans.count == 2, "the field straddles HEADERS and CONTINUATION")
    #expect(bigField.spans[0].upperBound == frames[2].span.upperBound)
    #expect(bigField.spans[1].lowerBound == frames[3].offset + 9)
  }

  @Test func messageSplitAcrossDataFramesIsReassembled() throws {
    let pair = try RecordedConversation.Pair()
    try pair.clientSends(
      HTTP2Frame(
        streamID: 1,
        payload: .headers(
          .init(headers: RecordedConversation.requestHeaders("/helloworld.Greeter/SayHello"))))
    )
    let name = String(repeating: "n", count: 40_000)
    try pair.clientSends(
      HTTP2Frame(
        streamID: 1,
        payload: .data(
          .init(
            data: .byteBuffer(RecordedConversation.grpcFrame(helloRequest(name))), endStream: true))
      )
    )
    let frames = decode(pair.recording).frames.filter { $0.direction == .outbound }
    let dataFrames = frames.filter { $0.typeName == "DATA" }
    #expect(dataFrames.count >= 3)
    let messages = dataFrames.flatMap(\.grpcMessages)
    #expect(messages.count == 1)
    #expect(dataFrames.last?.grpcMessages.count == 1, "reported on the frame that completes it")
    #expect(messages.first?.bodySpans.count == dataFrames.count)
    #expect(messages.first?.fields(in: nil, direction: .outbound)?.first?.value == .string(name))
    if case .data(let first) = dataFrames[0].payload,
      case .grpc(let done, let awaiting) = first.content
    {
      #expect(done.isEmpty)
      #expect(awaiting?.expected == helloRequest(name).count + 5)
    } else {
      Issue.record("first DATA frame is not gRPC")
    }
  }

  @Test func serverSpeakingHTTP1IsAnErrorAtOffsetZero() {
    var decoder = ConnectionDecoder()
    let items = decoder.feed(Array("HTTP/1.1 400 Bad Request\r\n\r\n".utf8), direction: .inbound)
    #expect(items.frames.isEmpty)
    let error = items.errors.first
    #expect(error?.offset == 0)
    #expect(error?.message.contains("first frame must be SETTINGS") == true)
    #expect(error?.message.contains("HTTP/1.1 400") == true)
    // The direction stays stopped; the other direction is unaffected.
    #expect(decoder.feed([0, 0, 0, 4, 0, 0, 0, 0, 0], direction: .inbound).isEmpty)
    #expect(decoder.feed(ConnectionDecoder.clientPreface, direction: .outbound).frames.count == 1)
  }

  @Test func wrongClientPrefaceStopsAtOnce() {
    var decoder = ConnectionDecoder()
    let items = decoder.feed(Array("GET / HTTP/1.1\r\n".utf8), direction: .outbound)
    #expect(
      items.errors.first?.message.hasPrefix("not an HTTP/2 client connection preface") == true)
  }

  @Test func frameWithoutExpectedContinuationStops() {
    var decoder = ConnectionDecoder()
    let settings: [UInt8] = [0, 0, 0, 4, 0, 0, 0, 0, 0]
    // HEADERS on stream 1 without END_HEADERS, then DATA on stream 1.
    let headers: [UInt8] = [0, 0, 1, 1, 0, 0, 0, 0, 1, 0x82]
    let data: [UInt8] = [0, 0, 0, 0, 1, 0, 0, 0, 1]
    let items = decoder.feed(settings + headers + data, direction: .inbound)
    #expect(items.frames.map(\.typeName) == ["SETTINGS", "HEADERS"])
    #expect(items.errors.first?.offset == 19)
    #expect(items.errors.first?.message.contains("expected CONTINUATION") == true)
  }

  @Test func malformedFramesAreShownAndDecodingGoesOn() {
    var decoder = ConnectionDecoder()
    let settings: [UInt8] = [0, 0, 0, 4, 0, 0, 0, 0, 0]
    let shortPing: [UInt8] = [0, 0, 3, 6, 0, 0, 0, 0, 0, 1, 2, 3]
    let badPadding: [UInt8] = [0, 0, 2, 0, 0x8, 0, 0, 0, 1, 9, 0]
    let unknown: [UInt8] = [0, 0, 1, 0xEE, 0xFF, 0, 0, 0, 0, 7]
    let goAway: [UInt8] = [0, 0, 10, 7, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0xB, 0x68, 0x69]
    let items = decoder.feed(
      settings + shortPing + badPadding + unknown + goAway, direction: .inbound)
    #expect(items.errors.isEmpty)
    let frames = items.frames
    #expect(frames.map(\.typeName) == ["SETTINGS", "PING", "DATA", "UNKNOWN(0xee)", "GOAWAY"])
    guard case .malformed(let ping) = frames[1].payload,
      case .malformed(let padding) = frames[2].payload
    else {
      Issue.record("expected malformed PING and DATA")
      return
    }
    #expect(ping == "PING payload must be 8 bytes, not 3")
    #expect(padding == "padding of 9 bytes does not fit a 2-byte payload")
    #expect(frames[3].flagNames == ["0xff"])
    guard case .goAway(let last, let code, let debug) = frames[4].payload else {
      Issue.record("expected GOAWAY")
      return
    }
    #expect(
      last == 3 && HTTP2Names.errorCode(code) == "ENHANCE_YOUR_CALM" && debug == Array("hi".utf8))
  }

  @Test func frameOverAnnouncedMaxFrameSizeIsFlagged() {
    var decoder = ConnectionDecoder()
    _ = decoder.feed(
      ConnectionDecoder.clientPreface + [0, 0, 0, 4, 0, 0, 0, 0, 0], direction: .outbound)
    let payload = [UInt8](repeating: 0, count: 16_385)
    let frame: [UInt8] = [0x00, 0x40, 0x01, 0x00, 0x00, 0, 0, 0, 1] + payload
    let items = decoder.feed([0, 0, 0, 4, 0, 0, 0, 0, 0] + frame, direction: .inbound)
    #expect(
      items.frames.last?.problems == ["16385-byte payload exceeds SETTINGS_MAX_FRAME_SIZE 16384"])
  }

  @Test func nonGRPCBodyIsNotParsedAsMessages() throws {
    let pair = try RecordedConversation.Pair()
    try pair.clientSends(
      HTTP2Frame(
        streamID: 1,
        payload: .headers(
          .init(headers: RecordedConversation.requestHeaders("/helloworld.Greeter/SayHello")))))
    try pair.serverSends(
      HTTP2Frame(
        streamID: 1,
        payload: .headers(.init(headers: [":status": "502", "content-type": "text/html"]))))
    try pair.serverSends(
      HTTP2Frame(
        streamID: 1,
        payload: .data(
          .init(data: .byteBuffer(ByteBuffer(string: "<html>Bad Gateway</html>")), endStream: true))
      ))
    let data = try #require(
      decode(pair.recording).frames.first { $0.direction == .inbound && $0.typeName == "DATA" })
    guard case .data(let payload) = data.payload, case .body(let contentType) = payload.content
    else {
      Issue.record("a text/html body must not be read as gRPC")
      return
    }
    #expect(contentType == "text/html")
  }

  /// One line per item with everything a chunking could change.
  private func summary(_ items: [DecodedItem]) -> [String] {
    items.map { item in
      switch item {
      case .error(let error): return "error \(error)"
      case .frame(let frame):
        let fields = frame.headerBlock?.entries.map { "\($0)" } ?? []
        let messages = frame.grpcMessages.map {
          "\($0.length) \($0.prefixSpans) \($0.bodySpans) \(String(describing: $0.fields))"
        }
        return
          "\(frame.direction) \(frame.offset) \(frame.typeName) \(frame.bytes) \(fields) \(messages)"
      }
    }
  }
}
