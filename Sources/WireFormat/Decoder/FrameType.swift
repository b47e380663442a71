/// An HTTP/2 frame type (RFC 9113 §6), known or not.
public struct FrameType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
  public var rawValue: UInt8
  public init(rawValue: UInt8) { self.rawValue = rawValue }

  public static let data = FrameType(rawValue: 0x0)
  public static let headers = FrameType(rawValue: 0x1)
  public static let priority = FrameType(rawValue: 0x2)
  public static let rstStream = FrameType(rawValue: 0x3)
  public static let settings = FrameType(rawValue: 0x4)
  public static let pushPromise = FrameType(rawValue: 0x5)
  public static let ping = FrameType(rawValue: 0x6)
  public static let goAway = FrameType(rawValue: 0x7)
  public static let windowUpdate = FrameType(rawValue: 0x8)
  public static let continuation = FrameType(rawValue: 0x9)

  private static let names = [
    "DATA", "HEADERS", "PRIORITY", "RST_STREAM", "SETTINGS", "PUSH_PROMISE", "PING", "GOAWAY",
    "WINDOW_UPDATE", "CONTINUATION",
  ]

  /// The name RFC 9113 gives the type (`WINDOW_UPDATE`), or `UNKNOWN(0xNN)`.
  public var description: String {
    Int(rawValue) < Self.names.count ? Self.names[Int(rawValue)] : "UNKNOWN(\(hex(rawValue)))"
  }

  /// The names of the flags set in `flags`, for this type; unknown bits as `0xNN`.
  public func flagNames(_ flags: FrameFlags) -> [String] {
    let known: [(FrameFlags, String)]
    switch self {
    case .data: known = [(.endStream, "END_STREAM"), (.padded, "PADDED")]
    case .headers:
      known = [
        (.endStream, "END_STREAM"), (.endHeaders, "END_HEADERS"), (.padded, "PADDED"),
        (.priority, "PRIORITY"),
      ]
    case .pushPromise: known = [(.endHeaders, "END_HEADERS"), (.padded, "PADDED")]
    case .continuation: known = [(.endHeaders, "END_HEADERS")]
    case .settings, .ping: known = [(.ack, "ACK")]
    default: known = []
    }
    let names = known.filter { flags.contains($0.0) }.map(\.1)
    let unknown = flags.subtracting(FrameFlags(known.map(\.0)))
    return unknown.isEmpty ? names : names + [hex(unknown.rawValue)]
  }
}

/// `0x1f`: how frame types, flags and error codes are written when they have no name.
public func hex<Value: BinaryInteger>(_ value: Value) -> String {
  "0x" + String(value, radix: 16)
}
