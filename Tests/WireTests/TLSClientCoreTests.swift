import GRPCCore
import NIOCore
import NIOPosix
import Testing
import Wire

/// The TLS client core against servers that do not do their part; the TLS peers themselves
/// are in InteropTests (Python grpcio, openssl s_server).
@Suite struct TLSClientCoreTests {
  /// A port that accepts connections and never says a word.
  static func silentPort() async throws -> any Channel {
    try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
      .bind(host: "127.0.0.1", port: 0).get()
  }

  @Test func aServerThatNeverAnswersTheHandshakeIsSaidToBeSilent() async throws {
    let listener = try await Self.silentPort()
    let port = try #require(listener.localAddress?.port)
    var tls = ClientTLS()
    tls.trust = .insecure
    var configuration = ClientCore.Configuration(target: Target(host: "127.0.0.1", port: port))
    configuration.tls = try PreparedTLS.prepare(tls)
    configuration.connectTimeout = .milliseconds(300)
    let client = ClientCore(configuration)
    let result = await client.call(path: "/helloworld.Greeter/SayHello", request: [])
    #expect(result.status.code == .unavailable)
    #expect(
      result.status.message
        == "no TLS answer from 127.0.0.1:\(port) within 300 ms (is it a TLS server?)",
      "\(result.status.message)")
    #expect(result.outcome.connectionFailed)
    await client.shutdown()
    try await listener.close()
  }
}
