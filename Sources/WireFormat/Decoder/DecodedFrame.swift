/// One HTTP/2 frame (or the client connection preface) as it crossed the wire, with what it means.
public struct DecodedFrame: Sendable {
  public var direction: Direction
  /// Where the frame's first byte is in its direction's byte stream.
  public var offset: Int
  /// The whole frame, 9-byte header included; for the preface its 24 bytes.
  public var bytes: [UInt8]
  /// Nil for the connection preface.
  public var header: FrameHeader?
  public var payload: FramePayload
  /// Things wrong with the frame that did not stop decoding (e.g. larger than SETTINGS_MAX_FRAME_SIZE).
  public var problems: [String] = []

  /// `HEADERS`, `DATA`, …, or `PREFACE`.
  public var typeName: String { header.map { "\($0.type)" } ?? "PREFACE" }
  public var streamID: UInt32 { header?.streamID ?? 0 }
  public var flagNames: [String] { header.map { $0.type.flagNames($0.flags) } ?? [] }
  /// The payload length from the frame header (for the preface, its length).
  public var length: Int { header.map { Int($0.length) } ?? bytes.count }
  /// The frame's bytes in its direction's stream.
  public var span: Range<Int> { offset..<(offset + bytes.count) }
}

/// The fixed 9-byte header every HTTP/2 frame starts with (RFC 9113 §4.1).
public struct FrameHeader: Sendable, Hashable {
  public static let size = 9
  public var length: UInt32
  public var type: FrameType
  public var flags: FrameFlags
  public var streamID: UInt32

  public init(length: UInt32, type: FrameType, flags: FrameFlags, streamID: UInt32) {
    self.length = length
    self.type = type
    self.flags = flags
    self.streamID = streamID
  }

}

/// The flags byte of a frame header. A bit means what the frame's type says it means (0x1 is
/// END_STREAM on DATA and HEADERS, ACK on SETTINGS and PING); names come from `FrameType`.
public struct FrameFlags: OptionSet, Sendable, Hashable {
  public var rawValue: UInt8
  public init(rawValue: UInt8) { self.rawValue = rawValue }

  public static let endStream = FrameFlags(rawValue: 0x1)
  public static let ack = FrameFlags(rawValue: 0x1)
  public static let endHeaders = FrameFlags(rawValue: 0x4)
  public static let padded = FrameFlags(rawValue: 0x8)
  public static let priority = FrameFlags(rawValue: 0x20)
}

/// What a frame's payload says, by type.
public enum FramePayload: Sendable {
  case preface
  case data(DataPayload)
  case headers(HeadersPayload)
  case priority(Priority)
  case rstStream(errorCode: UInt32)
  case settings([Setting])
  case pushPromise(promisedStreamID: UInt32, HeadersPayload)
  case ping(opaque: UInt64)
  case goAway(lastStreamID: UInt32, errorCode: UInt32, debugData: [UInt8])
  case windowUpdate(increment: UInt32)
  case continuation(HeadersPayload)
  /// A frame type RFC 9113 does not define: its payload is kept only as bytes.
  case unknown
  /// The payload does not fit its type (e.g. a PING that is not 8 bytes long).
  case malformed(reason: String)
}

public struct Padding: Sendable, Hashable {
  /// The Pad Length byte.
  public var lengthSpan: Range<Int>
  public var paddingSpan: Range<Int>
}

public struct Priority: Sendable, Hashable {
  public var exclusive: Bool
  public var streamDependency: UInt32
  /// The weight as sent (0–255); the effective weight is one more.
  public var weight: UInt8
  public var span: Range<Int>
}

public struct Setting: Sendable, Hashable {
  public var identifier: UInt16
  public var value: UInt32
  public var span: Range<Int>
  public var name: String { HTTP2Names.setting(identifier) }
}

public struct DataPayload: Sendable {
  public var padding: Padding?
  /// The data, without padding.
  public var dataSpan: Range<Int>
  /// What the data carries, once this direction of the stream is understood.
  public var content: DataContent
}

public enum DataContent: Sendable {
  /// gRPC length-prefixed messages that completed in this frame, and how many bytes of a next
  /// message are still awaited.
  case grpc(messages: [GRPCMessage], awaiting: PartialMessage?)
  /// A body that is not gRPC (its HEADERS said another content-type, e.g. an HTML error page).
  case body(contentType: String?)
}

/// A gRPC message still being reassembled after this frame.
public struct PartialMessage: Sendable, Hashable {
  public var received: Int
  /// Nil until the 5-byte prefix is complete.
  public var expected: Int?
}

public struct HeadersPayload: Sendable {
  public var padding: Padding?
  public var priority: Priority?
  /// This frame's piece of the header block.
  public var fragmentSpan: Range<Int>
  /// The decoded block, on the frame that completes it (END_HEADERS).
  public var block: HeaderBlock?
}
