import Foundation
import GreeterServer
import GreeterTestSupport
import Testing

/// `greeter-tui call` as a script uses it: against our server and Python grpcio's, `--json`,
/// exit statuses, and what reaches the terminal from a hostile server.
@Suite struct CallCommandTests {
  static let methods: [(String, [String], [String])] = [
    ("SayHello", ["Ada"], ["Hello, Ada!"]),
    ("SayHelloAgain", ["Ada"], ["Hello again, Ada!"]),
    (
      "SayHelloStreamReply", ["Ada"],
      ["Hello, Ada! (1/3)", "Hello, Ada! (2/3)", "Hello, Ada! (3/3)"]
    ),
    ("SayHelloBidiStream", ["Ada", "Grace"], ["Hello, Ada!", "Hello, Grace!"]),
    ("SayHelloToAll", ["Ada", "Grace", "Lin"], ["Hello, Ada, Grace and Lin!"]),
  ]

  static func checkJSON(_ call: CallProcess, method: String, replies: [String], target: String)
    throws
  {
    #expect(call.status == 0, "\(call.output)\n\(call.errorOutput)")
    let json = try call.json
    #expect(json["method"] as? String == "/helloworld.Greeter/\(method)")
    #expect(json["target"] as? String == target)
    #expect(try call.statusName == "OK")
    #expect(try call.responses == replies)
    let headers = json["headers"] as? [[String: String]] ?? []
    #expect(
      headers.contains {
        $0["name"] == "content-type" && $0["value"]?.hasPrefix("application/grpc") == true
      })
    let trailers = json["trailers"] as? [[String: String]] ?? []
    #expect(trailers.contains { $0["name"] == "grpc-status" && $0["value"] == "0" })
    let frames = try call.frames
    #expect(frames.first?["type"] as? String == "PREFACE")
    #expect(frames.first?["dir"] as? String == "out")
    #expect(frames.last?["type"] as? String == "GOAWAY", "the list runs to the connection's close")
    for frame in frames where frame["type"] as? String != "PREFACE" {
      // The JSON fields say what the frame's own 9-byte header says.
      let hex = try #require(frame["hex"] as? String)
      let bytes = try #require(Self.bytes(hex))
      let length = Int(bytes[0]) << 16 | Int(bytes[1]) << 8 | Int(bytes[2])
      #expect(frame["length"] as? Int == length)
      #expect(bytes.count == 9 + length)
      let stream = (5...8).reduce(0) { $0 << 8 | Int(bytes[$1]) } & 0x7FFF_FFFF
      #expect(frame["stream"] as? Int == stream)
    }
    let dataMessages = frames.filter {
      $0["type"] as? String == "DATA" && $0["dir"] as? String == "in"
    }
    .flatMap { $0["messages"] as? [[String: Any]] ?? [] }
    #expect(dataMessages.count == replies.count)
    let timing = try #require(json["timing"] as? [String: Any])
    #expect((timing["total_us"] as? Int ?? 0) > 0)
  }

  static func bytes(_ hex: String) -> [UInt8]? {
    var result: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
      let next = hex.index(index, offsetBy: 2)
      guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
      result.append(byte)
      index = next
    }
    return result
  }

  @Test func allFiveMethodsAgainstServeAsJSON() async throws {
    let serve = try await ServeProcess.start()
    defer { serve.process.terminate() }
    for (method, names, replies) in Self.methods {
      let target = "127.0.0.1:\(serve.address.port)"
      let call = try await CallProcess.run(["--json", "--target", target, method] + names)
      try Self.checkJSON(call, method: method, replies: replies, target: target)
    }
  }

  @Test func allFiveMethodsAgainstPythonGrpcioAsJSON() async throws {
    let peers = try TestEnvironment.pythonPeers()
    let server = try ChildProcess(
      try TestEnvironment.python(), ["\(peers)/greeter_server.py", "0"])
    defer { server.terminate() }
    let port = try await server.waitForLine(startingWith: "listening on 127.0.0.1:")
    for (method, names, replies) in Self.methods {
      let target = "127.0.0.1:\(port)"
      let call = try await CallProcess.run(["--json", "--target", target, method] + names)
      try Self.checkJSON(call, method: method, replies: replies, target: target)
    }
  }

  /// Client streaming: one request per NAME on one stream, half-closed with the last one
  /// (END_STREAM on its DATA frame), then the one reply; no NAME is a stream closed at once.
  @Test func sayHelloToAllSendsEachNameOnOneStreamThenHalfCloses() async throws {
    let names = ["Ada", "Grace", "Lin"]
    let text = try await CallProcess.run(["--embedded", "SayHelloToAll"] + names)
    #expect(text.status == 0, "\(text.output)\n\(text.errorOutput)")
    #expect(text.output.hasPrefix("Calling /helloworld.Greeter/SayHelloToAll (client stream) on "))
    #expect(
      text.output.contains(
        "Request contents:\n{\"name\":\"Ada\"}\n{\"name\":\"Grace\"}\n{\"name\":\"Lin\"}\n"))
    #expect(
      text.output.contains(
        "Response contents:\n{\n  \"message\": \"Hello, Ada, Grace and Lin!\"\n}\n"))
    #expect(text.output.contains("Sent 3 requests and received 1 response"))
    #expect(text.output.contains("Status: OK · "))

    let json = try await CallProcess.run(["--json", "--embedded", "SayHelloToAll"] + names)
    #expect(json.status == 0, "\(json.output)\n\(json.errorOutput)")
    #expect(try json.json["method"] as? String == "/helloworld.Greeter/SayHelloToAll")
    #expect(try json.json["requests"] as? [[String: String]] == names.map { ["name": $0] })
    #expect(try json.responses == ["Hello, Ada, Grace and Lin!"])
    #expect(try json.statusName == "OK")
    let sent = try json.frames.filter {
      $0["type"] as? String == "DATA" && $0["dir"] as? String == "out"
    }
    #expect(sent.flatMap { $0["messages"] as? [[String: Any]] ?? [] }.count == 3)
    #expect(sent.last?["flags"] as? [String] == ["END_STREAM"], "half-closed with the last name")
    #expect(
      sent.dropLast().allSatisfy { ($0["flags"] as? [String])?.contains("END_STREAM") == false })

    for (names, greeting) in [([String](), "Hello, nobody!"), (["Ada"], "Hello, Ada!")] {
      let call = try await CallProcess.run(["--json", "--embedded", "SayHelloToAll"] + names)
      #expect(call.status == 0, "\(names): \(call.output)\n\(call.errorOutput)")
      #expect(try call.responses == [greeting])
      #expect(try call.json["requests"] as? [[String: String]] == names.map { ["name": $0] })
    }
  }

  @Test func embeddedHumanOutputLooksLikeGrpcurlVerbose() async throws {
    let call = try await CallProcess.run([
      "--embedded", "--frames", "/helloworld.Greeter/SayHelloAgain", "Ada",
    ])
    #expect(call.status == 0)
    #expect(call.output.contains("Response contents:\n{\n  \"message\": \"Hello again, Ada!\"\n}"))
    #expect(call.output.contains("Response trailers received:\ngrpc-status: 0"))
    #expect(call.output.contains("Sent 1 request and received 1 response"))
    #expect(call.output.contains("Status: OK · "))
    #expect(call.output.contains("HEADERS stream 1 [END_HEADERS]"))
    #expect(
      call.output.contains(":path: /helloworld.Greeter/SayHelloAgain  (literal with indexing"))
    #expect(call.output.contains("DATA stream 1 24 B  gRPC 19 B: message: \"Hello again, Ada!\""))
    #expect(call.output.contains("|Hello again, Ada|"))
  }

  @Test func exitStatusesTellUsageConnectionAndEachStatusApart() async throws {
    let unknown = try await CallProcess.run(["--embedded", "SayGoodbye", "Ada"])
    #expect(unknown.status == 64)
    #expect(unknown.errorOutput.contains("unknown method SayGoodbye; the catalog has"))
    let twoNames = try await CallProcess.run(["SayHello", "Ada", "Grace"])
    #expect(twoNames.status == 64)

    let refusing = try RefusingPort()
    let port = refusing.port
    let refused = try await CallProcess.run(["--target", "127.0.0.1:\(port)", "SayHello", "Ada"])
    #expect(refused.status == 2)
    #expect(refused.output.contains("Status: UNAVAILABLE: connection refused 127.0.0.1:\(port)"))
    withExtendedLifetime(refusing) {}

    let scripted = try await ScriptedServer.start()
    let target = "127.0.0.1:\(scripted.port)"
    let notFound = try await CallProcess.run([
      "--target", target, "--protoset", TestEnvironment.greeterProtoset, "-H",
      "x-scenario:trailers-only", "SayHello", "Ada",
    ])
    #expect(notFound.status == 64 + 5)
    let deadline = try await CallProcess.run(
      [
        "--json", "--deadline", "0.2", "--target", target, "--protoset",
        TestEnvironment.greeterProtoset, "-H", "x-scenario:silent", "SayHello",
        "Ada",
      ])
    #expect(deadline.status == 64 + 4)
    #expect(try deadline.statusName == "DEADLINE_EXCEEDED")
    #expect(
      try deadline.frames.contains {
        $0["type"] as? String == "RST_STREAM" && $0["dir"] as? String == "out"
      })
    let huge = try await CallProcess.run(
      [
        "--max-receive", "1000000", "--target", target, "--protoset",
        TestEnvironment.greeterProtoset, "-H", "x-scenario:huge-message", "SayHello",
        "Ada",
      ])
    #expect(huge.status == 64 + 8)
    #expect(
      huge.output.contains(
        "RESOURCE_EXHAUSTED: received a message of 5242885 bytes, over the limit of 1000000 bytes"))
    let gateway = try await CallProcess.run([
      "--target", target, "--protoset", TestEnvironment.greeterProtoset, "-H",
      "x-scenario:bad-gateway", "SayHello", "Ada",
    ])
    #expect(gateway.status == 64 + 14)
    #expect(gateway.output.contains("<html><body><h1>502 Bad Gateway</h1></body></html>"))
    await scripted.stop()
  }

  @Test func hostileServerTextNeverReachesTheTerminalRaw() async throws {
    let scripted = try await ScriptedServer.start()
    defer { Task { await scripted.stop() } }
    let target = "127.0.0.1:\(scripted.port)"
    for format in [["--frames"], ["--json"]] {
      let call = try await CallProcess.run(
        format + [
          "--target", target, "--protoset", TestEnvironment.greeterProtoset, "-H",
          "x-scenario:hostile-text", "SayHello", "Ada",
        ])
      #expect(call.status == 64 + 13)
      let dangerous = call.output.unicodeScalars.filter {
        ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value)
          || [
            0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F,
          ]
          .contains($0.value)
      }
      #expect(
        dangerous.isEmpty,
        "raw controls in \(format): \(dangerous.map { String($0.value, radix: 16) })")
    }
    let text = try await CallProcess.run([
      "--target", target, "--protoset", TestEnvironment.greeterProtoset, "-H",
      "x-scenario:hostile-text", "SayHello", "Ada",
    ])
    #expect(
      text.output.contains("Status: INTERNAL: Hello, ␛]0;pwned␇␛[2J⟨C1 9B⟩31m⟨RLO⟩dlrow⟨PDF⟩!"))
    let json = try await CallProcess.run([
      "--json", "--target", target, "--protoset", TestEnvironment.greeterProtoset, "-H",
      "x-scenario:hostile-text", "SayHello", "Ada",
    ])
    // Escaped, not lost: the JSON still says exactly what the server sent.
    let status = try #require(try json.json["status"] as? [String: Any])
    #expect(status["message"] as? String == ScriptedServer.hostileText)
    #expect(try json.responses == [ScriptedServer.hostileText])
  }
}
