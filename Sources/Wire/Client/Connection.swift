import NIOCore
import NIOHTTP2

/// One HTTP/2 connection of the client core and what is known about it: the channel, its stream
/// multiplexer, the router for captured frames, and why it is ending.
///
/// Only ever touched on its event loop; `@unchecked Sendable` so that futures can carry it there.
final class Connection: @unchecked Sendable {
  let id: Int
  let target: Target
  private(set) var channel: (any Channel)?
  private(set) var multiplexer: NIOHTTP2Handler.StreamMultiplexer?
  private var router = FrameRouter<CallStreamHandler>()
  private let reportToConnection: (ConnectionEvent) -> Void

  /// The last GOAWAY the server sent.
  private(set) var goAway: (lastStreamID: UInt32, errorCode: UInt32, debugData: [UInt8])?
  /// The first thing the decoder could not follow, in either direction.
  private(set) var decodeError: DecodeError?
  /// The first error the connection's pipeline raised (e.g. an HTTP/2 protocol error).
  var pipelineError: (any Error)?
  private(set) var isClosed = false

  init(id: Int, target: Target, report: @escaping (ConnectionEvent) -> Void) {
    self.id = id
    self.target = target
    self.reportToConnection = report
  }

  func attach(channel: any Channel, multiplexer: NIOHTTP2Handler.StreamMultiplexer) {
    self.channel = channel
    self.multiplexer = multiplexer
  }

  /// Called with each item the tap's decoder completes, in order.
  func captured(_ item: CapturedItem) {
    note(item)
    guard let destination = router.route(item) else { return }
    deliver(destination)
  }

  func register(_ handler: CallStreamHandler, stream: UInt32) {
    for destination in router.register(stream, sink: handler) { deliver(destination) }
  }

  func unregister(stream: UInt32) {
    router.unregister(stream)
  }

  /// The connection closed: what was held goes to the connection, then the closing event.
  func closed() {
    guard !isClosed else { return }
    isClosed = true
    for item in router.releaseAll() { reportToConnection(.captured(item, connectionID: id)) }
    reportToConnection(.closed(reason: closeReason, connectionID: id))
  }

  /// Why the connection ended or is ending, in words, or nil when nothing went wrong.
  var closeReason: String? {
    var reasons: [String] = []
    if let goAway {
      var text =
        "server sent GOAWAY \(HTTP2Names.errorCode(goAway.errorCode)) (last stream \(goAway.lastStreamID)"
      if !goAway.debugData.isEmpty {
        text += ", debug data \(String(decoding: goAway.debugData, as: UTF8.self).debugDescription)"
      }
      reasons.append(text + ")")
    }
    if let decodeError {
      reasons.append("undecodable bytes from the server: \(decodeError.message)")
    }
    if let silence = pipelineError as? SilenceWatchdog.Silence {
      reasons.append(silence.description)
    } else if let pipelineError {
      reasons.append("HTTP/2 error: \(Self.describe(pipelineError))")
    }
    return reasons.isEmpty ? nil : reasons.joined(separator: "; ")
  }

  /// NIOHTTP2's errors print their source location; people need the name of what went wrong.
  static func describe(_ error: any Error) -> String {
    let name = String(describing: type(of: error))
    let text = String(describing: error)
    if text.hasPrefix(name + "(file:") || text.hasPrefix(name + "(location:") { return name }
    return text
  }

  private func note(_ item: CapturedItem) {
    switch item.item {
    case .error(let error):
      if decodeError == nil { decodeError = error }
    case .frame(let frame):
      if frame.direction == .inbound, case .goAway(let last, let code, let debug) = frame.payload {
        goAway = (last, code, debug)
      }
    }
  }

  private func deliver(_ destination: FrameRouter<CallStreamHandler>.Destination) {
    switch destination {
    case .connection(let item): reportToConnection(.captured(item, connectionID: id))
    case .call(let handler, let item): handler.captured(item)
    }
  }
}

/// The last handler of a connection's pipeline: remembers the first error for the close reason
/// and closes the connection on it (NIOHTTP2 has already sent GOAWAY where the protocol says so).
final class ConnectionErrorHandler: ChannelInboundHandler {
  typealias InboundIn = HTTP2Frame

  private let connection: Connection

  init(connection: Connection) {
    self.connection = connection
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    if connection.pipelineError == nil { connection.pipelineError = error }
    context.close(promise: nil)
  }
}
