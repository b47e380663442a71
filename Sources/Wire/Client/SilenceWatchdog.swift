import NIOCore

/// Closes a connection whose server sends nothing at all within `timeout` of connecting: a port
/// that accepts TCP but does not speak (HTTP/2 servers send SETTINGS at once). Without it, a
/// call without a deadline to such a port would wait forever.
final class SilenceWatchdog: ChannelInboundHandler {
  typealias InboundIn = ByteBuffer

  struct Silence: Error, CustomStringConvertible {
    var timeout: TimeAmount
    var description: String {
      "the server sent nothing within \(timeout.nanoseconds / 1_000_000) ms of connecting (is it an HTTP/2 server?)"
    }
  }

  private let timeout: TimeAmount
  private let onSilence: (Silence) -> Void
  private var timer: Scheduled<Void>?

  init(timeout: TimeAmount, onSilence: @escaping (Silence) -> Void) {
    self.timeout = timeout
    self.onSilence = onSilence
  }

  func channelActive(context: ChannelHandlerContext) {
    let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
    timer = context.eventLoop.scheduleTask(in: timeout) {
      let (watchdog, context) = loopBound.value
      watchdog.onSilence(Silence(timeout: watchdog.timeout))
      context.close(promise: nil)
    }
    context.fireChannelActive()
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    if let timer {
      timer.cancel()
      self.timer = nil
    }
    context.fireChannelRead(data)
  }

  func channelInactive(context: ChannelHandlerContext) {
    timer?.cancel()
    timer = nil
    context.fireChannelInactive()
  }
}
