/// Which way bytes travel on a connection, seen from the client.
public enum Direction: String, Sendable, Hashable, CaseIterable {
  /// Client to server.
  case outbound = "out"
  /// Server to client.
  case inbound = "in"

  public var opposite: Direction { self == .outbound ? .inbound : .outbound }
}

/// Where a decoded item's bytes are in its direction's byte stream (offset 0 is the first byte
/// sent that way on the connection). An item split across frames has several spans.
public typealias ByteSpans = [Range<Int>]
