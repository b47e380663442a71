/// A passive HTTP/2 + HPACK + gRPC + protobuf decoder for both directions of one connection:
/// bytes in, in any chunking, facts out. It never writes, never throws and never crashes; input it
/// cannot follow ends that direction with a `DecodeError` at the offending offset.
///
/// Memory is bounded: at most one frame (≤ 16 MiB + 9 bytes, the 24-bit length's limit) is
/// buffered per direction, and message bodies over `Limits.maxKeptMessageBody` are not kept.
public struct ConnectionDecoder: Sendable {
  public struct Limits: Sendable {
    /// Larger gRPC message bodies are measured and skipped, not stored or decoded.
    public var maxKeptMessageBody = 16 << 20

    public init() {}
  }

  public static let clientPreface = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)

  private var outbound: DirectionDecoder
  private var inbound: DirectionDecoder
  /// The method of each stream, from the client's `:path`, so its messages can be typed when shown.
  private var paths: [UInt32: String] = [:]

  /// Schemaless by design: fields are named when shown, from the catalog in effect then.
  public init(limits: Limits = Limits()) {
    outbound = DirectionDecoder(direction: .outbound, limits: limits)
    inbound = DirectionDecoder(direction: .inbound, limits: limits)
  }

  /// Decodes the next bytes seen in `direction` and returns every item they completed.
  public mutating func feed(_ bytes: some Collection<UInt8>, direction: Direction) -> [DecodedItem]
  {
    var context = DecodingContext(paths: paths)
    paths = [:]  // moved, not shared: a write into the context's copy must not copy it whole
    let result: DirectionDecoder.Output
    switch direction {
    case .outbound: result = outbound.feed(bytes, context: &context)
    case .inbound: result = inbound.feed(bytes, context: &context)
    }
    paths = context.paths
    // SETTINGS seen in one direction govern what the other direction may send.
    for setting in result.settings {
      if direction == .outbound {
        inbound.apply(peerSetting: setting)
      } else {
        outbound.apply(peerSetting: setting)
      }
    }
    return result.items
  }
}

extension ConnectionDecoder {
  /// The connection closed: whatever is left unfinished in either direction, as errors.
  public mutating func end() -> [DecodedItem] {
    [outbound.end(), inbound.end()].compactMap { $0 }
  }
}

/// What one direction's decoding produces.
public enum DecodedItem: Sendable {
  case frame(DecodedFrame)
  /// The direction's bytes could not be followed from `offset` on; nothing more is decoded there.
  case error(DecodeError)
}

public struct DecodeError: Error, Sendable, Hashable, CustomStringConvertible {
  public var direction: Direction
  public var offset: Int
  public var message: String

  public var description: String { "\(direction) byte \(offset): \(message)" }
}

/// State shared by the two directions while one of them decodes.
struct DecodingContext {
  var paths: [UInt32: String]
}
