import Foundation
import GreeterServer
import GreeterTestSupport
import Testing

/// `call -d`: requests as proto3 JSON for any method of the catalog (`--protoset` adds one),
/// against our server, Python grpcio's Greeter and a Python grpcio server of the kitchen-sink
/// schema; bad JSON refused before anything is sent; rich error details decoded.
@Suite struct CallDataTests {
  static let kitchenSink = TestEnvironment.repositoryRoot.appendingPathComponent(
    "Tests/WireFormatTests/Fixtures/kitchen_sink.protoset"
  ).path

  static func kitchenSinkServer() async throws -> (ChildProcess, String) {
    let script = TestEnvironment.repositoryRoot.appendingPathComponent(
      "Tests/WireFormatTests/Python/kitchen_sink_server.py"
    ).path
    let server = try ChildProcess(try TestEnvironment.python(), [script, "0"])
    let port = try await server.waitForLine(startingWith: "listening on 127.0.0.1:")
    return (server, "127.0.0.1:\(port)")
  }

  @Test func dataFromTheArgumentAFileAndStandardInputAgainstOurServer() async throws {
    let inline = try await CallProcess.run([
      "--embedded", "--json", "-d", #"{"name": "Ada"}"#, "SayHello",
    ])
    #expect(try inline.responses == ["Hello, Ada!"])
    #expect(try inline.json["requests"] as? [[String: String]] == [["name": "Ada"]])

    let file = FileManager.default.temporaryDirectory.appendingPathComponent(
      "greeter-\(UUID()).json")
    try "{\"name\": \"Grace\"}\n{\"name\": \"Lin\"}\n".write(
      to: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: file) }
    let bidi = try await CallProcess.run(
      ["--embedded", "--json", "-d", "@\(file.path)", "SayHelloBidiStream"])
    #expect(try bidi.responses == ["Hello, Grace!", "Hello, Lin!"], "two objects, one stream")

    let binary = try TestEnvironment.greeterTUI()
    let (status, output) = try Spawn.run(
      "/bin/sh",
      ["-c", "printf '{\"name\":\"Stdin\"}' | '\(binary)' call --embedded -d @- SayHelloAgain"])
    #expect(status == 0, "\(output)")
    #expect(output.contains("\"message\": \"Hello again, Stdin!\""), "\(output)")
  }

  @Test func noDataIsOneEmptyRequestAndNamesStayAShortcut() async throws {
    let empty = try await CallProcess.run(["--embedded", "--json", "SayHello"])
    #expect(try empty.responses == ["Hello, !"])
    #expect(try empty.json["requests"] as? [[String: String]] == [[:]])
    let named = try await CallProcess.run(["--embedded", "--json", "SayHello", "Ada"])
    #expect(try named.responses == ["Hello, Ada!"])
  }

  /// A port nobody listens on: a usage error (64) rather than a refused connection (2) shows
  /// that nothing was sent.
  @Test(arguments: [
    (
      ["-d", "{\n  \"name\": 5\n}", "SayHello"],
      "greeter-tui: -d is not a helloworld.HelloRequest: name (line 2, column 11): expected a string, got 5"
    ),
    (
      ["-d", #"{"nam": "x"}"#, "SayHello"],
      "greeter-tui: -d is not a helloworld.HelloRequest: nam (line 1, column 2): no field nam in helloworld.HelloRequest"
    ),
    (
      ["-d", "{} {}", "SayHello"],
      "greeter-tui: SayHello takes exactly one request, and -d holds 2 JSON values"
    ),
    (
      ["-d", #"{"name": "a"} {"name": 1}"#, "SayHelloBidiStream"],
      "greeter-tui: -d (request 2) is not a helloworld.HelloRequest: name (line 1, column 24): expected a string, got 1"
    ),
    (
      ["-d", #"{"name": "a"} trailing"#, "SayHelloBidiStream"],
      "greeter-tui: -d: line 1, column 15: expected a JSON value, got 'trailing'"
    ),
    (
      ["-d", "{}", "SayHello", "Ada"],
      "greeter-tui: give the requests as -d JSON or as NAME arguments, not both"
    ),
    (
      ["-d", "@/nonexistent/requests.json", "SayHello"],
      "greeter-tui: -d @/nonexistent/requests.json: cannot read it (No such file or directory)"
    ),
  ])
  func badDataIsAUsageErrorAndNothingIsSent(arguments: [String], message: String) async throws {
    let port = try LoopbackPort.outsideEphemeralRange()
    let call = try await CallProcess.run(["--target", "127.0.0.1:\(port)"] + arguments)
    #expect(call.status == 64, "\(call.output)\n\(call.errorOutput)")
    #expect(call.errorOutput.trimmingCharacters(in: .newlines) == message)
  }

  @Test func pythonGrpcioGreeterTakesData() async throws {
    let peers = try TestEnvironment.pythonPeers()
    let python = try ChildProcess(
      try TestEnvironment.python(), ["\(peers)/greeter_server.py", "0"])
    defer { python.terminate() }
    let port = try await python.waitForLine(startingWith: "listening on 127.0.0.1:")
    let call = try await CallProcess.run(
      ["--json", "--target", "127.0.0.1:\(port)", "-d", #"{"name":"you"}"#, "SayHello"])
    #expect(try call.responses == ["Hello, you!"])
  }

  @Test func everyKindOfTheKitchenSinkServiceAgainstPythonGrpcio() async throws {
    let (server, target) = try await Self.kitchenSinkServer()
    defer { server.terminate() }
    let order =
      #"{"id":"o1","customer":{"name":"Ada"},"items":[{"sku":"a","quantity":2,"unitPriceCents":"150"},{"sku":"b","quantity":1,"unitPriceCents":"9007199254740993"}]}"#
    let common = ["--json", "--protoset", Self.kitchenSink, "--target", target]
    func responses(_ call: CallProcess) throws -> [[String: Any]] {
      try call.json["responses"] as? [[String: Any]] ?? []
    }

    let unary = try await CallProcess.run(common + ["-d", order, "kitchensink.KitchenSink/Unary"])
    #expect(unary.status == 0, "\(unary.output)\n\(unary.errorOutput)")
    let receipt = try #require(try responses(unary).first)
    #expect(receipt["message"] as? String == "2 items for Ada")
    #expect(receipt["totalCents"] as? String == "9007199254741293", "int64 as a string, exact")

    let stream = try await CallProcess.run(common + ["-d", order, "ServerStream"])
    #expect(try responses(stream).map { $0["sku"] as? String } == ["a", "b"])

    let orders = #"{"id":"o1"} {"id":"o2","items":[{"sku":"c"}]} {"id":"o3"}"#
    let client = try await CallProcess.run(common + ["-d", orders, "ClientStream"])
    let total = try #require(try responses(client).first)
    #expect(total["orderId"] as? String == "o1+o2+o3")
    #expect(total["message"] as? String == "3 orders")

    let bidi = try await CallProcess.run(common + ["-d", orders, "Bidi"])
    #expect(try responses(bidi).map { $0["orderId"] as? String } == ["o1", "o2", "o3"])
  }

  @Test func richErrorDetailsAreDecodedInTextAndJSON() async throws {
    let (server, target) = try await Self.kitchenSinkServer()
    defer { server.terminate() }
    let common = ["--protoset", Self.kitchenSink, "--target", target, "-d", #"{"id":"o1"}"#]
    let json = try await CallProcess.run(["--json"] + common + ["Fail"])
    #expect(json.status == 64 + 3, "INVALID_ARGUMENT")
    let status = try #require(try json.json["status"] as? [String: Any])
    let details = try #require(status["details"] as? [[String: Any]])
    #expect(
      details.map { $0["@type"] as? String } == [
        "type.googleapis.com/google.rpc.BadRequest", "type.googleapis.com/google.rpc.ErrorInfo",
      ])
    let violations = details[0]["fieldViolations"] as? [[String: String]]
    #expect(
      violations?.first == ["field": "items[0].quantity", "description": "must be at least 1"])
    #expect(details[1]["reason"] as? String == "ORDER_REJECTED")

    let text = try await CallProcess.run(common + ["Fail"])
    #expect(
      text.output.contains(
        "Error details (grpc-status-details-bin):\n{\n  \"@type\": \"type.googleapis.com/google.rpc.BadRequest\""
      ))
    #expect(text.output.contains("Status: INVALID_ARGUMENT: order rejected"))
  }
}
