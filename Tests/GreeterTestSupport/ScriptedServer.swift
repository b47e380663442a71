import GreeterProtos
import NIOCore
import NIOHPACK
import NIOHTTP2
import NIOPosix
import SwiftProtobuf
import Synchronization

/// A server on NIOHTTP2 directly that misbehaves on request: the request header `x-scenario`
/// picks what it does to that call (see `Scenario`); without it, it answers like the Greeter's
/// SayHello. For clients of ours to meet the servers they will meet in the wild.
public final class ScriptedServer: Sendable {
  public enum Scenario: String, Sendable, CaseIterable {
    /// `Hello, NAME!` like the Greeter.
    case greet
    /// Never answers (a handler stuck; the client's deadline must end it).
    case silent
    /// Headers and one message, then the TCP connection is closed (a killed server).
    case dieMidStream = "die-mid-stream"
    /// `HTTP 502` with an HTML page, as a proxy in front of a dead backend says.
    case badGateway = "bad-gateway"
    /// A DATA frame of 20,000 bytes, over the 16,384 SETTINGS_MAX_FRAME_SIZE.
    case oversizedFrame = "oversized-frame"
    /// One 5 MiB reply.
    case hugeMessage = "huge-message"
    /// Headers, then GOAWAY NO_ERROR with last stream 0 and the connection closed.
    case goAwayMidCall = "goaway-mid-call"
    /// Headers and one message, then RST_STREAM INTERNAL_ERROR.
    case resetMidStream = "reset-mid-stream"
    /// A trailers-only NOT_FOUND with a percent-encoded message.
    case trailersOnly = "trailers-only"
    /// Reply and grpc-message full of ESC, OSC title, C1 and bidi controls.
    case hostileText = "hostile-text"
    /// The hostile text raw (not percent-encoded) in the trailers' grpc-message and another
    /// header, as HPACK allows any bytes in a value.
    case hostileHeaders = "hostile-headers"
    /// Bytes that are not HTTP/2 (an HTTP/1.1 answer) written into the connection.
    case garbage
    /// One 16 MiB reply.
    case hugerMessage = "huge-16mib"
    /// Response HEADERS whose block refers to an HPACK index that does not exist.
    case invalidHPACK = "invalid-hpack"
    /// A normal reply, then DATA on the stream it already ended.
    case dataOnClosedStream = "data-on-closed-stream"
    /// 1,000 PINGs, then a normal reply.
    case pingFlood = "ping-flood"
    /// Headers, then half a frame header, then the TCP connection closed.
    case closedMidFrame = "closed-mid-frame"
    /// A normal reply written one byte every 100 ms.
    case slowloris
    /// GOAWAY NO_ERROR naming this stream as the last, then a normal reply; the connection is
    /// left open (what a server going away politely may do).
    case goAwayThenAnswer = "goaway-then-answer"
  }

  /// Text that would retitle a terminal, clear it, ring it and reorder a line, if printed raw.
  public static let hostileText =
    "Hello, \u{1B}]0;pwned\u{07}\u{1B}[2J\u{9B}31m\u{202E}dlrow\u{202C}!"

  private let channel: any Channel
  public let port: Int
  private let requests: RequestCount

  private init(channel: any Channel, requests: RequestCount) {
    self.channel = channel
    self.port = channel.localAddress?.port ?? 0
    self.requests = requests
  }

  /// How many requests (streams whose request ended) have arrived so far.
  public var requestsReceived: Int { requests.value.withLock { $0 } }

  /// - Parameter scenario: what calls without an `x-scenario` header get.
  public static func start(scenario: Scenario = .greet) async throws -> ScriptedServer {
    let requests = RequestCount()
    let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          let injector = RawInjector()
          try channel.pipeline.syncOperations.addHandler(injector)
          let injectorBox = NIOLoopBound(injector, eventLoop: channel.eventLoop)
          _ = try channel.pipeline.syncOperations.configureHTTP2Pipeline(
            mode: .server, connectionConfiguration: .init(), streamConfiguration: .init()
          ) { stream in
            stream.eventLoop.makeCompletedFuture {
              try stream.pipeline.syncOperations.addHandler(
                ScenarioStreamHandler(
                  injector: injectorBox.value, scenario: scenario, requests: requests))
            }
          }
        }
      }
      .bind(host: "127.0.0.1", port: 0).get()
    return ScriptedServer(channel: channel, requests: requests)
  }

  public func stop() async {
    try? await channel.close()
  }
}

/// First in the connection's pipeline: writes go straight to the socket, past NIOHTTP2, so a
/// scenario can send bytes no HTTP/2 implementation would.
final class RawInjector: ChannelOutboundHandler {
  typealias OutboundIn = IOData
  typealias OutboundOut = IOData
  private var context: ChannelHandlerContext?
  /// Slowloris: everything written from now on goes out one byte every 100 ms.
  var dribble = false
  private var dribbling: [UInt8] = []
  private var dribbleTimer: RepeatedTask?

  func handlerAdded(context: ChannelHandlerContext) { self.context = context }

  func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
    guard dribble, case .byteBuffer(let buffer) = unwrapOutboundIn(data) else {
      context.write(data, promise: promise)
      return
    }
    dribbling += buffer.readableBytesView
    promise?.succeed()
    guard dribbleTimer == nil else { return }
    let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
    dribbleTimer = context.eventLoop.scheduleRepeatedTask(
      initialDelay: .milliseconds(100), delay: .milliseconds(100)
    ) { task in
      let (injector, context) = loopBound.value
      guard !injector.dribbling.isEmpty, context.channel.isActive else { return }
      let byte = injector.dribbling.removeFirst()
      context.writeAndFlush(NIOAny(IOData.byteBuffer(ByteBuffer(bytes: [byte]))), promise: nil)
    }
  }

  func flush(context: ChannelHandlerContext) {
    context.flush()
  }

  func inject(_ bytes: [UInt8], thenClose: Bool = false) {
    guard let context else { return }
    let promise = context.eventLoop.makePromise(of: Void.self)
    context.writeAndFlush(NIOAny(IOData.byteBuffer(ByteBuffer(bytes: bytes))), promise: promise)
    if thenClose { promise.futureResult.whenComplete { _ in context.close(promise: nil) } }
  }

  func closeConnection() { context?.close(promise: nil) }

  /// An HPACK header field as a literal without indexing with a new name (RFC 7541 6.2.2);
  /// `name` and `value` shorter than 127 bytes.
  static func literal(_ name: String, _ value: String) -> [UInt8] {
    [0x00, UInt8(name.utf8.count)] + Array(name.utf8) + [UInt8(value.utf8.count)]
      + Array(value.utf8)
  }

  /// A frame header and payload, whatever its length.
  static func frame(type: UInt8, flags: UInt8, stream: UInt32, payload: [UInt8]) -> [UInt8] {
    let length = payload.count
    return [
      UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF), type, flags,
    ]
      + withUnsafeBytes(of: stream.bigEndian, Array.init) + payload
  }
}

final class ScenarioStreamHandler: ChannelInboundHandler {
  typealias InboundIn = HTTP2Frame.FramePayload
  typealias OutboundOut = HTTP2Frame.FramePayload

  private let injector: RawInjector
  private var scenario: ScriptedServer.Scenario
  private let requests: RequestCount
  private var received: [UInt8] = []

  init(injector: RawInjector, scenario: ScriptedServer.Scenario, requests: RequestCount) {
    self.injector = injector
    self.scenario = scenario
    self.requests = requests
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    switch unwrapInboundIn(data) {
    case .headers(let headers):
      if let name = headers.headers.first(name: "x-scenario") {
        scenario = ScriptedServer.Scenario(rawValue: name) ?? .greet
      }
      if headers.endStream { respond(context) }
    case .data(let data):
      if case .byteBuffer(let buffer) = data.data { received += buffer.readableBytesView }
      if data.endStream { respond(context) }
    default:
      break
    }
  }

  private var name: String {
    guard received.count >= 5,
      let request = try? Helloworld_HelloRequest(serializedBytes: Array(received.dropFirst(5)))
    else { return "?" }
    return request.name
  }

  private func respond(_ context: ChannelHandlerContext) {
    requests.value.withLock { $0 += 1 }
    // A name "scenario:NAME" picks the scenario too (for clients that cannot send metadata).
    if name.hasPrefix("scenario:"),
      let named = ScriptedServer.Scenario(rawValue: String(name.dropFirst(9)))
    {
      scenario = named
    }
    let streamID =
      (try? context.channel.syncOptions?.getOption(HTTP2StreamChannelOptions.streamID))
      .map { UInt32(Int($0)) } ?? 1
    switch scenario {
    case .greet:
      sendHeaders(context)
      sendMessage(context, "Hello, \(name)!")
      sendTrailers(context, status: 0)
    case .silent:
      break
    case .dieMidStream:
      sendHeaders(context)
      sendMessage(context, "Hello, \(name)!").whenComplete { [injector] _ in
        injector.closeConnection()
      }
      context.flush()
      // And die anyway soon after, should the write's completion be slow to come on a loaded
      // machine: the test is about the client meeting a dead server, not about this one.
      let loopBound = NIOLoopBound(injector, eventLoop: context.eventLoop)
      context.eventLoop.scheduleTask(in: .milliseconds(300)) { loopBound.value.closeConnection() }
    case .badGateway:
      let page = "<html><body><h1>502 Bad Gateway</h1></body></html>"
      context.write(
        wrapOutboundOut(
          .headers(.init(headers: [":status": "502", "content-type": "text/html; charset=utf-8"]))),
        promise: nil)
      context.writeAndFlush(
        wrapOutboundOut(.data(.init(data: .byteBuffer(ByteBuffer(string: page)), endStream: true))),
        promise: nil)
    case .oversizedFrame:
      sendHeaders(context)
      context.flush()
      injector.inject(
        RawInjector.frame(
          type: 0, flags: 0, stream: streamID, payload: [UInt8](repeating: 0, count: 20_000)))
    case .hugeMessage:
      sendHeaders(context)
      sendMessage(context, String(repeating: "x", count: 5 << 20))
      sendTrailers(context, status: 0)
    case .goAwayMidCall:
      sendHeaders(context)
      context.flush()
      // GOAWAY NO_ERROR, last stream 0, debug data "going away": raw, so NIOHTTP2 cannot tidy it.
      injector.inject(
        RawInjector.frame(
          type: 7, flags: 0, stream: 0,
          payload: [0, 0, 0, 0, 0, 0, 0, 0] + Array("going away".utf8)))
      injector.closeConnection()
    case .resetMidStream:
      sendHeaders(context)
      let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
      sendMessage(context, "Hello, \(name)!").whenComplete { _ in
        let (handler, context) = loopBound.value
        context.writeAndFlush(handler.wrapOutboundOut(.rstStream(.internalError)), promise: nil)
      }
      context.flush()
    case .trailersOnly:
      context.writeAndFlush(
        wrapOutboundOut(
          .headers(
            .init(
              headers: [
                ":status": "200", "content-type": "application/grpc", "grpc-status": "5",
                "grpc-message": "no%20greeter%20called%20%E2%80%9C\(name)%E2%80%9D",
              ], endStream: true))), promise: nil)
    case .hostileText:
      sendHeaders(context)
      sendMessage(context, ScriptedServer.hostileText)
      let encoded = ScriptedServer.hostileText.utf8.map { byte in
        (0x20...0x7E).contains(byte) && byte != UInt8(ascii: "%")
          ? String(UnicodeScalar(byte)) : "%" + String(byte, radix: 16, uppercase: true).leftPad2
      }.joined()
      sendTrailers(context, status: 13, message: encoded)
    case .hostileHeaders:
      sendHeaders(context)
      let loopBound = NIOLoopBound(injector, eventLoop: context.eventLoop)
      sendMessage(context, "Hello, \(name)!").whenComplete { _ in
        // Raw trailers (HPACK literals), so NIOHTTP2 cannot refuse to send the controls.
        let trailers =
          RawInjector.literal("grpc-status", "13")
          + RawInjector.literal("grpc-message", ScriptedServer.hostileText)
          + RawInjector.literal("x-hostile", ScriptedServer.hostileText)
        loopBound.value.inject(
          RawInjector.frame(type: 1, flags: 0x5, stream: streamID, payload: trailers))
      }
      context.flush()
    case .hugerMessage:
      sendHeaders(context)
      sendMessage(context, String(repeating: "x", count: 16 << 20))
      sendTrailers(context, status: 0)
    case .invalidHPACK:
      // Indexed field 0x7FFF_FFFF: no table has it.
      injector.inject(
        RawInjector.frame(
          type: 1, flags: 0x4, stream: streamID, payload: [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x07]))
    case .dataOnClosedStream:
      sendHeaders(context)
      let loopBound = NIOLoopBound(injector, eventLoop: context.eventLoop)
      sendMessage(context, "Hello, \(name)!").whenComplete { _ in
        // Trailers and the stray DATA in one write, so that the client reads them together,
        // however fast it closes after the call ends. The trailers are raw (HPACK literals
        // without indexing), so NIOHTTP2 cannot hold the DATA back.
        let trailers =
          RawInjector.literal("grpc-status", "0")
          + RawInjector.literal("x-then", "data on a closed stream")
        loopBound.value.inject(
          RawInjector.frame(type: 1, flags: 0x5, stream: streamID, payload: trailers)
            + RawInjector.frame(type: 0, flags: 0, stream: streamID, payload: [0, 0, 0, 0, 0]))
      }
      context.flush()
    case .pingFlood:
      for index in 0..<1000 {
        injector.inject(
          RawInjector.frame(
            type: 6, flags: 0, stream: 0,
            payload: withUnsafeBytes(of: UInt64(index).bigEndian, Array.init)))
      }
      sendHeaders(context)
      sendMessage(context, "Hello, \(name)!")
      sendTrailers(context, status: 0)
    case .closedMidFrame:
      sendHeaders(context)
      let loopBound = NIOLoopBound(injector, eventLoop: context.eventLoop)
      let done = context.eventLoop.makePromise(of: Void.self)
      context.writeAndFlush(
        wrapOutboundOut(.data(.init(data: .byteBuffer(ByteBuffer(bytes: [0, 0, 0, 0, 5, 10]))))),
        promise: done)
      done.futureResult.whenComplete { _ in
        // Four bytes of a nine-byte frame header, then the connection closed.
        loopBound.value.inject([0, 0, 24, 0], thenClose: true)
      }
    case .goAwayThenAnswer:
      context.channel.parent?.writeAndFlush(
        HTTP2Frame(
          streamID: .rootStream,
          payload: .goAway(
            lastStreamID: HTTP2StreamID(Int(streamID)), errorCode: .noError, opaqueData: nil)),
        promise: nil)
      sendHeaders(context)
      sendMessage(context, "Hello, \(name)!")
      sendTrailers(context, status: 0)
    case .slowloris:
      injector.dribble = true
      sendHeaders(context)
      sendMessage(context, "Hello, \(name)!")
      sendTrailers(context, status: 0)
    case .garbage:
      injector.inject(Array("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".utf8))
      injector.closeConnection()
    }
  }

  private func sendHeaders(_ context: ChannelHandlerContext) {
    context.write(
      wrapOutboundOut(
        .headers(.init(headers: [":status": "200", "content-type": "application/grpc"]))),
      promise: nil)
  }

  @discardableResult
  private func sendMessage(_ context: ChannelHandlerContext, _ text: String) -> EventLoopFuture<
    Void
  > {
    let reply = Helloworld_HelloReply.with { $0.message = text }
    let bytes: [UInt8] = (try? reply.serializedBytes()) ?? []
    var buffer = ByteBuffer()
    buffer.writeInteger(UInt8(0))
    buffer.writeInteger(UInt32(bytes.count))
    buffer.writeBytes(bytes)
    let promise = context.eventLoop.makePromise(of: Void.self)
    context.write(wrapOutboundOut(.data(.init(data: .byteBuffer(buffer)))), promise: promise)
    return promise.futureResult
  }

  private func sendTrailers(_ context: ChannelHandlerContext, status: Int, message: String? = nil) {
    var trailers: HPACKHeaders = ["grpc-status": String(status)]
    if let message { trailers.add(name: "grpc-message", value: message) }
    context.writeAndFlush(
      wrapOutboundOut(.headers(.init(headers: trailers, endStream: true))), promise: nil)
  }
}

final class RequestCount: Sendable {
  let value = Mutex(0)
}

extension String {
  fileprivate var leftPad2: String { count < 2 ? "0" + self : self }
}
