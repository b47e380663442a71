import GRPCCore

/// A whole call, collected from its events: what `call` prints and what tests check.
public struct CallResult: Sendable {
  public var streamID: UInt32?
  public var headers = Metadata()
  public var httpStatus: Int?
  public var messages: [[UInt8]] = []
  public var trailers = Metadata()
  public var frames: [CapturedItem] = []
  public var outcome: CallOutcome

  public var status: Status { outcome.status }

  /// Nothing yet; its status says so should the events end without `.finished`.
  public static let beforeItEnds = CallResult(
    outcome: CallOutcome(
      status: Status(code: .unknown, message: "the call ended without a status"),
      timing: CallTiming(connectNanos: 0, totalNanos: 0)))

  public static func collect(_ events: AsyncStream<CallEvent>) async -> CallResult {
    var result = beforeItEnds
    for await event in events { result.apply(event) }
    return result
  }

  public mutating func apply(_ event: CallEvent) {
    switch event {
    case .started(let streamID, _): self.streamID = streamID
    case .captured(let items): frames += items
    case .responseHeaders(let status, let metadata):
      httpStatus = status
      headers = metadata
    case .message(let bytes): messages.append(bytes)
    case .trailers(let metadata): trailers = metadata
    case .finished(let outcome): self.outcome = outcome
    }
  }
}
