import ArgumentParser
import Dispatch
import Foundation
import GreeterServer

/// `greeter-tui serve`: the embedded Greeter server on its own, until SIGINT or SIGTERM.
struct Serve: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Serve the Greeter until interrupted.",
    discussion: """
      Serves helloworld.Greeter, server reflection (grpc.reflection.v1 and v1alpha) and health (grpc.health.v1.Health: SERVING). Reads requests compressed with gzip or deflate; compresses replies only with --compress. Prints "listening on HOST:PORT" once calls are accepted. SIGINT or SIGTERM stops accepting calls, lets running ones finish, and exits 0; a second one cuts off the calls still running. Exits 1 when the address cannot be bound (e.g. "127.0.0.1:50051 is already in use").

      Example:
        greeter-tui serve --port 50051 --log
      """
  )

  @Option(help: "The address to listen on.")
  var host = "127.0.0.1"

  @Option(
    parsing: .unconditional, help: "The TCP port to listen on, 0 to 65535; 0 picks a free one.")
  var port = "50051"

  @Flag(help: "Print one line per RPC (method, peer, status, duration) to stderr.")
  var log = false

  @Option(
    help: ArgumentHelp(
      "Compress replies with gzip or deflate, to clients that accept it (grpc-accept-encoding).",
      discussion: "Compressed requests are read with or without it.",
      valueName: "encoding"))
  var compress: String?

  @OptionGroup(title: "TLS")
  var tls: ServeTLSOptions

  func validate() throws {
    _ = try NumberOptions.listeningPort(port)
    _ = try CompressOption.parse(compress)
  }

  func run() async throws {
    let interceptors = log ? [RPCLogInterceptor(write: StandardError.writeLine)] : []
    let server = EmbeddedServer(interceptors: interceptors)
    let stopSignals = StopSignals()  // installed before binding, so no signal is missed
    let serverTLS = try tls.serverTLSOrExit()
    let replyCompression = try CompressOption.parse(compress)
    do {
      let address = try await server.start(
        host: host, port: NumberOptions.listeningPort(port), tls: serverTLS?.tls,
        replyCompression: replyCompression)
      if let caPath = serverTLS?.caPath {
        print("TLS CA for clients: \(caPath) (greeter-tui call --cacert \(caPath) …)")
      }
      print("listening on \(address)")
      fflush(nil)
    } catch {
      StandardError.writeLine("greeter-tui: \(error)")
      throw ExitCode.failure
    }
    let signal = await stopSignals.next()
    if log { StandardError.writeLine("received \(signal), shutting down") }
    // A second signal cuts off the calls still running (a client holding a stream open).
    let impatience = Task {
      let again = await stopSignals.next()
      guard !Task.isCancelled else { return }
      if log { StandardError.writeLine("received \(again), cutting off running calls") }
      await server.cutOffDraining()
    }
    await server.stop()
    impatience.cancel()
  }
}
