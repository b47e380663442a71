import GRPCCore
import NIOCore
import NIOHTTP2
import NIOPosix
import NIOSSL
import WireFormat

/// Our gRPC client: plaintext HTTP/2 (prior knowledge) on swift-nio-http2, one connection reused
/// across calls and made again when it died, every byte of it seen by a tap and decoded.
///
/// Written on NIOHTTP2 directly rather than on grpc-swift-2's client so that the connection's
/// pipeline is ours: the tap must sit next to the socket, and the UI shows streams and frames
/// that a generic client hides.
public final class ClientCore: Sendable {
  public struct Configuration: Sendable {
    public var target: Target
    /// The tap and the decoder; off only to measure what they cost.
    public var captureFrames = true
    /// Receives the connection's bytes as pcap records (`NIOWritePCAPHandler`'s output).
    public var pcapSink: (@Sendable (ByteBuffer) -> Void)?
    public var connectTimeout: Duration = .seconds(10)
    /// TLS under the tap (nil: plaintext HTTP/2 with prior knowledge).
    public var tls: PreparedTLS?
    /// The `:authority` of every call (`--authority`); nil: TLS's server name with the
    /// target's port, else the target.
    public var authority: String?

    public init(target: Target) {
      self.target = target
    }
  }

  public let configuration: Configuration
  /// Connection opened/closed and the connection-level frames; one consumer.
  public let connectionEvents: AsyncStream<ConnectionEvent>
  private let connectionContinuation: AsyncStream<ConnectionEvent>.Continuation
  let eventLoop: any EventLoop
  private let state: NIOLoopBoundBox<State>

  private struct State {
    var connection: Connection?
    /// Earlier connections the server sent GOAWAY on, still finishing their streams.
    var draining: [Connection] = []
    var connecting: EventLoopFuture<Connection>?
    var nextConnectionID = 1
    var isShutDown = false
  }

  public init(
    _ configuration: Configuration,
    eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
  ) {
    self.configuration = configuration
    self.eventLoop = eventLoopGroup.next()
    self.state = .makeBoxSendingValue(State(), eventLoop: eventLoop)
    (connectionEvents, connectionContinuation) = AsyncStream.makeStream()
  }

  public var target: Target { configuration.target }

  /// What calls send as `:authority`.
  var authority: String {
    if let authority = configuration.authority { return authority }
    if let name = configuration.tls?.serverName {
      return Target(host: name, port: target.port).description
    }
    return target.description
  }

  /// Starts a call; its events arrive on the returned call's `events`. Requests can be sent at
  /// once: they are queued until the stream is open.
  public func start(path: String, options: ClientCallOptions = ClientCallOptions()) -> ClientCall {
    let startNanos = NIODeadline.now().uptimeNanoseconds
    let (events, continuation) = AsyncStream<CallEvent>.makeStream()
    let call = ClientCall(path: path, startNanos: startNanos, events: events, eventLoop: eventLoop)
    eventLoop.execute { [self] in
      let handler = makeCall(path: path, options: options, startNanos: startNanos) { event in
        continuation.yield(event)
        if case .finished = event { continuation.finish() }
      }
      call.attach(handler)
    }
    return call
  }

  /// A unary or server-streaming call with one request, collected whole.
  ///
  /// The events are gathered on the event loop and the caller is resumed once, when the call
  /// ends: an `AsyncStream` would wake the caller's thread for every event.
  public func call(path: String, request: [UInt8], options: ClientCallOptions = ClientCallOptions())
    async
    -> CallResult
  {
    let startNanos = NIODeadline.now().uptimeNanoseconds
    let running = NIOLoopBoundBox.makeBoxSendingValue(
      (handler: CallStreamHandler?.none, cancelled: false), eventLoop: eventLoop)
    return await withTaskCancellationHandler {
      await withCheckedContinuation { (continuation: CheckedContinuation<CallResult, Never>) in
        eventLoop.execute { [self] in
          var result = CallResult.beforeItEnds
          let handler = makeCall(path: path, options: options, startNanos: startNanos) { event in
            result.apply(event)
            if case .finished = event { continuation.resume(returning: result) }
          }
          running.value.handler = handler
          handler.send(request, endingStream: true)
          if running.value.cancelled { handler.cancel() }
        }
      }
    } onCancel: {
      eventLoop.execute {
        running.value.cancelled = true
        running.value.handler?.cancel()
      }
    }
  }

  /// Makes the call's stream handler, starts its deadline and opens its stream (connecting
  /// first when needed). On the event loop.
  private func makeCall(
    path: String, options: ClientCallOptions, startNanos: UInt64,
    report: @escaping (CallEvent) -> Void
  ) -> CallStreamHandler {
    let handler = CallStreamHandler(
      path: path, authority: authority, scheme: configuration.tls == nil ? "http" : "https",
      options: options,
      startNanos: startNanos, eventLoop: eventLoop, report: report)
    handler.armDeadline(on: eventLoop)
    let reused = state.value.connection.map(\.isUsable) ?? false
    connection().assumeIsolated().whenComplete { result in
      let connectNanos = reused ? 0 : NIODeadline.now().uptimeNanoseconds &- startNanos
      switch result {
      case .failure(let error):
        handler.failBeforeStream(
          Status(
            code: .unavailable, message: ConnectFailure.describe(error, target: self.target)),
          connectNanos: connectNanos, connectionFailed: true)
      case .success(let connection):
        handler.connected(connection, connectNanos: connectNanos)
        self.openStream(on: connection, for: handler)
      }
    }
    return handler
  }

  /// Says goodbye (GOAWAY NO_ERROR) and closes the connection; returns once it is closed.
  /// Later calls fail UNAVAILABLE.
  public func shutdown() async {
    let closed: EventLoopFuture<Void> = eventLoop.flatSubmit { [self] in
      state.value.isShutDown = true
      for old in state.value.draining where !old.isClosed { old.channel?.close(promise: nil) }
      state.value.draining = []
      guard let connection = state.value.connection, !connection.isClosed,
        let channel = connection.channel
      else {
        connectionContinuation.finish()
        return eventLoop.makeSucceededVoidFuture()
      }
      let goAway = HTTP2Frame(
        streamID: .rootStream,
        payload: .goAway(lastStreamID: .rootStream, errorCode: .noError, opaqueData: nil))
      channel.writeAndFlush(goAway).whenComplete { _ in channel.close(promise: nil) }
      return channel.closeFuture.always { [connectionContinuation] _ in
        connectionContinuation.finish()
      }
    }
    try? await closed.get()
  }

  // MARK: - On the event loop

  private func connection() -> EventLoopFuture<Connection> {
    if state.value.isShutDown {
      return eventLoop.makeFailedFuture(ConnectFailure.shutDown)
    }
    if let connection = state.value.connection, connection.isUsable {
      return eventLoop.makeSucceededFuture(connection)
    }
    if let connecting = state.value.connecting { return connecting }
    if let draining = state.value.connection, !draining.isClosed,
      !state.value.draining.contains(where: { $0 === draining })
    {
      state.value.draining.append(draining)
    }
    state.value.draining.removeAll(where: \.isClosed)
    let id = state.value.nextConnectionID
    state.value.nextConnectionID += 1
    let connecting = connect(id: id)
    state.value.connecting = connecting
    connecting.whenComplete { [self] result in
      state.value.connecting = nil
      guard case .success(let connection) = result else { return }
      if state.value.isShutDown {
        connection.channel?.close(promise: nil)  // shut down while it was connecting
      } else {
        state.value.connection = connection
      }
    }
    return connecting
  }

  private func connect(id: Int) -> EventLoopFuture<Connection> {
    let continuation = connectionContinuation
    let target = configuration.target
    let connection = Connection(
      id: id, target: target, isTLS: configuration.tls != nil,
      capturing: configuration.captureFrames
    ) { event in
      continuation.yield(event)
    }
    let boundConnection = NIOLoopBound(connection, eventLoop: eventLoop)
    let configuration = configuration
    let eventLoop = eventLoop
    let connectTimeout = configuration.connectTimeout.wholeNanoseconds
    let bootstrap = ClientBootstrap(group: eventLoop)
      .connectTimeout(.nanoseconds(connectTimeout))
      .channelOption(.tcpOption(.tcp_nodelay), value: 1)
      .channelInitializer { channel in
        eventLoop.makeCompletedFuture {
          let connection = boundConnection.value
          let pipeline = channel.pipeline.syncOperations
          // TLS next to the socket, under pcap and the tap: they see HTTP/2 in the clear.
          // Made here, once per channel: a host with several addresses tries several.
          if let tls = configuration.tls {
            let reader = ServerHelloReader()
            let name = tls.serverName ?? target.host
            let check = ServerCertificateCheck(roots: tls.roots, expectedName: name)
            // SNI carries a host name, never an address (RFC 6066).
            let sniName = ServerCertificateCheck.isIPAddress(name) ? nil : name
            try pipeline.addHandler(reader)
            try pipeline.addHandler(
              NIOSSLClientHandler(
                context: tls.context, serverHostname: sniName,
                customVerificationCallbackWithMetadata: check.verify))
            try pipeline.addHandler(
              TLSHandshakeWatcher(
                done: eventLoop.makePromise(of: TLSFacts.self), helloReader: reader, check: check,
                serverName: sniName, verifies: tls.verifies,
                sendsCertificate: tls.sendsCertificate, target: target,
                timeout: .nanoseconds(connectTimeout)))
          }
          if let sink = configuration.pcapSink {
            try pipeline.addHandler(PCAPRecorder.handler(sink: sink))
          }
          if configuration.captureFrames {
            let capture = FrameCapture { connection.captured($0) }
            try pipeline.addHandler(ByteTap(record: capture.record, end: capture.end))
          }
          let silence = TimeAmount.nanoseconds(connectTimeout)
          try pipeline.addHandler(
            SilenceWatchdog(timeout: silence) { error in
              if connection.pipelineError == nil { connection.pipelineError = error }
            })
          var connectionConfiguration = NIOHTTP2Handler.ConnectionConfiguration()
          // Show what a server sends rather than refuse it: headers are validated by the reader.
          connectionConfiguration.headerBlockValidation = .disabled
          connectionConfiguration.contentLengthValidation = .disabled
          connectionConfiguration.initialSettings = [
            HTTP2Setting(parameter: .enablePush, value: 0),
            HTTP2Setting(parameter: .maxHeaderListSize, value: 1 << 20),
            HTTP2Setting(parameter: .initialWindowSize, value: 1 << 20),
          ]
          connectionConfiguration.targetWindowSize = 1 << 20
          var streamConfiguration = NIOHTTP2Handler.StreamConfiguration()
          streamConfiguration.targetWindowSize = 1 << 20
          let multiplexer = try pipeline.configureHTTP2Pipeline(
            mode: .client,
            connectionConfiguration: connectionConfiguration,
            streamConfiguration: streamConfiguration
          ) { stream in
            // The server may not open streams (push is off): refuse any it tries.
            stream.close()
          }
          try pipeline.addHandler(ConnectionErrorHandler(connection: connection))
          connection.attach(channel: channel, multiplexer: multiplexer)
        }
      }
    let connected = bootstrap.connect(host: target.host, port: target.port)
    let secured: EventLoopFuture<(any Channel, TLSFacts?)>
    if configuration.tls != nil {
      // The channel that won: its own watcher says when TLS is up.
      secured = connected.flatMap { channel in
        let done: EventLoopFuture<TLSFacts>
        do {
          done = try channel.pipeline.syncOperations.handler(type: TLSHandshakeWatcher.self).done
            .futureResult
        } catch {
          done = channel.eventLoop.makeFailedFuture(error)
        }
        return done.map { (channel, $0) }.flatMapErrorThrowing { error in
          channel.close(promise: nil)
          throw error
        }
      }
    } else {
      secured = connected.map { ($0, nil) }
    }
    return secured.map { channel, tls in
      let connection = boundConnection.value
      // The channel that won (of a host's several addresses, each attempt ran the initializer).
      if let multiplexer = try? channel.pipeline.syncOperations.handler(type: NIOHTTP2Handler.self)
        .syncMultiplexer()
      {
        connection.attach(channel: channel, multiplexer: multiplexer)
      }
      continuation.yield(.connected(target: target, connectionID: id, tls: tls))
      channel.closeFuture.whenComplete { _ in boundConnection.value.closed() }
      return connection
    }
  }

  private func openStream(on connection: Connection, for handler: CallStreamHandler) {
    guard let multiplexer = connection.multiplexer else {
      handler.failBeforeStream(
        Status(code: .unavailable, message: "connection to \(target) is not ready"))
      return
    }
    let boundHandler = NIOLoopBound(handler, eventLoop: eventLoop)
    let eventLoop = eventLoop
    let target = target
    let promise = eventLoop.makePromise(of: (any Channel).self)
    multiplexer.createStreamChannel(promise: promise) { stream in
      eventLoop.makeCompletedFuture {
        try stream.pipeline.syncOperations.addHandler(boundHandler.value)
      }
    }
    promise.futureResult.whenFailure { error in
      boundHandler.value.failBeforeStream(
        Status(code: .unavailable, message: "could not open a stream to \(target): \(error)"))
    }
  }
}
