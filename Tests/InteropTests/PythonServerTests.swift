import GreeterServer
import GreeterTestSupport
import Testing

/// The independent peer as server: grpc-swift-2's client against a Python grpcio Greeter
/// written quick-start style (Tests/InteropTests/Python/greeter_server.py).
@Suite struct PythonServerTests {
  @Test func grpcSwiftClientGetsExactGreetingsFromPythonServer() async throws {
    let peers = try TestEnvironment.pythonPeers()
    let server = try ChildProcess(
      try TestEnvironment.python(), ["\(peers)/greeter_server.py", "0"])
    defer { server.terminate() }
    let listening = try await server.waitForLine(startingWith: "listening on 127.0.0.1:")
    let address = ServerAddress(host: "127.0.0.1", port: try #require(Int(listening)))

    let greetings = try await withGreeterClient(address) {
      try await greetAllFourWays($0, name: "you")
    }
    #expect(greetings == expectedGreetings("you"))
  }
}
