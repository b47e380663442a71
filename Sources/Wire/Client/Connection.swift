import Foundation
import NIOCore
import NIOHTTP2
import NIOSSL

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

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
  /// The first header block from the server that did not decode (HPACK).
  private(set) var headerError: String?
  /// The first thing the decoder could not follow, in either direction.
  private(set) var decodeError: DecodeError?
  /// The first error the connection's pipeline raised (e.g. an HTTP/2 protocol error).
  var pipelineError: (any Error)?
  private(set) var isClosed = false
  /// The server sent GOAWAY: the streams it has may finish, new calls need a new connection.
  private(set) var isDraining = false
  /// Calls given this connection that have not ended.
  private var activeCalls = 0
  /// Whether TLS carries it (a silent close of a plaintext one may be a TLS server's).
  let isTLS: Bool
  /// Whether the tap sees its bytes (off only to measure what it costs): without it nothing
  /// is known of what the server sent.
  let capturing: Bool
  /// Whether anything at all came from the server.
  private var heardFromServer = false

  init(
    id: Int, target: Target, isTLS: Bool, capturing: Bool,
    report: @escaping (ConnectionEvent) -> Void
  ) {
    self.id = id
    self.target = target
    self.isTLS = isTLS
    self.capturing = capturing
    self.reportToConnection = report
  }

  /// Takes new calls: open, and no GOAWAY from the server.
  var isUsable: Bool { !isClosed && !isDraining }

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

  func callBegan() { activeCalls += 1 }

  func callEnded() {
    activeCalls -= 1
    closeIfDrained()
  }

  /// The server sent GOAWAY.
  func drain() {
    isDraining = true
    closeIfDrained()
  }

  /// A connection that takes no new calls is closed once its last call ended: a server that
  /// sent GOAWAY but keeps the connection open would otherwise leave one idle per GOAWAY.
  private func closeIfDrained() {
    guard isDraining, activeCalls == 0, !isClosed, let channel else { return }
    channel.close(promise: nil)
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
        text += ", debug data \"\(String(decoding: goAway.debugData, as: UTF8.self))\""
      }
      reasons.append(text + ")")
    }
    if let decodeError {
      var text = "undecodable bytes from the server: \(decodeError.message)"
      if !isTLS, decodeError.direction == .inbound, decodeError.offset == 0 {
        text += " (its first bytes: is it a TLS server? then pass --tls or --cacert FILE)"
      }
      reasons.append(text)
    }
    if capturing, !heardFromServer, !isTLS, pipelineError == nil, goAway == nil {
      reasons.append(
        "the server closed the connection without sending a byte (an HTTP/2 server sends SETTINGS first): if it speaks TLS, pass --tls or --cacert FILE"
      )
    }
    if let headerError { reasons.append(headerError) }
    if let silence = pipelineError as? SilenceWatchdog.Silence {
      reasons.append(silence.description)
    } else if let pipelineError {
      reasons.append(Self.describe(pipelineError))
    }
    return reasons.isEmpty ? nil : reasons.joined(separator: "; ")
  }

  /// An error of the connection's pipeline in words: what the network or NIOHTTP2 said, without
  /// the source locations NIOHTTP2's errors print.
  static func describe(_ error: any Error) -> String {
    if let error = error as? IOError {
      return
        "network error: \(String(cString: strerror(error.errnoCode))) (errno \(error.errnoCode))"
    }
    if error is NIOSSLError || error is BoringSSLError {
      let text = String(describing: error)
      // TLS 1.3: the server's refusal of a missing client certificate comes after the
      // handshake, with the first call.
      if text.contains("CERTIFICATE_REQUIRED") {
        return "the server wants a client certificate: pass --cert FILE --key FILE"
      }
      return "TLS error: \(TLSConnectError.brief(text))"
    }
    let name = String(describing: type(of: error))
    if let meaning = http2ErrorMeanings[name] { return "HTTP/2 error: \(meaning) (\(name))" }
    var text = String(describing: error)
    if let location = text.range(of: #",? ?(file|location): .*\)$"#, options: .regularExpression) {
      text.replaceSubrange(location, with: ")")
    }
    return "HTTP/2 error: " + (text.hasSuffix("()") ? name : text)
  }

  private static let http2ErrorMeanings = [
    "ExcessiveControlFrames":
      "the server sent more PING/SETTINGS frames than allowed, a flood; connection closed",
    "UnableToParseFrame": "a frame from the server could not be parsed",
    "NoSuchStream": "the server sent a frame on a stream that is closed or never existed",
    "StreamClosed": "the server sent a frame on a closed stream",
    "ExcessiveOutboundFrameBuffering": "the server does not read what we send",
    "ExcessiveEmptyDataFrames": "the server sent too many empty DATA frames",
    "ExcessiveContinuationFrames": "the server sent too many CONTINUATION frames",
    "ExcessiveRSTFrames": "the server reset too many streams",
    "FrameTooLarge": "a frame larger than SETTINGS_MAX_FRAME_SIZE",
  ]

  private func note(_ item: CapturedItem) {
    switch item.item {
    case .error(let error):
      if error.direction == .inbound { heardFromServer = true }
      if decodeError == nil { decodeError = error }
    case .frame(let frame):
      guard frame.direction == .inbound else { return }
      heardFromServer = true
      switch frame.payload {
      case .goAway(let last, let code, let debug):
        goAway = (last, code, debug)
      case .headers(let headers), .continuation(let headers):
        if headerError == nil, let error = headers.block?.error {
          headerError = "HEADERS on stream \(frame.streamID): \(error)"
        }
      default:
        break
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

/// The last handler of a connection's pipeline: notes a GOAWAY (the connection then takes no new
/// calls), remembers the first error for the close reason and closes the connection on it
/// (NIOHTTP2 has already sent GOAWAY where the protocol says so).
final class ConnectionErrorHandler: ChannelInboundHandler {
  typealias InboundIn = HTTP2Frame

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    if case .goAway = unwrapInboundIn(data).payload { connection.drain() }
    context.fireChannelRead(data)
  }

  private let connection: Connection

  init(connection: Connection) {
    self.connection = connection
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    if connection.pipelineError == nil { connection.pipelineError = error }
    context.close(promise: nil)
  }
}
