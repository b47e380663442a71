import Foundation
import Testing
import Wire
import WireFormat

@testable import Explorer

/// The explorer works from the catalog it is given: frames are captured schemaless and named
/// when shown, requests travel as drafts (type + JSON), and any input type gets a prompt.
@Suite struct SchemaAsDataTests {
  /// The kitchen-sink test service (Tests/WireFormatTests/Fixtures), whose input types have many
  /// fields: the prompt takes JSON for them.
  static func kitchenSinkCatalog() throws -> Catalog {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../WireFormatTests/Fixtures/kitchen_sink.protoset")
    return try Catalog(descriptorSets: [Array(try Data(contentsOf: url))])
  }

  @Test func framesCapturedWithoutASchemaAreNamedByACatalogThatArrivesLater() throws {
    var scenario = Scenario()
    scenario.press(.enter)
    scenario.type("Ada")
    scenario.press(.enter)
    try scenario.complete(
      1, replies: ["Hello, Ada!"], frames: Scenario.recordedFrames("python-grpcio-unary"))
    // The frames are kept as captured; with no schema in effect they show field numbers.
    _ = scenario.state.update(.catalog(Catalog()))
    #expect(scenario.state.tree.methods.isEmpty, "methods come from the catalog")
    let rows = { (state: ExplorerState) in
      state.shownFrames.map { FrameInspector.frameRow($0, catalog: state.catalog) }
    }
    let unnamed = rows(scenario.state)
    #expect(
      unnamed.contains { $0.contains("gRPC 8 B: 1: \"세종\"") }, "\(unnamed.joined(separator: "\n"))")
    #expect(!unnamed.contains { $0.contains("name:") })
    // The screen too (its rows are laid out once per event, and kept for the draws after).
    _ = scenario.state.update(.resize(width: 160, height: 50))
    #expect(scenario.text.contains("gRPC 8 B: 1: \"세종\""), "\(scenario.text)")

    _ = scenario.state.update(.catalog(greeterCatalog))
    let named = rows(scenario.state)
    #expect(named.contains { $0.contains("gRPC 8 B: name: \"세종\"") }, "\(named)")
    #expect(scenario.text.contains("gRPC 8 B: name: \"세종\""), "a new catalog, new rows")
    #expect(named.contains { $0.contains("message: \"Hello again, 세종!\"") }, "\(named)")
    // The detail pane names the message type from the catalog too.
    scenario.press(.tab, .tab)
    let dataIndex = try #require(scenario.state.shownFrames.firstIndex { $0.typeName == "DATA" })
    scenario.state.inspector.moveFrame(by: dataIndex, count: scenario.state.shownFrames.count)
    let lines = FrameInspector.detailLines(
      scenario.state.shownFrames[dataIndex], catalog: scenario.state.catalog
    ).map(\.text)
    #expect(lines.contains { $0.hasPrefix("message helloworld.HelloRequest") }, "\(lines)")
  }

  @Test func aDiscoveredSchemaListsTheServersMethodsAndDiscoveryIsACallWithFrames() throws {
    var scenario = Scenario()
    let catalog = try Self.kitchenSinkCatalog()
    _ = scenario.state.update(.schema(catalog, services: ["kitchensink.KitchenSink"]))
    #expect(
      scenario.state.tree.methods.map(\.name) == [
        "Unary", "ServerStream", "ClientStream", "Bidi", "Fail",
      ])
    #expect(
      scenario.state.tree.methods.map(\.kind) == [
        .unary, .serverStreaming, .clientStreaming, .bidirectional, .unary,
      ])
    // Services the server did not list are not shown, even when the catalog has them.
    _ = scenario.state.update(.schema(catalog, services: []))
    #expect(scenario.state.tree.methods.isEmpty)

    let frames = try Scenario.recordedFrames("python-grpcio-unary")
    var result = CallResult.beforeItEnds
    result.outcome = CallOutcome(
      status: .init(code: .ok, message: ""), httpStatus: 200,
      timing: CallTiming(connectNanos: 0, totalNanos: 2_500_000))
    result.streamID = 1
    let effects = scenario.state.update(
      .discoveryCall(
        DiscoveryCallSummary(
          path: "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
          asked: ["list_services", "file_containing_symbol kitchensink.KitchenSink"], answered: 2,
          result: result, frames: frames, startNanos: frames[0].uptimeNanos, wallClock: 1)))
    let call = try #require(scenario.state.transcript.calls.last)
    #expect(call.path == "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo")
    #expect(call.phase == .finished)
    #expect(call.ending?.name == "OK")
    #expect(call.requests == ["list_services", "file_containing_symbol kitchensink.KitchenSink"])
    #expect(call.replies == ["2 of 2 answered"])
    #expect(call.frames?.count == frames.count)
    #expect(scenario.state.shownFrames.count == frames.count, "the transcript follows it")
    #expect(effects.isEmpty, "a discovery is not written to history")
    #expect(call.historyOffset == nil)
    #expect(call.isDiscovery)
    let lines = scenario.state.transcript.chatLines(
      call, width: 60, around: scenario.state.transcriptSurroundings)
    #expect(lines.allSatisfy { $0.style == Theme.dim }, "dimmed: the program's own call")
  }

  @Test func theTitleBarSaysWhereTheSchemaStands() throws {
    var scenario = Scenario()
    _ = scenario.state.update(.resize(width: 160, height: 40))
    let title = { (scenario: Scenario) in
      String(scenario.text.split(separator: "\n").first ?? "")
    }
    #expect(!title(scenario).contains("discover"), "the embedded Greeter's: nothing to say")
    _ = scenario.state.update(.discovery(.running("reflection v1")))
    #expect(title(scenario).contains("│ discovering… (reflection v1)"), "\(title(scenario))")
    _ = scenario.state.update(.discovery(.found("reflection v1alpha · 4 services")))
    #expect(title(scenario).contains("│ reflection v1alpha · 4 services"), "\(title(scenario))")
    _ = scenario.state.update(.discovery(.failed("server does not support the reflection API")))
    #expect(title(scenario).contains("│ ✗ server does not support"), "\(title(scenario))")
    // A new target is discovered again.
    scenario.press(.function(4), .control("u"))
    scenario.type("127.0.0.1:50052")
    #expect(scenario.press(.enter) == [.setTarget("127.0.0.1:50052")])
    #expect(title(scenario).contains("│ discovering… (reflection)"), "\(title(scenario))")
  }

  @Test func aNewCatalogKeepsTheSelectedMethodAndClampsTheCursor() throws {
    var scenario = Scenario()
    scenario.press(.down, .down, .down, .down)
    #expect(scenario.state.tree.current?.name == "SayHelloToAll")
    _ = scenario.state.update(.catalog(greeterCatalog))
    #expect(scenario.state.tree.current?.name == "SayHelloToAll")
    _ = scenario.state.update(.catalog(try Self.kitchenSinkCatalog()))
    #expect(scenario.state.tree.selected == 0)
    #expect(scenario.state.tree.current?.path == "/kitchensink.KitchenSink/Unary")
  }

  @Test func aManyFieldTypeIsComposedAsJSONShownAndCopiedOnOneLine() throws {
    var scenario = Scenario()
    _ = scenario.state.update(.catalog(try Self.kitchenSinkCatalog()))
    scenario.press(.enter)
    #expect(scenario.state.contexts.first == .composer, "not the one-line prompt")
    scenario.state.composer.fill(with: #"{"id": "A1", "items": [{"quantity": "12x"}]}"#)
    #expect(scenario.press(.control("s")) == [], "nothing is sent")
    #expect(
      scenario.state.notice
        == #"not sent: items[0].quantity (line 5, column 19): expected an integer, got "12x""#)
    #expect(scenario.state.transcript.calls.isEmpty)
    scenario.state.composer.fill(with: #"{"id": "A1", "items": [{"quantity": 12}]}"#)
    let json = "{\n  \"id\": \"A1\",\n  \"items\": [\n    {\n      \"quantity\": 12\n    }\n  ]\n}"
    let draft = RequestDraft(typeName: "kitchensink.Order", json: json)
    #expect(
      scenario.press(.control("s"))
        == [
          .startCall(id: 1, path: "/kitchensink.KitchenSink/Unary", request: draft, halfClose: true)
        ]
    )
    let oneLine = #"{"id":"A1","items":[{"quantity":12}]}"#
    #expect(
      scenario.state.transcript.calls[0].requests == [oneLine],
      "the transcript shows it on one line")
    scenario.press(.tab, .character("g"))
    #expect(
      scenario.state.overlay
        == .grpcurl(
          "grpcurl -plaintext -d '\(oneLine)' 127.0.0.1:50051 kitchensink.KitchenSink/Unary"))
  }

  @Test func rerunSendsTheNameAsTypedNotTheInertTextTheTranscriptShows() throws {
    var scenario = Scenario()
    scenario.press(.enter)
    scenario.state.prompt.replace(with: "A\u{1B}[31mda")
    let effects = scenario.press(.enter)
    #expect(
      effects == [
        .startCall(
          id: 1, path: "/helloworld.Greeter/SayHello", request: .hello("A\u{1B}[31mda"),
          halfClose: true)
      ])
    #expect(scenario.state.transcript.calls[0].requests == ["A␛[31mda"], "shown inert")
    try scenario.complete(1, replies: ["Hello!"])
    scenario.press(.tab)
    let rerun = scenario.press(.character("r"))
    #expect(
      rerun.first
        == .startCall(
          id: 2, path: "/helloworld.Greeter/SayHello", request: .hello("A\u{1B}[31mda"),
          halfClose: true))
    #expect(RequestDraft.hello("A\u{1B}[31mda").json == #"{"name":"A\u001b[31mda"}"#)
  }

  @Test func historyKeepsTheDraftsAndReadsOlderLinesWithoutThem() throws {
    var scenario = Scenario()
    scenario.press(.enter)
    scenario.type("Ada")
    scenario.press(.enter)
    try scenario.complete(1, replies: ["Hello, Ada!"])
    _ = scenario.state.update(.callStarted(id: 1, startNanos: 0, wallClock: 1_700_000_000.5))
    #expect(
      scenario.state.transcript.calls[0].startedAt == 1_700_000_000.5, "time comes in the event")
    let line = HistoryCodec.line(for: scenario.state.transcript.calls[0], catalog: greeterCatalog)
    let back = try #require(HistoryCodec.call(from: line[...]))
    #expect(back.drafts == [.hello("Ada")])
    #expect(back.startedAt == 1_700_000_000.5)

    // A line written before drafts were kept: rerun builds the draft from the text.
    var old = try #require(
      try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    old["requests"] = nil
    let oldLine = String(
      decoding: try JSONSerialization.data(withJSONObject: old), as: UTF8.self)
    var fresh = Scenario()
    _ = fresh.state.update(
      .historyLoaded([try #require(HistoryCodec.call(from: oldLine[...]))], skipped: 0, total: 1))
    fresh.press(.tab, .tab)
    let effects = fresh.press(.character("r"))
    #expect(
      effects.contains(
        .startCall(
          id: 2, path: "/helloworld.Greeter/SayHello", request: .hello("Ada"), halfClose: true)),
      "\(effects)")
  }

  @Test func aMethodWhoseInputTypeTheCatalogLacksSendsNothingAndSaysSo() throws {
    var scenario = Scenario()
    scenario.state.tree.replace(
      methods: scenario.state.tree.methods + [
        ExplorerState.Method(name: "Mystery", path: "/other.Svc/Mystery", kind: .unary)
      ])
    _ = scenario.state.tree.select(path: "/other.Svc/Mystery")
    scenario.press(.enter)
    scenario.type("Ada")
    #expect(scenario.press(.enter) == [])
    #expect(
      scenario.state.notice == "Mystery: its input type is not in the schema; nothing sent")
    #expect(scenario.state.prompt.editor.text == "Ada", "the line is kept")
  }

  @Test func theGrpcurlOverlayShowsTheRequestInert() throws {
    var scenario = Scenario()
    scenario.press(.enter)
    scenario.state.prompt.replace(with: "A\u{202E}da")
    scenario.press(.enter)
    try scenario.complete(1, replies: ["Hello!"])
    scenario.press(.tab, .character("g"))
    #expect(scenario.text.contains("⟨RLO⟩"), "\(scenario.text)")
    #expect(!scenario.text.unicodeScalars.contains("\u{202E}"))
  }
}

extension SchemaAsDataTests {
  @Test func aTLSConnectionIsLockedInTheTitleAndItsHandshakeHeadsTheFrames() throws {
    var scenario = Scenario()
    let facts = TLSFacts(
      version: "TLSv1.3", cipherSuite: "TLS_AES_128_GCM_SHA256", alpn: "h2",
      serverName: "localhost", verified: true, chain: [])
    scenario.press(.enter)
    scenario.type("Ada")
    scenario.press(.enter)
    // The call's stream opens before the connection's news arrives: the entry comes then.
    _ = scenario.state.update(.call(id: 1, .started(streamID: 1, connectNanos: 0)))
    _ = scenario.state.update(
      .connection(
        .connected(target: Target(host: "127.0.0.1", port: 50051), connectionID: 1, tls: facts)))
    #expect(scenario.text.contains("connected 🔒 TLSv1.3"))
    #expect(scenario.state.shownFrames.first?.typeName == "TLS")
    try scenario.complete(1, replies: ["Hello, Ada!"])
    #expect(scenario.state.shownFrames.filter { $0.typeName == "TLS" }.count == 1, "once")
    // A later call on the same connection gets it when its stream opens.
    scenario.type("Bo")
    scenario.press(.enter)
    _ = scenario.state.update(.call(id: 2, .started(streamID: 3, connectNanos: 0)))
    #expect(scenario.state.shownFrames.first?.typeName == "TLS")
    #expect(
      scenario.state.shownFrames.first?.storedHeaders.contains(["SNI", "localhost"]) == true)
  }
}

extension SchemaAsDataTests {
  @Test func aDiscoveryOverTLSShowsItsHandshakeAboveItsFrames() throws {
    var scenario = Scenario()
    let facts = TLSFacts(
      version: "TLSv1.2", cipherSuite: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", alpn: "h2",
      serverName: nil, verified: true, chain: [])
    let frames = try Scenario.recordedFrames("python-grpcio-unary")
    _ = scenario.state.update(
      .discoveryCall(Self.listServices(frames, startNanos: frames[0].uptimeNanos, tls: facts)))
    let call = try #require(scenario.state.transcript.calls.last)
    #expect(call.frames?.count == frames.count + 1)
    #expect(call.frames?.first?.typeName == "TLS")
    #expect(
      call.frames?.first?.storedHeaders.contains([
        "cipher suite", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      ]) == true)
    #expect(call.frames?.dropFirst().allSatisfy { $0.typeName != "TLS" } == true)
  }
}

extension SchemaAsDataTests {
  /// A call sent while discovery still runs: the discovery, when it ends, goes before it (it
  /// began first), the call stays shown, and the call's connection frames stay the call's.
  @Test func aDiscoveryThatEndsAfterACallGoesBeforeItAndTakesNoneOfItsFrames() throws {
    var scenario = Scenario()
    scenario.press(.enter)
    scenario.type("Ada")
    scenario.press(.enter)
    _ = scenario.state.update(.callStarted(id: 1, startNanos: 2_000_000, wallClock: 1))
    let frames = try Scenario.recordedFrames("python-grpcio-unary")
    _ = scenario.state.update(.discoveryCall(Self.listServices(frames, startNanos: 1_000_000)))
    let calls = scenario.state.transcript.calls
    #expect(calls.map(\.isDiscovery) == [true, false])
    #expect(scenario.state.transcript.shownCall?.id == 1, "the user's call stays shown")
    // A connection-level frame of the call's connection (its SETTINGS) is the call's.
    let settings = try #require(
      frames.first { item in
        if case .frame(let frame) = item.item, case .settings = frame.payload { return true }
        return false
      })
    _ = scenario.state.update(.connection(.captured(settings, connectionID: 1)))
    #expect(scenario.state.transcript.calls[0].frames?.count == frames.count)
    #expect(scenario.state.transcript.calls[1].frames?.count == 1)

    // A discovery that began after the call (a second one, a new target's) goes after it, and
    // still does not take the frames pane from it.
    _ = scenario.state.update(.discoveryCall(Self.listServices(frames, startNanos: 3_000_000)))
    #expect(scenario.state.transcript.calls.map(\.isDiscovery) == [true, false, true])
    #expect(scenario.state.transcript.shownCall?.id == 1)
    // The next call is shown, as every new call is.
    scenario.type("Bo")
    scenario.press(.enter)
    #expect(scenario.state.transcript.shownCall?.turns.first == .request("Bo"))
  }
}

extension SchemaAsDataTests {
  /// A finished `list_services` reflection call over `frames`, as discovery reports it.
  static func listServices(_ frames: [CapturedItem], startNanos: UInt64, tls: TLSFacts? = nil)
    -> DiscoveryCallSummary
  {
    var result = CallResult.beforeItEnds
    result.outcome = CallOutcome(
      status: .init(code: .ok, message: ""), httpStatus: 200,
      timing: CallTiming(connectNanos: 0, totalNanos: 2_500_000))
    return DiscoveryCallSummary(
      path: "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo", asked: ["list_services"],
      answered: 1, result: result, frames: frames, startNanos: startNanos, wallClock: 1, tls: tls)
  }
}

extension SchemaAsDataTests {
  /// A discovery that ends before the history file is read takes an id after the history's:
  /// every call in the transcript has its own, and the next call's comes after all.
  @Test func aDiscoveryBeforeTheHistoryLoadsKeepsIdsUnique() throws {
    var scenario = Scenario()
    let frames = try Scenario.recordedFrames("python-grpcio-unary")
    _ = scenario.state.update(.discoveryCall(Self.listServices(frames, startNanos: 1_000)))
    #expect(scenario.state.transcript.calls.map(\.id) == [1])
    var old = CallRecord(
      id: 1, method: "SayHello", path: "/helloworld.Greeter/SayHello", kind: .unary)
    old.phase = .finished
    var older = old
    older.id = 2
    _ = scenario.state.update(.historyLoaded([old, older], skipped: 0, total: 2))
    let ids = scenario.state.transcript.calls.map(\.id)
    #expect(ids == [1, 2, 3], "\(ids)")
    #expect(scenario.state.transcript.calls.last?.isDiscovery == true)
    #expect(scenario.state.transcript.nextCallID == 4)
  }
}

extension SchemaAsDataTests {
  /// The discovery's news may come between Enter and the client's report that the call began
  /// (its start still 0): the call, running, is still after the discovery and still shown.
  @Test func aDiscoveryBeforeTheCallReportsItsStartStillLeavesTheCallShown() throws {
    var scenario = Scenario()
    // The last tick, older than the discovery: the call takes it as its start until told.
    _ = scenario.state.update(.tick(nanos: 1_000))
    scenario.press(.enter)
    scenario.type("Ada")
    scenario.press(.enter)
    #expect(scenario.state.transcript.calls.map(\.startNanos) == [1_000])
    let frames = try Scenario.recordedFrames("python-grpcio-unary")
    _ = scenario.state.update(.discoveryCall(Self.listServices(frames, startNanos: 5_000)))
    #expect(scenario.state.transcript.calls.map(\.isDiscovery) == [true, false])
    #expect(scenario.state.transcript.shownCall?.isDiscovery == false)
  }
}
