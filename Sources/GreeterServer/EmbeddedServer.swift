import GRPCCore
import GRPCNIOTransportHTTP2Posix
import NIOCore
import NIOPosix
import WireFormat

/// The Greeter, with server reflection (v1, v1alpha) and health, served on a TCP address inside this process, on event-loop threads of its own,
/// so that a UI thread never blocks it and it never blocks a UI thread.
///
/// Start, stop and start again (on the same port too) from any task; calls are serialized by the
/// actor. Binds 127.0.0.1 unless given another host.
public actor EmbeddedServer {
  /// The server's threads, shared by every embedded server of the process and kept for its
  /// lifetime: starting a server then costs no thread creation (1–11 ms to listening).
  private static let eventLoopGroup = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)

  private struct Running {
    var server: GRPCServer<HTTP2ServerTransport.Posix>
    var health: HealthService
    var serving: Task<(any Error)?, Never>
    var address: ServerAddress
  }

  private let interceptors: [any ServerInterceptor]
  private var running: Running?
  /// Servers told to stop whose RPCs are still finishing.
  private var draining: [Task<(any Error)?, Never>] = []
  /// `cutOffDraining()` was asked for: a stop that begins later cuts off at once too (the ask
  /// may arrive before the stop it was meant for).
  private var cuttingOff = false

  /// - Parameter interceptors: applied to every RPC (e.g. `RPCLogInterceptor` for `serve --log`).
  public init(interceptors: [any ServerInterceptor] = []) {
    self.interceptors = interceptors
  }

  /// Where the server listens, or nil while stopped.
  public var address: ServerAddress? { running?.address }

  /// Binds `host:port` (port 0 picks a free port) and starts serving.
  ///
  /// Requests compressed with gzip or deflate are always read; replies are compressed only with
  /// `replyCompression`, and only to a client that offers it.
  /// - Returns: the bound address, with the actual port.
  @discardableResult
  public func start(
    host: String = "127.0.0.1", port: Int, tls: ServerTLS? = nil,
    replyCompression: MessageCompression? = nil
  ) async throws(EmbeddedServerError) -> ServerAddress {
    if let running { throw .alreadyRunning(running.address) }
    cuttingOff = false
    let requested = ServerAddress(host: host, port: port)
    var security = HTTP2ServerTransport.Posix.TransportSecurity.plaintext
    if let tls { security = tls.transportSecurity }
    let config = HTTP2ServerTransport.Posix.Config.defaults { config in
      config.compression.enabledAlgorithms = [.gzip, .deflate]
      config.channelDebuggingCallbacks.onAcceptHTTP2Stream = { stream in
        stream.eventLoop.makeCompletedFuture {
          try stream.pipeline.syncOperations.addHandler(
            ReplyEncodingChoice(compression: replyCompression), position: .first)
        }
      }
    }
    let transport = HTTP2ServerTransport.Posix(
      address: requested.socketAddress, transportSecurity: security, config: config,
      eventLoopGroup: Self.eventLoopGroup
    )
    let health = HealthService(services: ServedSchema.services)
    let reflection = ReflectionService(
      files: ServedSchema.files, services: ServedSchema.services)
    let server = GRPCServer(
      transport: transport,
      services: [GreeterService(), health, reflection.v1, reflection.v1alpha],
      interceptors: interceptors
    )
    // `serve()` throws the bind error itself; `listeningAddress` below only says that it failed.
    // Errors after a successful start end the server, which `address` then still reports until
    // `stop()`: callers see their calls fail, not a crash.
    let serving = Task<(any Error)?, Never> {
      do {
        try await server.serve()
        return nil
      } catch {
        return error
      }
    }
    do {
      let bound = try await transport.listeningAddress
      let port = bound.ipv4?.port ?? bound.ipv6?.port ?? port
      let address = ServerAddress(host: requested.host, port: port)
      running = Running(server: server, health: health, serving: serving, address: address)
      return address
    } catch {
      server.beginGracefulShutdown()
      let cause = await serving.value ?? error
      throw EmbeddedServerError.binding(requested, failedWith: cause)
    }
  }

  /// Stops accepting connections (clients get GOAWAY), lets running RPCs finish, and returns
  /// once the port is free. With a `gracePeriod`, RPCs still running when it ends are cut off
  /// (their streams reset): an open bidi stream cannot keep a stopped server alive for ever.
  /// Does nothing when already stopped.
  public func stop(gracePeriod: Duration? = nil) async {
    guard let running else { return }
    self.running = nil
    let serving = running.serving
    draining.append(serving)
    defer { draining.removeAll { $0 == serving } }
    // Health watchers are told NOT_SERVING and their streams end, so they do not hold the stop.
    running.health.shutDown()
    running.server.beginGracefulShutdown()
    if cuttingOff { serving.cancel() }
    guard let gracePeriod else {
      _ = await serving.value
      return
    }
    await withTaskGroup(of: Void.self) { group in
      group.addTask { _ = await serving.value }
      group.addTask {
        // Cancelling `serve()`'s task is grpc-swift-2's abrupt stop.
        if (try? await Task.sleep(for: gracePeriod)) != nil { serving.cancel() }
      }
      await group.next()
      group.cancelAll()
    }
    _ = await serving.value
  }

  /// Cuts off the RPCs that a `stop()` in progress, or the next one, waits for: their streams
  /// are reset and that `stop()` returns.
  public func cutOffDraining() {
    cuttingOff = true
    for serving in draining { serving.cancel() }
  }
}
