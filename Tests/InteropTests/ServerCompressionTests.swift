import Foundation
import GreeterTestSupport
import Testing

/// `serve` reads compressed requests always and compresses replies only with `--compress`:
/// against Python grpcio's client (`compression=grpc.Compression.Gzip`) and our own `call`,
/// whose frames show what went over the wire.
@Suite struct ServerCompressionTests {
  /// grpcio sends a message as it is when compressing would not make it smaller: a long,
  /// repetitive name makes requests worth compressing.
  static let name = String(repeating: "Ada", count: 100)

  /// tshark on the wire says both sides compressed: the client's HEADERS and the server's name
  /// the encoding, and every message with a body each way has its compressed flag set.
  @Test(arguments: ["gzip", "deflate"])
  func pythonCompressesBothWaysWithServe(encoding: String) async throws {
    let serve = try await ServeProcess.start(["--port", "0", "--compress", encoding, "--log"])
    defer { serve.process.terminate() }
    let capture = try await TsharkCapture.start(port: serve.address.port)
    let client = try ChildProcess(
      try TestEnvironment.python(),
      [
        "\(try TestEnvironment.pythonPeers())/greeter_client.py", serve.address.description,
        Self.name, "--compression", encoding,
      ])
    #expect(try await client.waitForExit() == 0, "\(client.errorOutput)")
    #expect(
      client.output.split(separator: "\n").map(String.init) == expectedGreetings(Self.name))
    let packets = try await capture.stop(connectionsSinceStart: 1)
    for fromServer in [false, true] {
      let side = packets.filter { $0.fromServer == fromServer }
      let encodings = side.flatMap(\.headers).filter { $0.name == "grpc-encoding" }.map(\.value)
      #expect(Set(encodings) == [encoding], "from the server: \(fromServer)")
      let flags = side.flatMap(\.compressedFlags)
      // Requests: the name (300 B) in each of the 5 methods' calls but the empty client stream.
      #expect(flags.count >= 9, "from the server: \(fromServer), \(flags)")
      #expect(flags.allSatisfy { $0 == 1 }, "from the server: \(fromServer), \(flags)")
    }
  }

  @Test func repliesAreCompressedOnlyWithCompress() async throws {
    for (options, encoding) in [
      ([], nil), (["--compress", "gzip"], "gzip"), (["--compress", "deflate"], "deflate"),
    ] {
      let serve = try await ServeProcess.start(["--port", "0"] + options)
      defer { serve.process.terminate() }
      let result = try await CallProcess.run(
        ["--json", "--compress", "gzip"] + TestEnvironment.withoutDiscovery + [
          "--target", serve.address.description, "SayHelloToAll", "Ada", "Grace",
        ])
      #expect(result.status == 0, "\(result.errorOutput)")
      #expect(try result.responses == ["Hello, Ada and Grace!"])

      let outbound = try result.frames.filter { $0["dir"] as? String == "out" }
      let sent = outbound.compactMap { $0["summary"] as? String }
      #expect(sent.contains { $0.contains("gzip → 5 B: name: \"Ada\"") }, "\(sent)")

      let inbound = try result.frames.filter { $0["dir"] as? String == "in" }
      let replyEncoding =
        inbound.flatMap { $0["headers"] as? [[String: Any]] ?? [] }
        .first { $0["name"] as? String == "grpc-encoding" }?["value"] as? String
      #expect(replyEncoding == encoding, "\(options)")
      let received = inbound.compactMap { $0["summary"] as? String }
      if let encoding {
        #expect(
          received.contains {
            $0.contains("\(encoding) → 23 B: message: \"Hello, Ada and Grace!\"")
          },
          "\(received)")
      } else {
        #expect(
          received.contains { $0.contains("gRPC 23 B: message: \"Hello, Ada and Grace!\"") },
          "\(received)")
      }
    }
  }

  /// The explorer with `--compress gzip` against `serve --compress gzip`: the frames show a gzip
  /// message each way, with both sizes; the discovery's requests go uncompressed.
  @Test func theExplorerCompressesAndShowsBothSizes() async throws {
    let serve = try await ServeProcess.start(["--port", "0", "--compress", "gzip"])
    defer { serve.process.terminate() }
    let tmux = try TmuxSession.start(
      ["--target", serve.address.description, "--compress", "gzip"], width: 140, height: 40)
    defer { tmux.kill() }
    try await tmux.sayHello("Ada")
    let screen = try await tmux.waitFor("the reply and both gzip DATA frames") {
      $0.contains("◂ Hello, Ada!") && $0.contains("gRPC 25 B gzip → 5 B: name: \"Ada\"")
        && $0.contains("gzip → 13 B: message: ") && $0.contains("OK · ")
    }
    #expect(screen.contains("SayHello ▸ Ada"), "\(screen)")
    try tmux.keys("C-c")
    #expect(try await tmux.waitFor(text: "exit=").contains("exit=0"))
  }

  /// `--compress` is for the user's requests: discovery's reflection requests go as they are.
  @Test func reflectionRequestsAreNeverCompressed() async throws {
    let serve = try await ServeProcess.start(["--port", "0"])
    defer { serve.process.terminate() }
    let result = try await CallProcess.run(
      ["--json", "--compress", "gzip", "--target", serve.address.description, "SayHello", "Ada"])
    #expect(result.status == 0, "\(result.errorOutput)")
    let discovery = try #require(try result.json["discovery"] as? [String: Any])
    #expect(discovery["source"] as? String == "reflection-v1")
    let sent = (discovery["frames"] as? [[String: Any]] ?? []).filter {
      $0["dir"] as? String == "out"
    }
    let messages = sent.flatMap { $0["messages"] as? [[String: Any]] ?? [] }
    #expect(!messages.isEmpty)
    #expect(messages.allSatisfy { $0["compressed"] as? Bool == false }, "\(messages)")
    let headers = sent.flatMap { $0["headers"] as? [[String: Any]] ?? [] }
    #expect(!headers.contains { $0["name"] as? String == "grpc-encoding" })
    // The call itself is compressed.
    let call = try result.frames.filter { $0["dir"] as? String == "out" }
      .flatMap { $0["messages"] as? [[String: Any]] ?? [] }
    #expect(call.map { $0["compressed"] as? Bool } == [true])
  }

  @Test func serveRefusesAnUnknownCompression() async throws {
    let serve = try ChildProcess(
      try TestEnvironment.greeterTUI(), ["serve", "--port", "0", "--compress", "br"])
    #expect(try await serve.waitForExit() == 64)
    #expect(serve.errorOutput.contains("--compress takes gzip or deflate, not \"br\""))
  }
}
