import GRPCCore
import NIOCore
import NIOHPACK
import NIOHTTP2

/// One call on one HTTP/2 stream: writes the request HEADERS and length-prefixed messages, reads
/// the response with `ResponseReader`, enforces the deadline and the receive limit, and reports
/// everything as `CallEvent`s. Created before its stream exists (requests sent early are queued)
/// and confined to the connection's event loop.
final class CallStreamHandler: ChannelDuplexHandler {
  typealias InboundIn = HTTP2Frame.FramePayload
  typealias OutboundIn = Never
  typealias OutboundOut = HTTP2Frame.FramePayload

  private enum Outbound {
    case message(ByteBuffer)
    case end
  }

  let path: String
  let authority: String
  /// `https` over TLS, else `http`.
  let scheme: String
  let options: ClientCallOptions
  private let startNanos: UInt64
  private let report: (CallEvent) -> Void
  private var reader: ResponseReader
  private var context: ChannelHandlerContext?
  private var connection: Connection?
  private var streamID: UInt32?
  private var queued: [Outbound] = []
  private var sentEnd = false
  private var headersSent = false
  private var finished = false
  /// Set when we reset the stream ourselves: the status the call ends with, whatever the stream's
  /// closing reports meanwhile.
  private var abortStatus: Status?
  private var connectionFailed = false
  private var connectNanos: UInt64 = 0
  private var firstResponseNanos: UInt64?
  private var deadlineTimer: Scheduled<Void>?
  private let eventLoop: any EventLoop
  private var pendingCaptured: [CapturedItem] = []
  private var capturedFlushScheduled = false

  init(
    path: String,
    authority: String,
    scheme: String = "http",
    options: ClientCallOptions,
    startNanos: UInt64,
    eventLoop: any EventLoop,
    report: @escaping (CallEvent) -> Void
  ) {
    self.eventLoop = eventLoop
    self.path = path
    self.authority = authority
    self.scheme = scheme
    self.options = options
    self.startNanos = startNanos
    self.report = report
    self.reader = ResponseReader(maxReceiveMessageBytes: options.maxReceiveMessageBytes)
  }

  private var elapsed: UInt64 { NIODeadline.now().uptimeNanoseconds &- startNanos }

  // MARK: - What the caller does (on the event loop)

  /// Starts the deadline clock; called once, when the call is created.
  func armDeadline(on eventLoop: any EventLoop) {
    guard let deadline = options.deadline else { return }
    let nanos = deadline.wholeNanoseconds
    let loopBound = NIOLoopBound(self, eventLoop: eventLoop)
    deadlineTimer = eventLoop.scheduleTask(in: .nanoseconds(nanos)) {
      loopBound.value.abort(
        .deadlineExceeded, "deadline of \(Self.describe(deadline)) exceeded; call cancelled")
    }
  }

  /// Queues one request message; with `endingStream` it carries END_STREAM (one frame, where a
  /// separate empty DATA frame would cost the server a second read).
  func send(_ message: [UInt8], endingStream: Bool = false) {
    guard !finished, !sentEnd else { return }
    let body = options.compression.map { $0.compress(message) } ?? message
    var buffer = ByteBuffer()
    buffer.reserveCapacity(5 + body.count)
    buffer.writeInteger(UInt8(options.compression == nil ? 0 : 1))
    buffer.writeInteger(UInt32(body.count))
    buffer.writeBytes(body)
    enqueue(endingStream ? [.message(buffer), .end] : [.message(buffer)])
  }

  func finishSending() {
    guard !finished, !sentEnd else { return }
    enqueue([.end])
  }

  /// The caller gave up: RST_STREAM CANCEL, then CANCELLED.
  func cancel() {
    abort(.cancelled, "cancelled by the client")
  }

  /// The connection or the stream could not be made.
  func failBeforeStream(
    _ status: Status, connectNanos: UInt64? = nil, connectionFailed: Bool = false
  ) {
    if let connectNanos { self.connectNanos = connectNanos }
    self.connectionFailed = connectionFailed
    finish(status)
  }

  /// The connection was made (after `connectNanos`) and this call's stream is being created.
  func connected(_ connection: Connection, connectNanos: UInt64) {
    self.connection = connection
    self.connectNanos = connectNanos
    // A call that ended while connecting (its deadline) never counts on the connection.
    if !finished { connection.callBegan() }
  }

  /// A frame of this call's stream, from the tap. Frames seen in one turn of the event loop go
  /// out as one event (each event may wake the consumer's thread: per frame, that was most of
  /// what capturing cost a call), and always before the event they led to.
  func captured(_ item: CapturedItem) {
    guard !finished else { return }
    pendingCaptured.append(item)
    guard !capturedFlushScheduled else { return }
    capturedFlushScheduled = true
    let loopBound = NIOLoopBound(self, eventLoop: eventLoop)
    eventLoop.execute { loopBound.value.flushCaptured() }
  }

  private func flushCaptured() {
    capturedFlushScheduled = false
    guard !pendingCaptured.isEmpty else { return }
    let items = pendingCaptured
    pendingCaptured = []
    report(.captured(items))
  }

  /// Reports `event` after the frames captured before it.
  private func emit(_ event: CallEvent) {
    flushCaptured()
    report(event)
  }

  // MARK: - ChannelHandler

  func handlerAdded(context: ChannelHandlerContext) {
    self.context = context
    if context.channel.isActive { start(context) }
  }

  func channelActive(context: ChannelHandlerContext) {
    start(context)
    context.fireChannelActive()
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    let outputs: [ResponseReader.Output]
    switch unwrapInboundIn(data) {
    case .headers(let headers):
      noteFirstResponse()
      outputs = reader.headers(headers.headers, endStream: headers.endStream)
    case .data(let data):
      guard case .byteBuffer(let buffer) = data.data else { return }
      noteFirstResponse()
      outputs = reader.data(buffer, endStream: data.endStream)
    case .rstStream(let code):
      outputs = reader.reset(errorCode: UInt32(code.networkCode))
    default:
      return
    }
    apply(outputs)
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    if let closed = error as? NIOHTTP2Errors.StreamClosed {
      if let goAway = connection?.goAway, let streamID, streamID > goAway.lastStreamID {
        var message =
          "server sent GOAWAY \(HTTP2Names.errorCode(goAway.errorCode)) before handling this call (last stream \(goAway.lastStreamID)"
        if !goAway.debugData.isEmpty {
          message +=
            ", debug data \"\(String(decoding: goAway.debugData, as: UTF8.self))\""
        }
        finish(Status(code: .unavailable, message: message + "); safe to retry"))
      } else {
        apply(reader.reset(errorCode: UInt32(closed.errorCode.networkCode)))
      }
    } else {
      finish(
        Status(code: .internalError, message: "stream error: \(Connection.describe(error))"))
    }
    context.close(promise: nil)
  }

  func channelInactive(context: ChannelHandlerContext) {
    if !finished {
      var message = "connection to \(authority) closed before the call finished"
      if let reason = connection?.closeReason { message += ": \(reason)" }
      if let partial = reader.partialMessage {
        let of = partial.expected.map { " of \($0)" } ?? ""
        message += "; a reply was cut off after \(partial.received)\(of) bytes"
      }
      finish(Status(code: .unavailable, message: message))
    }
    context.fireChannelInactive()
  }

  func handlerRemoved(context: ChannelHandlerContext) {
    self.context = nil
    if !finished { finish(Status(code: .unavailable, message: "the call's stream went away")) }
  }

  // MARK: - Writing

  private func start(_ context: ChannelHandlerContext) {
    guard !headersSent else { return }
    guard !finished else {
      // The call ended (deadline, cancel) while the stream was being made: nothing to send.
      context.close(promise: nil)
      return
    }
    headersSent = true
    let headers = RequestHeaders.make(
      path: path, authority: authority, scheme: scheme, options: options,
      remaining: remainingDeadline)
    context.write(wrapOutboundOut(.headers(.init(headers: headers))), promise: nil)
    flushQueued(context)
    context.flush()
    if let streamID = context.channel.streamIDIfAssigned {
      self.streamID = streamID
      emit(.started(streamID: streamID, connectNanos: connectNanos))
      connection?.register(self, stream: streamID)
    }
  }

  private var remainingDeadline: Duration? {
    guard let deadline = options.deadline else { return nil }
    let left = deadline - .nanoseconds(Int64(elapsed))
    return left > .zero ? left : .nanoseconds(1)
  }

  private func enqueue(_ outbound: [Outbound]) {
    if outbound.contains(where: { if case .end = $0 { true } else { false } }) { sentEnd = true }
    queued += outbound
    guard headersSent, let context else { return }
    flushQueued(context)
    context.flush()
  }

  private func flushQueued(_ context: ChannelHandlerContext) {
    let items = queued
    queued = []
    for (index, item) in items.enumerated() {
      switch item {
      case .message(let buffer):
        let endsHere =
          index == items.count - 2 && { if case .end = items[index + 1] { true } else { false } }()
        context.write(
          wrapOutboundOut(.data(.init(data: .byteBuffer(buffer), endStream: endsHere))),
          promise: nil)
        if endsHere { return }
      case .end:
        context.write(
          wrapOutboundOut(.data(.init(data: .byteBuffer(ByteBuffer()), endStream: true))),
          promise: nil)
      }
    }
  }

  // MARK: - Ending

  private func noteFirstResponse() {
    if firstResponseNanos == nil { firstResponseNanos = elapsed }
  }

  private func apply(_ outputs: [ResponseReader.Output]) {
    for output in outputs {
      switch output {
      case .event(let event):
        emit(event)
      case .finish(let status, let resetStream):
        if resetStream, let context {
          resetThenFinish(context, status)
        } else {
          finish(status)
          closeStreamIfOpen()
        }
        return
      }
    }
  }

  /// Ends the call locally with `code` after resetting the stream (when it exists), so the
  /// RST_STREAM is among the call's frames.
  private func abort(_ code: Status.Code, _ message: String) {
    guard !finished else { return }
    let status = Status(code: code, message: message)
    if let context, headersSent {
      resetThenFinish(context, status)
    } else {
      finish(status)
    }
  }

  private func resetThenFinish(_ context: ChannelHandlerContext, _ status: Status) {
    guard abortStatus == nil else { return }
    abortStatus = status
    let promise = context.eventLoop.makePromise(of: Void.self)
    context.writeAndFlush(wrapOutboundOut(.rstStream(.cancel)), promise: promise)
    let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
    promise.futureResult.whenComplete { _ in
      loopBound.value.finish(status)
      loopBound.value.context?.close(promise: nil)
    }
  }

  private func closeStreamIfOpen() {
    // A server may finish (trailers) before the client half-closed; closing the stream channel
    // then resets it, as gRPC clients do.
    if !sentEnd, let context, context.channel.isActive { context.close(promise: nil) }
  }

  private func finish(_ proposed: Status) {
    guard !finished else { return }
    let status = abortStatus ?? proposed
    finished = true
    deadlineTimer?.cancel()
    deadlineTimer = nil
    let timing = CallTiming(
      connectNanos: connectNanos, firstResponseNanos: firstResponseNanos, totalNanos: elapsed)
    emit(
      .finished(
        CallOutcome(
          status: status, httpStatus: reader.httpStatus, nonGRPCBody: reader.nonGRPCBody,
          timing: timing, connectionFailed: connectionFailed)))
    if let streamID { connection?.unregister(stream: streamID) }
    connection?.callEnded()
  }

  private static func describe(_ duration: Duration) -> String {
    let millis = Double(duration.wholeNanoseconds) / 1e6
    return millis >= 1000 ? "\(millis / 1000) s" : "\(millis) ms"
  }
}

extension Channel {
  /// The HTTP/2 stream ID, once the multiplexer assigned one (on the first flushed write).
  fileprivate var streamIDIfAssigned: UInt32? {
    guard let id = try? syncOptions?.getOption(HTTP2StreamChannelOptions.streamID) else {
      return nil
    }
    return UInt32(Int(id))
  }
}
