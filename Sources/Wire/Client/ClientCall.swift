import NIOCore

/// A running call: its events, and what the caller can still do with it. Safe from any thread;
/// every action hops to the connection's event loop, in order.
public final class ClientCall: Sendable {
  public let path: String
  /// When the call was started, in `NIODeadline` uptime nanoseconds (the clock of `CapturedItem`).
  public let startNanos: UInt64
  /// In order, ending with `.finished`. One consumer.
  public let events: AsyncStream<CallEvent>
  private let eventLoop: any EventLoop
  private let handler: NIOLoopBoundBox<CallStreamHandler?>

  init(path: String, startNanos: UInt64, events: AsyncStream<CallEvent>, eventLoop: any EventLoop) {
    self.path = path
    self.startNanos = startNanos
    self.events = events
    self.eventLoop = eventLoop
    self.handler = .makeEmptyBox(valueType: CallStreamHandler.self, eventLoop: eventLoop)
  }

  func attach(_ handler: CallStreamHandler) {
    self.handler.value = handler
  }

  /// Sends one request message (its serialized bytes; the 5-byte gRPC prefix is added).
  /// - Parameter endingStream: the last request: its DATA frame half-closes the stream.
  public func send(_ message: [UInt8], endingStream: Bool = false) {
    onLoop { $0.send(message, endingStream: endingStream) }
  }

  /// Half-closes: the server sees END_STREAM; replies keep arriving.
  public func finishSending() {
    onLoop { $0.finishSending() }
  }

  /// Resets the stream (RST_STREAM CANCEL); the call ends CANCELLED unless it already ended.
  public func cancel() {
    onLoop { $0.cancel() }
  }

  private func onLoop(_ action: @escaping (CallStreamHandler) -> Void) {
    let box = handler
    eventLoop.execute {
      if let handler = box.value { action(handler) }
    }
  }
}
