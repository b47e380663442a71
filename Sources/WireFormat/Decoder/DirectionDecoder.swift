/// The state machine for one direction of a connection: (client preface →) frames, with a
/// header block open across CONTINUATION frames and gRPC messages open across DATA frames.
struct DirectionDecoder: Sendable {
  struct Output {
    var items: [DecodedItem] = []
    /// SETTINGS (not ACKs) this direction carried, for the other direction.
    var settings: [Setting] = []
  }

  private enum Phase: Sendable {
    case preface, firstFrame, frames, stopped
  }

  /// A header block waiting for CONTINUATION frames.
  private struct OpenBlock: Sendable {
    var streamID: UInt32
    var endsStream: Bool
    var bytes: [UInt8]
    var spans: ByteSpans
  }

  /// What this direction of one stream carries.
  private struct StreamState: Sendable {
    var contentType: String?
    /// This direction's `grpc-encoding`: how its messages flagged compressed are compressed.
    var encoding: String?
    var assembler: GRPCMessageAssembler
    var isGRPC: Bool { contentType.map { $0.hasPrefix("application/grpc") } ?? true }
  }

  let direction: Direction
  let limits: ConnectionDecoder.Limits
  /// The receiving side's SETTINGS_MAX_FRAME_SIZE; larger frames are decoded but flagged.
  private(set) var maxFrameSize = 16_384
  private var phase: Phase
  private var buffer: [UInt8] = []
  private var readIndex = 0
  /// The stream offset of `buffer[0]`.
  private var bufferOffset = 0
  private var hpack = HeaderBlockDecoder()
  private var openBlock: OpenBlock?
  private var streams: [UInt32: StreamState] = [:]

  init(direction: Direction, limits: ConnectionDecoder.Limits) {
    self.direction = direction
    self.limits = limits
    phase = direction == .outbound ? .preface : .firstFrame
  }

  /// A SETTINGS parameter the receiving side of this direction announced.
  mutating func apply(peerSetting setting: Setting) {
    switch setting.identifier {
    case 0x1: hpack.decodingSideAnnounced(tableSize: Int(setting.value))
    case 0x5: maxFrameSize = Int(setting.value)
    default: break
    }
  }

  mutating func feed(_ bytes: some Collection<UInt8>, context: inout DecodingContext) -> Output {
    var output = Output()
    guard phase != .stopped else { return output }
    if readIndex > 0, readIndex >= buffer.count / 2 {
      buffer.removeFirst(readIndex)
      bufferOffset += readIndex
      readIndex = 0
    }
    buffer.append(contentsOf: bytes)
    while phase != .stopped, let item = next(&output, context: &context) {
      output.items.append(item)
    }
    return output
  }

  /// The direction ended (the connection closed): bytes of an unfinished frame become an error
  /// item, so that a server that hung up mid-frame, or spoke something else, is seen.
  mutating func end() -> DecodedItem? {
    guard phase != .stopped, available > 0 else { return nil }
    let pending = buffer[readIndex...]
    var message = "connection closed inside a frame: \(available) bytes of it"
    if available >= FrameHeader.size, phase != .preface {
      let header = Self.header(pending.prefix(FrameHeader.size))
      message += " (announced \(header.type), \(header.length) bytes"
      if Int(header.length) > maxFrameSize {
        message += ", over SETTINGS_MAX_FRAME_SIZE \(maxFrameSize): is the peer speaking HTTP/2?"
      }
      message += ")"
    }
    return stop(at: offset, message + ": " + Self.preview(pending))
  }

  private var available: Int { buffer.count - readIndex }
  private var offset: Int { bufferOffset + readIndex }

  private mutating func stop(at offset: Int, _ message: String) -> DecodedItem {
    phase = .stopped
    buffer = []
    readIndex = 0
    return .error(DecodeError(direction: direction, offset: offset, message: message))
  }

  /// The next complete item in the buffer, or nil when more bytes are needed.
  private mutating func next(_ output: inout Output, context: inout DecodingContext) -> DecodedItem?
  {
    if phase == .preface {
      let preface = ConnectionDecoder.clientPreface
      let compared = min(available, preface.count)
      guard buffer[readIndex..<(readIndex + compared)].elementsEqual(preface[..<compared]) else {
        return stop(
          at: offset,
          "not an HTTP/2 client connection preface: \(Self.preview(buffer[readIndex...]))")
      }
      guard available >= preface.count else { return nil }
      let frame = DecodedFrame(
        direction: direction, offset: offset, bytes: preface, header: nil, payload: .preface)
      readIndex += preface.count
      phase = .firstFrame
      return .frame(frame)
    }
    guard available >= FrameHeader.size else { return nil }
    let header = Self.header(buffer[readIndex..<(readIndex + FrameHeader.size)])
    if phase == .firstFrame && header.type != .settings {
      let who = direction == .outbound ? "client" : "server"
      return stop(
        at: offset,
        "the \(who)'s first frame must be SETTINGS, not \(header.type) (is the peer speaking HTTP/2?): \(Self.preview(buffer[readIndex...]))"
      )
    }
    let total = FrameHeader.size + Int(header.length)
    guard available >= total else { return nil }
    let frameOffset = offset
    let bytes = Array(buffer[readIndex..<(readIndex + total)])
    readIndex += total
    phase = .frames
    let payload = FramePayloadParser.Payload(
      bytes: bytes[FrameHeader.size...],
      offset: frameOffset + FrameHeader.size
    )
    var frame = DecodedFrame(
      direction: direction, offset: frameOffset, bytes: bytes, header: header, payload: .unknown)
    if Int(header.length) > maxFrameSize {
      frame.problems.append(
        "\(header.length)-byte payload exceeds SETTINGS_MAX_FRAME_SIZE \(maxFrameSize)")
    }
    if let open = openBlock, header.type != .continuation || header.streamID != open.streamID {
      return stop(
        at: frameOffset,
        "expected CONTINUATION of stream \(open.streamID)'s header block, got \(header.type) on stream \(header.streamID)"
      )
    }
    do {
      frame.payload = try decodePayload(header, payload, &output, context: &context)
    } catch let failure as FramePayloadParser.Failure {
      switch failure {
      case .malformed(let reason): frame.payload = .malformed(reason: reason)
      }
    } catch {
      return stop(at: frameOffset, (error as? Stop)?.message ?? "\(error)")
    }
    return .frame(frame)
  }

  private static func header(_ bytes: ArraySlice<UInt8>) -> FrameHeader {
    let base = bytes.startIndex
    let length = UInt32(bytes[base]) << 16 | UInt32(bytes[base + 1]) << 8 | UInt32(bytes[base + 2])
    let stream = (1...4).reduce(UInt32(0)) { $0 << 8 | UInt32(bytes[base + 4 + $1]) } & 0x7FFF_FFFF
    return FrameHeader(
      length: length, type: FrameType(rawValue: bytes[base + 3]),
      flags: FrameFlags(rawValue: bytes[base + 4]),
      streamID: stream)
  }

  /// The first bytes of what could not be decoded, as text when they look like text (an HTTP/1.1
  /// response, say) and as hex otherwise.
  static func preview(_ bytes: ArraySlice<UInt8>) -> String {
    let head = bytes.prefix(32)
    if head.allSatisfy({ (0x20...0x7E).contains($0) || $0 == 0x0D || $0 == 0x0A }) {
      return InertText.quoted(String(decoding: head, as: UTF8.self) + (bytes.count > 32 ? "…" : ""))
    }
    return head.map { String($0, radix: 16).leftPadded(to: 2) }.joined(separator: " ")
      + (bytes.count > 32 ? " …" : "")
  }

  private struct Stop: Error {
    var message: String
  }

  private mutating func decodePayload(
    _ header: FrameHeader,
    _ payload: FramePayloadParser.Payload,
    _ output: inout Output,
    context: inout DecodingContext
  ) throws -> FramePayload {
    let stream = header.streamID
    switch header.type {
    case .data:
      let (padding, content) = try FramePayloadParser.unpad(
        payload, padded: header.flags.contains(.padded))
      let data = DataPayload(
        padding: padding,
        dataSpan: payload.span(content),
        content: dataContent(
          stream, payload.slice(content), at: payload.offset + content.lowerBound, context: context)
      )
      if header.flags.contains(.endStream) { endStream(stream, context: &context) }
      return .data(data)

    case .headers, .pushPromise:
      let (padding, content) = try FramePayloadParser.unpad(
        payload, padded: header.flags.contains(.padded))
      var fragment = content
      var priority: Priority?
      var promised: UInt32?
      if header.type == .headers && header.flags.contains(.priority) {
        guard fragment.count >= 5 else {
          throw FramePayloadParser.Failure.malformed("HEADERS too short for its PRIORITY fields")
        }
        priority = FramePayloadParser.priority(payload, at: fragment.lowerBound)
        fragment = (fragment.lowerBound + 5)..<fragment.upperBound
      }
      if header.type == .pushPromise {
        guard fragment.count >= 4 else {
          throw FramePayloadParser.Failure.malformed("PUSH_PROMISE too short for its stream ID")
        }
        promised = payload.uint32(at: fragment.lowerBound) & 0x7FFF_FFFF
        fragment = (fragment.lowerBound + 4)..<fragment.upperBound
      }
      openBlock = OpenBlock(
        streamID: stream,
        endsStream: header.type == .headers && header.flags.contains(.endStream),
        bytes: Array(payload.slice(fragment)),
        spans: [payload.span(fragment)]
      )
      let headers = HeadersPayload(
        padding: padding,
        priority: priority,
        fragmentSpan: payload.span(fragment),
        block: header.flags.contains(.endHeaders) ? closeBlock(context: &context) : nil
      )
      if let promised { return .pushPromise(promisedStreamID: promised, headers) }
      return .headers(headers)

    case .continuation:
      guard openBlock != nil else {
        throw Stop(message: "CONTINUATION on stream \(stream) without a HEADERS frame before it")
      }
      openBlock?.bytes += payload.bytes
      openBlock?.spans.append(payload.span(0..<payload.count))
      return .continuation(
        HeadersPayload(
          padding: nil,
          priority: nil,
          fragmentSpan: payload.span(0..<payload.count),
          block: header.flags.contains(.endHeaders) ? closeBlock(context: &context) : nil
        )
      )

    default:
      let simple = try FramePayloadParser.simple(header.type, payload)
      switch simple {
      case .settings(let settings) where !header.flags.contains(.ack):
        output.settings += settings
      case .rstStream:
        streams[stream] = nil
        context.paths[stream] = nil
      default:
        break
      }
      return simple
    }
  }

  /// Decodes the open header block and applies what it says to the stream.
  private mutating func closeBlock(context: inout DecodingContext) -> HeaderBlock? {
    guard let open = openBlock else { return nil }
    openBlock = nil
    let block = hpack.decode(open.bytes, spans: open.spans)
    if direction == .outbound, let path = block.value(":path") {
      context.paths[open.streamID] = path
    }
    if let contentType = block.value("content-type") {
      let fresh = newStream()
      streams[open.streamID, default: fresh].contentType = contentType
    }
    if let encoding = block.value("grpc-encoding") {
      let fresh = newStream()
      streams[open.streamID, default: fresh].encoding = encoding
    }
    if open.endsStream { endStream(open.streamID, context: &context) }
    return block
  }

  /// This direction of `stream` ended. The server's end is the call's end: its path goes too,
  /// so a long-lived connection's table stays as small as its open streams.
  private mutating func endStream(_ stream: UInt32, context: inout DecodingContext) {
    streams[stream] = nil
    if direction == .inbound { context.paths[stream] = nil }
  }

  private func newStream() -> StreamState {
    StreamState(
      contentType: nil, assembler: GRPCMessageAssembler(maxKeptBody: limits.maxKeptMessageBody))
  }

  private mutating func dataContent(
    _ stream: UInt32,
    _ data: ArraySlice<UInt8>,
    at offset: Int,
    context: DecodingContext
  ) -> DataContent {
    // Taken out of the dictionary while it grows, so its buffers are not copied on write.
    var state = streams.removeValue(forKey: stream) ?? newStream()
    defer { streams[stream] = state }
    guard state.isGRPC else { return .body(contentType: state.contentType) }
    let completed = state.assembler.append(data, at: offset)
    let path = context.paths[stream]
    let encoding = state.encoding
    let limit = limits.maxKeptMessageBody
    let messages = completed.map { message in
      var decoded = GRPCMessage(
        compressed: message.compressed,
        length: message.length,
        prefixSpans: message.prefixSpans,
        bodySpans: message.bodySpans,
        body: message.body,
        path: path
      )
      if message.compressed, let body = message.body {
        decoded.encoding = encoding
        decoded.decompress(body, limit: limit)
      }
      return decoded
    }
    return .grpc(messages: messages, awaiting: state.assembler.partial)
  }
}
