import Foundation
import GreeterTestSupport
import Testing

/// The independent peer as client: a Python grpcio client, generated from the same proto by
/// grpcio-tools, against the real `greeter-tui serve` binary.
@Suite struct PythonClientTests {
  @Test func pythonClientGetsExactGreetingsFromServe() async throws {
    let serve = try await ServeProcess.start(["--port", "0", "--log"])
    defer { serve.process.terminate() }

    let peers = try TestEnvironment.pythonPeers()
    let client = try ChildProcess(
      try TestEnvironment.python(),
      ["\(peers)/greeter_client.py", serve.address.description, "you"]
    )
    let status = try await client.waitForExit()
    #expect(status == 0, "\(client.errorOutput)")
    #expect(client.output.split(separator: "\n").map(String.init) == expectedGreetings("you"))

    // --log: one line per RPC on stderr, with method, peer, status and duration.
    let methods = [
      "SayHello", "SayHelloAgain", "SayHelloStreamReply", "SayHelloBidiStream", "SayHelloToAll",
      "SayHelloToAll",
    ]
    let logged = try await waitFor("six RPC log lines", details: serve.process.errorOutput) {
      let lines = serve.process.errorOutput.split(separator: "\n")
      return lines.count >= methods.count ? lines.map(String.init) : nil
    }
    #expect(logged.count == methods.count, "\(logged)")
    for (line, method) in zip(logged, methods) {
      let pattern =
        #"^/helloworld\.Greeter/"# + method
        + #" peer=ipv4:127\.0\.0\.1:\d+ status=OK duration=\d+\.\d\dms$"#
      #expect(line.wholeMatch(of: try Regex(pattern)) != nil, "\(line)")
    }
  }

  /// The quick start's own client, unchanged but for the port: it dials `localhost`, which may
  /// resolve to ::1 first, while `serve` binds 127.0.0.1.
  @Test func quickStartClientIsGreetedTwice() async throws {
    let serve = try await ServeProcess.start()
    defer { serve.process.terminate() }

    let peers = try TestEnvironment.pythonPeers()
    let client = try ChildProcess(
      try TestEnvironment.python(),
      ["\(peers)/quickstart_client.py", "\(serve.address.port)"]
    )
    #expect(try await client.waitForExit() == 0, "\(client.errorOutput)")
    #expect(
      client.output
        == "Greeter client received: Hello, you!\nGreeter client received: Hello again, you!\n"
    )
  }
}
