import NIOCore

/// Sits first in a connection's pipeline and shows every byte, both ways, to `record`, then passes
/// it on unchanged. It never parses: that is `FrameCapture`'s job.
///
/// Placed first (next to the socket) because a handler behind `NIOHTTP2Handler` would miss the
/// preface, SETTINGS, PING and WINDOW_UPDATE frames and CONTINUATION boundaries.
final class ByteTap: ChannelDuplexHandler {
  typealias InboundIn = ByteBuffer
  typealias InboundOut = ByteBuffer
  typealias OutboundIn = IOData
  typealias OutboundOut = IOData

  private let record: (Direction, ByteBuffer) -> Void
  private let end: () -> Void

  init(record: @escaping (Direction, ByteBuffer) -> Void, end: @escaping () -> Void) {
    self.record = record
    self.end = end
  }

  func channelInactive(context: ChannelHandlerContext) {
    end()
    context.fireChannelInactive()
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    record(.inbound, unwrapInboundIn(data))
    context.fireChannelRead(data)
  }

  func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
    if case .byteBuffer(let buffer) = unwrapOutboundIn(data) {
      record(.outbound, buffer)
    }
    context.write(data, promise: promise)
  }
}
