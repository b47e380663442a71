import GRPCCore

/// Something that happened on a call, in order: the one stream the UI and `call` both consume.
public enum CallEvent: Sendable {
  /// The HEADERS went out on `streamID`; `connectNanos` is the time spent connecting for it
  /// (0 when the connection was reused).
  case started(streamID: UInt32, connectNanos: UInt64)
  /// Frames of this call's stream, or decode errors, as the byte tap saw them, in order.
  case captured([CapturedItem])
  case responseHeaders(httpStatus: Int, Metadata)
  case message([UInt8])
  case trailers(Metadata)
  /// Always the last event.
  case finished(CallOutcome)
}

/// How a call ended.
public struct CallOutcome: Sendable {
  public var status: Status
  /// The `:status` of the response, when one arrived.
  public var httpStatus: Int?
  /// For a response that is not gRPC (an HTML error page, say): its content type and the start of
  /// its body, so the user sees what actually answered.
  public var nonGRPCBody: (contentType: String?, bytes: [UInt8])?
  public var timing: CallTiming
  /// No connection could be made (refused, unreachable, timed out): nothing reached a server.
  public var connectionFailed = false

  public init(
    status: Status, httpStatus: Int? = nil,
    nonGRPCBody: (contentType: String?, bytes: [UInt8])? = nil,
    timing: CallTiming, connectionFailed: Bool = false
  ) {
    self.status = status
    self.httpStatus = httpStatus
    self.nonGRPCBody = nonGRPCBody
    self.timing = timing
    self.connectionFailed = connectionFailed
  }
}

/// Monotonic durations in nanoseconds from the moment the call was started.
public struct CallTiming: Sendable, Hashable {
  public var connectNanos: UInt64
  public var firstResponseNanos: UInt64?
  public var totalNanos: UInt64

  public init(connectNanos: UInt64, firstResponseNanos: UInt64? = nil, totalNanos: UInt64) {
    self.connectNanos = connectNanos
    self.firstResponseNanos = firstResponseNanos
    self.totalNanos = totalNanos
  }
}

/// A frame or decode error from the tap, stamped with when its last byte passed and its place in
/// the connection's order.
public struct CapturedItem: Sendable {
  /// Monotonic nanoseconds (`NIODeadline.now()`), comparable across calls and connections.
  public var uptimeNanos: UInt64
  /// Increases by one per item on a connection, across both directions.
  public var sequence: Int
  public var item: DecodedItem

  public init(uptimeNanos: UInt64, sequence: Int, item: DecodedItem) {
    self.uptimeNanos = uptimeNanos
    self.sequence = sequence
    self.item = item
  }
}

/// What happens on a connection outside any one call.
public enum ConnectionEvent: Sendable {
  /// Made (and secured, with what the handshake settled, over TLS).
  case connected(target: Target, connectionID: Int, tls: TLSFacts? = nil)
  /// Connection-level frames (the preface, stream 0: SETTINGS, PING, WINDOW_UPDATE, GOAWAY) and
  /// decode errors, each reported once.
  case captured(CapturedItem, connectionID: Int)
  case closed(reason: String?, connectionID: Int)
}
