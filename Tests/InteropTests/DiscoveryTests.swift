import Foundation
import GreeterTestSupport
import Testing

/// Discovery against peers no one here wrote: Python grpcio servers with grpcio-reflection
/// (v1alpha only: the fallback; and with a v1 handler too), Python's reflection and health
/// clients against `greeter-tui serve`, protoc for `--proto`, and a hostile reflection server.
@Suite struct DiscoveryTests {
  /// `greeter-tui SUBCOMMAND ARGUMENTS…` run to completion.
  enum Run {
    static func of(_ arguments: [String]) async throws -> CallProcess {
      try await CallProcess.run(Array(arguments.dropFirst()), command: arguments[0])
    }
  }

  static func python(_ script: String, _ arguments: [String]) async throws -> (ChildProcess, String)
  {
    let path = TestEnvironment.repositoryRoot.appendingPathComponent(script).path
    let server = try ChildProcess(try TestEnvironment.python(), [path] + arguments)
    let port = try await server.waitForLine(startingWith: "listening on 127.0.0.1:")
    return (server, "127.0.0.1:\(port)")
  }

  static func kitchenSink(_ arguments: [String]) async throws -> (ChildProcess, String) {
    try await python("Tests/WireFormatTests/Python/kitchen_sink_server.py", ["0"] + arguments)
  }

  @Test func aV1alphaOnlyServerIsFoundByFallingBackAndEveryKindIsCalled() async throws {
    let (server, target) = try await Self.kitchenSink(["--reflection", "v1alpha", "--health"])
    defer { server.terminate() }

    let list = try await Run.of(["list", "--target", target])
    #expect(list.status == 0, "\(list.errorOutput)")
    #expect(
      list.output
        == "grpc.health.v1.Health\ngrpc.reflection.v1alpha.ServerReflection\nkitchensink.KitchenSink\n"
    )
    let listJSON = try await Run.of(["list", "--json", "--target", target]).json
    let discovery = try #require(listJSON["discovery"] as? [String: Any])
    #expect(discovery["source"] as? String == "reflection-v1alpha")
    let calls = try #require(discovery["calls"] as? [[String: Any]])
    #expect(
      calls.map { $0["method"] as? String } == [
        "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
        "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
      ])
    #expect(
      calls.map { ($0["status"] as? [String: Any])?["name"] as? String } == [
        "UNIMPLEMENTED", "OK",
      ])

    let methods = try await Run.of(["list", "--target", target, "kitchensink.KitchenSink"])
    #expect(
      methods.output.split(separator: "\n") == [
        "kitchensink.KitchenSink.Unary", "kitchensink.KitchenSink.ServerStream",
        "kitchensink.KitchenSink.ClientStream", "kitchensink.KitchenSink.Bidi",
        "kitchensink.KitchenSink.Fail",
      ])

    let order = try await Run.of(["describe", "--target", target, "kitchensink.Order"])
    #expect(order.status == 0)
    for line in [
      "kitchensink.Order is a message:", "  map<string, string> labels = 5;", "  oneof payment {",
      "    string voucher_code = 7;", "  message Customer {", "    enum Tier {",
    ] {
      #expect(order.output.contains(line + "\n"), "\(line) in\n\(order.output)")
    }
    let fields = try #require(
      try await Run.of(["describe", "--json", "--target", target, "kitchensink.Order"]).json[
        "fields"] as? [[String: Any]])
    let labels = Dictionary(
      uniqueKeysWithValues: fields.map {
        ($0["name"] as? String ?? "", $0["label"] as? String ?? "")
      })
    #expect(labels["id"] == "singular")
    #expect(labels["items"] == "repeated")
    #expect(labels["labels"] == "map")
    let service = try await Run.of(["describe", "--target", target, "kitchensink.KitchenSink"])
    #expect(
      service.output.contains(
        "  rpc Bidi ( stream .kitchensink.Order ) returns ( stream .kitchensink.Receipt );"))

    let order1 = #"{"id":"o1","items":[{"sku":"a","quantity":2,"unitPriceCents":"5"}]}"#
    let order2 = #"{"id":"o2","items":[{"sku":"b","quantity":1,"unitPriceCents":"7"}]}"#
    let protosetOut = FileManager.default.temporaryDirectory
      .appendingPathComponent("discovered-\(UUID()).protoset").path
    defer { try? FileManager.default.removeItem(atPath: protosetOut) }
    for (method, data, replies) in [
      ("Unary", order1, [#""message":"1 item for nobody""#]),
      ("ServerStream", order1, [#""lineTotalCents":"10""#]),
      ("ClientStream", order1 + order2, [#""orderId":"o1+o2""#]),
      ("Bidi", order1 + order2, [#""orderId":"o1""#, #""orderId":"o2""#]),
    ] {
      let call = try await Run.of(
        ["call", "--json", "--target", target, "--protoset-out", protosetOut, "-d", data, method])
      #expect(call.status == 0, "\(method): \(call.errorOutput)")
      let json = try call.json
      let responses = try #require(json["responses"] as? [[String: Any]])
      #expect(responses.count == replies.count, "\(method)")
      for (response, reply) in zip(responses, replies) {
        let text = String(
          decoding: try JSONSerialization.data(withJSONObject: response, options: [.sortedKeys]),
          as: UTF8.self)
        #expect(text.contains(reply), "\(method): \(text)")
      }
      let discovered = try #require(json["discovery"] as? [String: Any])
      #expect(discovered["source"] as? String == "reflection-v1alpha")
      // Discovery's frames are its own: the call's `frames` hold only the call's stream.
      let frames = try #require(json["frames"] as? [[String: Any]])
      #expect(!frames.contains { ($0["summary"] as? String)?.contains("ServerReflection") == true })
    }

    // The protoset that was written is whole: Python reads it back, every import included.
    let check = try ChildProcess(
      try TestEnvironment.python(),
      [
        "-c",
        """
        import sys
        from google.protobuf import descriptor_pb2, descriptor_pool
        s = descriptor_pb2.FileDescriptorSet.FromString(open(sys.argv[1], 'rb').read())
        pool = descriptor_pool.DescriptorPool()
        for f in s.file: pool.Add(f)
        print(' '.join(sorted(f.name for f in s.file)))
        print(pool.FindServiceByName('kitchensink.KitchenSink').methods_by_name['Bidi'].input_type.full_name)
        """,
        protosetOut,
      ])
    #expect(try await check.waitForExit() == 0, "\(check.errorOutput)")
    #expect(check.output.contains("kitchen_sink.proto"), "\(check.output)")
    #expect(check.output.contains("google/protobuf/timestamp.proto"), "\(check.output)")
    #expect(check.output.contains("grpc/health/v1/health.proto"), "a listed service's file")
    #expect(check.output.hasSuffix("kitchensink.Order\n"), "\(check.output)")
  }

  @Test func aServerWithV1IsAskedOnceAndHealthIsCallable() async throws {
    let (server, target) = try await Self.kitchenSink(["--reflection", "both", "--health"])
    defer { server.terminate() }
    let list = try await Run.of(["list", "--json", "--target", target])
    let discovery = try #require(try list.json["discovery"] as? [String: Any])
    #expect(discovery["source"] as? String == "reflection-v1")
    #expect((discovery["calls"] as? [Any])?.count == 1)
    let health = try await Run.of([
      "call", "--json", "--target", target, "-d", #"{"service":"kitchensink.KitchenSink"}"#,
      "grpc.health.v1.Health/Check",
    ])
    #expect(health.status == 0, "\(health.errorOutput)")
    #expect(health.output.contains(#""status": "SERVING""#), "\(health.output)")
  }

  @Test func pythonsReflectionAndHealthClientsFindOurServer() async throws {
    let serve = try await ServeProcess.start()
    defer { serve.process.terminate() }
    let client = try ChildProcess(
      try TestEnvironment.python(),
      [
        TestEnvironment.repositoryRoot.appendingPathComponent(
          "Tests/InteropTests/Python/reflection_health_client.py"
        ).path, "127.0.0.1:\(serve.address.port)",
      ])
    #expect(try await client.waitForExit() == 0, "\(client.errorOutput)")
    let found = try #require(
      try JSONSerialization.jsonObject(with: Data(client.output.utf8)) as? [String: Any])
    let services = [
      "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection",
      "grpc.reflection.v1alpha.ServerReflection", "helloworld.Greeter",
    ]
    #expect(found["services"] as? [String] == services)
    #expect(found["v1_services"] as? [String] == services)
    let methods = try #require(found["methods"] as? [[Any]])
    #expect(
      methods.map { $0[0] as? String } == [
        "SayHello", "SayHelloAgain", "SayHelloStreamReply", "SayHelloBidiStream", "SayHelloToAll",
      ])
    #expect(methods.allSatisfy { $0[1] as? String == "helloworld.HelloRequest" })
    #expect(found["request_fields"] as? [String] == ["name"])
    #expect(found["health"] as? String == "SERVING")
    #expect(found["health_greeter"] as? String == "SERVING")

    // Our own client on both versions against our server.
    for version in ["v1", "v1alpha"] {
      let list = try await Run.of([
        "list", "--json", "--reflect", version, "--target", "127.0.0.1:\(serve.address.port)",
      ])
      let discovery = try #require(try list.json["discovery"] as? [String: Any])
      #expect(discovery["source"] as? String == "reflection-\(version)")
      let listed = try #require(try list.json["services"] as? [[String: Any]])
      #expect(listed.map { $0["name"] as? String } == services)
    }
  }

  @Test func protoFilesAreCompiledByProtocWithImportPaths() async throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("protos-\(UUID())")
    defer { try? FileManager.default.removeItem(at: folder) }
    let shared = folder.appendingPathComponent("include/shared")
    try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
    try """
    syntax = "proto3";
    package shared;
    message Money { string currency = 1; int64 units = 2; }
    """.write(to: shared.appendingPathComponent("money.proto"), atomically: true, encoding: .utf8)
    let api = folder.appendingPathComponent("api")
    try FileManager.default.createDirectory(at: api, withIntermediateDirectories: true)
    try """
    syntax = "proto3";
    package shop;
    import "shared/money.proto";
    message Price { shared.Money amount = 1; repeated string tags = 2; }
    service Prices { rpc Quote(Price) returns (Price); }
    """.write(to: api.appendingPathComponent("shop.proto"), atomically: true, encoding: .utf8)

    let described = try await Run.of([
      "describe", "--proto", api.appendingPathComponent("shop.proto").path,
      "-I", api.path, "-I", folder.appendingPathComponent("include").path, "shop.Price",
    ])
    #expect(described.status == 0, "\(described.errorOutput)")
    #expect(
      described.output
        == "shop.Price is a message:\nmessage Price {\n  .shared.Money amount = 1;\n  repeated string tags = 2;\n}\n"
    )

    let missing = try await Run.of([
      "list", "--proto", api.appendingPathComponent("shop.proto").path, "-I", api.path,
    ])
    #expect(missing.status == 1)
    #expect(missing.errorOutput.hasPrefix("greeter-tui: protoc failed (exit 1):\n"))
    #expect(
      missing.errorOutput.contains("shared/money.proto: File not found."), "\(missing.errorOutput)")

    try "syntax = \"proto3\";\nmessage Broken { strin name = 1; }\n".write(
      to: api.appendingPathComponent("broken.proto"), atomically: true, encoding: .utf8)
    let broken = try await Run.of([
      "list", "--proto", api.appendingPathComponent("broken.proto").path, "-I", api.path,
    ])
    #expect(broken.status == 1)
    #expect(
      broken.errorOutput.contains("broken.proto:2:18: \"strin\" is not defined."),
      "\(broken.errorOutput)")
  }

  @Test func aServerWithoutReflectionNeedsAProtoset() async throws {
    let (server, target) = try await Self.kitchenSink([])
    defer { server.terminate() }
    let list = try await Run.of(["list", "--target", target])
    #expect(list.status == 1)
    #expect(
      list.errorOutput
        == "greeter-tui: server does not support the reflection API (tried grpc.reflection.v1 and grpc.reflection.v1alpha: UNIMPLEMENTED); give --protoset FILE or --proto FILE\n"
    )
    let protoset = TestEnvironment.repositoryRoot.appendingPathComponent(
      "Tests/WireFormatTests/Fixtures/kitchen_sink.protoset"
    ).path
    let listed = try await Run.of(["list", "--json", "--target", target, "--protoset", protoset])
    #expect(listed.status == 0)
    let discovery = try #require(try listed.json["discovery"] as? [String: Any])
    #expect(discovery["source"] as? String == "protoset")
    #expect((discovery["calls"] as? [Any])?.isEmpty == true, "no reflection with a protoset")
    let call = try await Run.of([
      "call", "--target", target, "--protoset", protoset, "-d", #"{"id":"x"}"#, "Unary",
    ])
    #expect(call.status == 0, "\(call.errorOutput)")
  }

  struct Hostile: Sendable, CustomStringConvertible {
    var scenario: String
    var arguments: [String] = []
    var says: String
    var description: String { scenario }
  }

  static let hostile: [Hostile] = [
    Hostile(
      scenario: "list-error",
      says:
        "grpc.reflection.v1.ServerReflection answered list_services with an error: PERMISSION_DENIED: no listing here"
    ),
    Hostile(
      scenario: "symbol-error",
      says:
        "grpc.reflection.v1.ServerReflection answered file_containing_symbol evil.Svc with an error: NOT_FOUND: symbol not found: evil.Svc"
    ),
    Hostile(
      scenario: "silent", arguments: ["--deadline", "1"],
      says:
        "grpc.reflection.v1.ServerReflection ended DEADLINE_EXCEEDED before answering list_services: deadline of 1.0 s exceeded; call cancelled"
    ),
    Hostile(
      scenario: "malformed",
      says:
        "grpc.reflection.v1.ServerReflection: file 1 of the answer to file_containing_symbol evil.Svc is not a FileDescriptorProto"
    ),
    Hostile(
      scenario: "cyclic",
      says:
        "grpc.reflection.v1.ServerReflection: the server's descriptors are not a schema: import cycle among evil/a.proto, evil/b.proto"
    ),
    Hostile(
      scenario: "never-comes",
      says:
        "grpc.reflection.v1.ServerReflection: evil/never.proto, imported by evil/a.proto, never came (the server was asked for it by name)"
    ),
    Hostile(
      scenario: "huge",
      says:
        "grpc.reflection.v1.ServerReflection ended RESOURCE_EXHAUSTED before answering file_containing_symbol evil.Svc: received a message of 104857615 bytes, over the limit of 4194304 bytes"
    ),
    Hostile(
      scenario: "auth",
      says:
        "grpc.reflection.v1.ServerReflection ended UNAUTHENTICATED before answering list_services: missing credentials"
    ),
  ]

  @Test(arguments: hostile)
  func aHostileReflectionServerIsOneClearLineAndExitOne(_ hostile: Hostile) async throws {
    let (server, target) = try await Self.python(
      "Tests/InteropTests/Python/hostile_reflection_server.py", ["0"])
    defer { server.terminate() }
    let run = try await Run.of(
      ["list", "--target", target, "-H", "x-scenario:\(hostile.scenario)"] + hostile.arguments)
    #expect(run.status == 1)
    #expect(run.errorOutput == "greeter-tui: \(hostile.says)\n")
    #expect(run.output.isEmpty)
    #expect(
      run.peakResidentBytes < 200 << 20,
      "peak RSS \(run.peakResidentBytes >> 20) MiB for a \(hostile.scenario) server")
  }

  /// Names and messages a server sends never reach the terminal raw: `list`'s output and the
  /// error line show them inert.
  @Test func serverTextInDiscoveryIsShownInert() async throws {
    let (server, target) = try await Self.python(
      "Tests/InteropTests/Python/hostile_reflection_server.py", ["0"])
    defer { server.terminate() }
    let listed = try await Run.of(["list", "--target", target, "-H", "x-scenario:escapes"])
    #expect(listed.status == 0, "\(listed.errorOutput)")
    #expect(listed.output == "evil.␛]0;pwned␇Svc⟨RLO⟩\n")
    let run = try await Run.of(["list", "--target", target, "-H", "x-scenario:escapes-error"])
    #expect(run.status == 1)
    #expect(
      run.errorOutput
        == "greeter-tui: grpc.reflection.v1.ServerReflection answered file_containing_symbol evil.␛]0;pwned␇Svc⟨RLO⟩ with an error: NOT_FOUND: no ␛[2Jevil.␛]0;pwned␇Svc⟨RLO⟩\n"
    )
    for text in [listed.output, run.output, run.errorOutput] {
      #expect(
        !text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E }
      )
    }
  }

  /// No server: exit status 2 and what the connection said, for list and for a method that is
  /// not the Greeter's; a Greeter method is called and fails as a call (its report says so).
  @Test func noServerIsExitTwo() async throws {
    let refusing = try RefusingPort()
    let target = "127.0.0.1:\(refusing.port)"
    let list = try await Run.of(["list", "--target", target])
    #expect(list.status == 2)
    #expect(list.errorOutput.contains("connection refused \(target)"), "\(list.errorOutput)")
    #expect(list.output.isEmpty)
    let other = try await Run.of(["call", "--target", target, "-d", "{}", "shop.Shop/Buy"])
    #expect(other.status == 2)
    let greeter = try await Run.of(["call", "--target", target, "SayHello", "Ada"])
    #expect(greeter.status == 2)
    #expect(greeter.output.contains("Status: UNAVAILABLE: connection refused \(target)"))
    withExtendedLifetime(refusing) {}
  }

  /// Two files of one round import the same file the server sends only by name: it is asked
  /// for once, and discovery completes.
  @Test func anImportSharedByTwoFilesIsAskedOnce() async throws {
    let (server, target) = try await Self.python(
      "Tests/InteropTests/Python/hostile_reflection_server.py", ["0"])
    defer { server.terminate() }
    let run = try await Run.of([
      "list", "--json", "--target", target, "-H", "x-scenario:shared-import",
    ])
    #expect(run.status == 0, "\(run.errorOutput)")
    let discovery = try #require(try run.json["discovery"] as? [String: Any])
    let call = try #require((discovery["calls"] as? [[String: Any]])?.first)
    #expect(
      call["requests"] as? [String] == [
        "list_services", "file_containing_symbol evil.Svc", "file_containing_symbol evil.Other",
        "file_by_filename evil/common.proto",
      ])
  }

  @Test func headersReachTheReflectionCalls() async throws {
    let (server, target) = try await Self.python(
      "Tests/InteropTests/Python/hostile_reflection_server.py", ["0"])
    defer { server.terminate() }
    let run = try await Run.of([
      "list", "--target", target, "-H", "x-scenario:auth", "-H", "authorization:Bearer sesame",
      "evil.Svc",
    ])
    #expect(run.status == 0, "\(run.errorOutput)")
    #expect(run.output == "evil.Svc.Echo\n")
  }

  @Test func aGeneratedSchemaNeedsItsImportAndAllOfItIsListed() async throws {
    let (server, target) = try await Self.python(
      "Tests/InteropTests/Python/generated_reflection_server.py",
      ["0", "--services", "3", "--messages", "4"])
    defer { server.terminate() }
    let run = try await Run.of(["describe", "--target", target, "gen.s2.Message3"])
    #expect(run.status == 0, "\(run.errorOutput)")
    #expect(run.output.contains("  .gen.common.Common common = 4;"))
    #expect(run.output.contains("  .gen.s2.Message2 previous = 5;"))
    let list = try await Run.of(["list", "--target", target])
    #expect(list.output.split(separator: "\n").count == 4)
  }
}
