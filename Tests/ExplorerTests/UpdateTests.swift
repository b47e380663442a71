import GRPCCore
import Testing
import Wire

@testable import Explorer

/// The explorer driven by keys and client events, checked on its state and effects: no
/// terminal, no network.
@Suite struct UpdateTests {
  @Test func startsOnMethodsWithSayHelloSelected() {
    let scenario = Scenario()
    #expect(scenario.state.focus == .methods)
    #expect(scenario.state.tree.current?.name == "SayHello")
    #expect(
      scenario.state.tree.methods.map(\.name) == [
        "SayHello", "SayHelloAgain", "SayHelloStreamReply", "SayHelloBidiStream", "SayHelloToAll",
      ])
    #expect(
      scenario.state.tree.methods.map(\.kind) == [
        .unary, .unary, .serverStreaming, .bidirectional, .clientStreaming,
      ])
  }

  @Test func downEnterTypeEnterStartsAHalfClosedUnaryCall() {
    var scenario = Scenario()
    scenario.press(.down, .enter)
    #expect(scenario.state.focus == .input)
    scenario.type("Ada")
    let effects = scenario.press(.enter)
    #expect(
      effects == [
        .startCall(
          id: 1, path: "/helloworld.Greeter/SayHelloAgain", request: .hello("Ada"), halfClose: true)
      ])
    #expect(scenario.state.transcript.calls.map(\.requests) == [["Ada"]])
    #expect(scenario.state.prompt.editor.isEmpty)
  }

  @Test func tabAndShiftTabCycleThePanes() {
    var scenario = Scenario()
    var seen: [ExplorerState.Focus] = []
    for _ in 0..<4 {
      scenario.press(.tab)
      seen.append(scenario.state.focus)
    }
    #expect(seen == [.input, .transcript, .frames, .methods])
    scenario.press(.backTab)
    #expect(scenario.state.focus == .frames)
  }

  @Test func methodsMoveWithArrowsAndVimKeysAndStopAtTheEnds() {
    var scenario = Scenario()
    scenario.press(.character("j"), .character("j"), .down, .down, .down, .down)
    #expect(scenario.state.tree.current?.name == "SayHelloToAll")
    scenario.press(.character("k"), .up, .up, .up, .up)
    #expect(scenario.state.tree.current?.name == "SayHello")
  }

  @Test func inputEditsWideCharactersAndRecallsEarlierInputs() {
    var scenario = Scenario()
    scenario.press(.enter)
    scenario.type("세종")
    scenario.press(.left)
    scenario.type("x")
    #expect(scenario.state.prompt.editor.text == "세x종")
    scenario.press(.home)
    scenario.type(">")
    scenario.press(.end, .backspace)
    #expect(scenario.state.prompt.editor.text == ">세x")
    scenario.press(.control("u"))
    #expect(scenario.state.prompt.editor.text == "")
    scenario.type("Ada")
    scenario.press(.enter)
    scenario.type("Bo")
    scenario.press(.enter)
    scenario.press(.up)
    #expect(scenario.state.prompt.editor.text == "Bo")
    scenario.press(.up)
    #expect(scenario.state.prompt.editor.text == "Ada")
    scenario.press(.down, .down)
    #expect(scenario.state.prompt.editor.text == "")
  }

  @Test func qQuitsOutsideTheInputButIsTextInIt() {
    var scenario = Scenario()
    scenario.press(.enter)
    scenario.type("q")
    #expect(!scenario.state.shouldQuit)
    #expect(scenario.state.prompt.editor.text == "q")
    scenario.press(.tab)
    #expect(scenario.press(.character("q")) == [.quit])
    #expect(scenario.state.shouldQuit)
  }

  @Test(arguments: [Key.control("c"), .function(10)])
  func controlCAndF10QuitEvenWhileTyping(key: Key) {
    var scenario = Scenario()
    scenario.press(.enter)
    #expect(scenario.press(key) == [.quit])
  }

  @Test func bidiFirstEnterOpensTheStreamFurtherEntersSendOnItCtrlDEndsIt() throws {
    var scenario = Scenario()
    scenario.press(.down, .down, .down, .enter)
    scenario.type("Ada")
    #expect(
      scenario.press(.enter) == [
        .startCall(
          id: 1, path: "/helloworld.Greeter/SayHelloBidiStream", request: .hello("Ada"),
          halfClose: false)
      ])
    #expect(scenario.state.transcript.openStream == 1)
    scenario.type("Grace")
    #expect(scenario.press(.enter) == [.send(id: 1, request: .hello("Grace"))])
    #expect(scenario.state.transcript.calls.count == 1)
    #expect(scenario.state.transcript.calls[0].requests == ["Ada", "Grace"])
    #expect(scenario.press(.control("d")) == [.finishSending(id: 1)])
    #expect(scenario.state.transcript.openStream == nil)
  }

  /// Client streaming is composed as bidi is; only the single reply comes after Ctrl-D.
  @Test func clientStreamFirstEnterOpensTheStreamFurtherEntersSendOnItCtrlDEndsIt() throws {
    var scenario = Scenario(width: 120, height: 40)
    scenario.press(.down, .down, .down, .down, .enter)
    #expect(scenario.state.tree.current?.name == "SayHelloToAll")
    #expect(InputAndModeTests.hintBar(scenario).contains("Ctrl-D end stream"))
    scenario.type("Ada")
    let path = "/helloworld.Greeter/SayHelloToAll"
    #expect(
      scenario.press(.enter) == [
        .startCall(id: 1, path: path, request: .hello("Ada"), halfClose: false)
      ])
    #expect(scenario.state.transcript.openStream == 1)
    _ = scenario.state.update(.callStarted(id: 1, startNanos: 0, wallClock: 0))
    #expect(scenario.text.contains("SayHelloToAll (stream open, 1 sent, Ctrl-D ends it) ▸ name:"))
    #expect(scenario.text.contains("stream open · Enter sends · Ctrl-D ends"))
    for name in ["Grace", "Lin"] {
      scenario.type(name)
      #expect(scenario.press(.enter) == [.send(id: 1, request: .hello(name))])
    }
    #expect(scenario.state.transcript.calls.map(\.requests) == [["Ada", "Grace", "Lin"]])
    #expect(scenario.press(.control("d")) == [.finishSending(id: 1)])
    #expect(scenario.state.transcript.openStream == nil)
    #expect(!scenario.text.contains("stream open"))
    #expect(scenario.text.contains("waiting…"), "no reply before the server has every name")

    try scenario.complete(1, replies: ["Hello, Ada, Grace and Lin!"])
    #expect(scenario.state.transcript.calls[0].replies == ["Hello, Ada, Grace and Lin!"])
    #expect(scenario.text.contains("◂ Hello, Ada, Grace and Lin!"))
    #expect(scenario.text.contains("OK · 0.8 ms"))

    scenario.type("Bo")
    #expect(
      scenario.press(.enter) == [
        .startCall(id: 2, path: path, request: .hello("Bo"), halfClose: false)
      ],
      "after the reply, Enter opens a new stream")
    scenario.press(.control("d"))
    try scenario.complete(2, replies: ["Hello, Bo!"])
    scenario.press(.tab, .up)
    #expect(
      scenario.press(.character("r")) == [
        .startCall(id: 3, path: path, request: .hello("Ada"), halfClose: false),
        .send(id: 3, request: .hello("Grace")), .send(id: 3, request: .hello("Lin")),
        .finishSending(id: 3),
      ])
  }

  /// Enter on the client-streaming method while the bidi stream is still open: the bidi stream
  /// is half-closed first (its replies still arrive), else no key could end it any more.
  @Test func openingAClientStreamHalfClosesTheStreamLeftOpen() {
    var scenario = Scenario()
    scenario.press(.down, .down, .down, .enter)
    scenario.type("Ada")
    scenario.press(.enter)
    #expect(scenario.state.transcript.openStream == 1)
    scenario.press(.backTab, .down, .enter)
    #expect(scenario.state.tree.current?.name == "SayHelloToAll")
    scenario.type("Grace")
    #expect(
      scenario.press(.enter) == [
        .finishSending(id: 1),
        .startCall(
          id: 2, path: "/helloworld.Greeter/SayHelloToAll", request: .hello("Grace"),
          halfClose: false),
      ])
    #expect(scenario.state.transcript.openStream == 2)
    #expect(scenario.press(.control("d")) == [.finishSending(id: 2)])
  }

  @Test func escCancelsTheRunningCall() {
    var scenario = Scenario()
    scenario.press(.enter)
    scenario.type("Ada")
    scenario.press(.enter)
    #expect(scenario.press(.escape) == [.cancel(id: 1)])
  }

  @Test func f2TogglesTheServerFromAnywhere() {
    var scenario = Scenario()
    scenario.press(.enter)
    #expect(scenario.press(.function(2)) == [.setServer(on: false)])
    #expect(scenario.state.title.server == .stopping, "open calls may still finish")
    #expect(scenario.text.contains("◌ server stopping"))
    _ = scenario.state.update(.server(.off))
    #expect(scenario.state.title.server == .off)
    #expect(scenario.press(.function(2)) == [.setServer(on: true)])
    #expect(scenario.state.title.server == .starting)
    // On again while still stopping: it starts once the stop is done.
    _ = scenario.state.update(.server(.on("127.0.0.1:50051")))
    scenario.press(.function(2))
    #expect(scenario.press(.function(2)) == [.setServer(on: true)])
  }

  @Test func aCallCutOffBySwitchingTheServerOffSaysWhy() throws {
    var scenario = Scenario()
    scenario.press(.enter)
    scenario.type("Ada")
    scenario.press(.enter)
    scenario.press(.function(2))
    #expect(scenario.state.title.server == .stopping)
    try scenario.complete(
      1, replies: [],
      status: Status(
        code: .cancelled, message: "stream reset by the server: RST_STREAM CANCEL (0x8)"))
    #expect(
      scenario.state.transcript.calls[0].ending?.message
        == "stream reset by the server: RST_STREAM CANCEL (0x8) — the embedded server was switched off (F2)"
    )
  }

  @Test func theEndOfAConnectionDrainedAfterGOAWAYIsNotTheEndOfTheCurrentOne() {
    var scenario = Scenario()
    let target = Target(host: "127.0.0.1", port: 50051)
    _ = scenario.state.update(.connection(.connected(target: target, connectionID: 1)))
    _ = scenario.state.update(.connection(.connected(target: target, connectionID: 2)))
    _ = scenario.state.update(.connection(.closed(reason: nil, connectionID: 1)))
    #expect(scenario.state.title.connection == .connected(id: 2))
    _ = scenario.state.update(.connection(.closed(reason: "gone", connectionID: 2)))
    #expect(scenario.state.title.connection == .closed("gone"))
  }

  @Test func refusedWhileTheEmbeddedServerIsOffSaysSo() throws {
    var scenario = Scenario()
    scenario.press(.function(2), .enter)
    scenario.type("Ada")
    scenario.press(.enter)
    try scenario.complete(
      1, replies: [],
      status: Status(code: .unavailable, message: "connection refused 127.0.0.1:50051"),
      connectionFailed: true)
    #expect(
      scenario.state.transcript.calls[0].ending?.message
        == "connection refused 127.0.0.1:50051 — embedded server is off (F2)")
  }

  @Test func finishedCallIsRecordedAndRepliesArriveInOrder() throws {
    var scenario = Scenario()
    scenario.press(.down, .down, .enter)
    scenario.type("Ada")
    scenario.press(.enter)
    _ = scenario.state.update(.callStarted(id: 1, startNanos: 0, wallClock: 0))
    var effects: [Effect] = []
    for index in 1...3 {
      let bytes: [UInt8] = try [0x0A, 17] + Array("Hello, Ada! (\(index)/3)".utf8)
      effects += scenario.state.update(.call(id: 1, .message(bytes)))
      #expect(
        scenario.state.transcript.calls[0].replies.count == index, "each reply shows as it arrives")
    }
    effects += scenario.state.update(
      .call(
        id: 1,
        .finished(
          CallOutcome(
            status: Status(code: .ok, message: ""),
            timing: CallTiming(connectNanos: 0, totalNanos: 900_000)))))
    #expect(effects == [.recordHistory(id: 1)])
    #expect(
      scenario.state.transcript.calls[0].replies == [
        "Hello, Ada! (1/3)", "Hello, Ada! (2/3)", "Hello, Ada! (3/3)",
      ])
    #expect(scenario.state.transcript.calls[0].ending?.isOK == true)
  }

  @Test func hostileReplyTextIsMadeInert() throws {
    var scenario = Scenario()
    scenario.press(.enter)
    scenario.type("Ada")
    scenario.press(.enter)
    try scenario.complete(1, replies: ["\u{1B}]0;pwned\u{07}\u{202E}x"])
    #expect(scenario.state.transcript.calls[0].replies == ["␛]0;pwned␇⟨RLO⟩x"])
  }

  @Test func transcriptSelectsCallsAndTheFramesPaneFollows() throws {
    var scenario = Scenario()
    let frames = try Scenario.recordedFrames("python-grpcio-stream-reply")
    scenario.press(.enter)
    for (id, name) in [(1, "Ada"), (2, "Bo")] {
      scenario.type(name)
      scenario.press(.enter)
      try scenario.complete(
        id, replies: ["Hello, \(name)!"], frames: id == 1 ? frames : Array(frames.prefix(3)))
    }
    scenario.press(.tab)
    #expect(scenario.state.focus == .transcript)
    #expect(scenario.state.shownFrames.count == 3)
    scenario.press(.up)
    #expect(scenario.state.transcript.shownCallIndex == 0)
    #expect(scenario.state.shownFrames.count == frames.count)
    scenario.press(.tab, .down, .down)
    #expect(scenario.state.inspector.selectedFrame == 2)
    scenario.press(.character("x"))
    #expect(scenario.state.inspector.view == .raw)
    scenario.press(.function(3))
    #expect(scenario.state.inspector.view == .decoded)
    scenario.press(.enter)
    #expect(scenario.state.inspector.inDetail)
    scenario.press(.escape)
    #expect(!scenario.state.inspector.inDetail)
  }

  @Test func rerunRepeatsTheSelectedCallAndGShowsGrpcurl() throws {
    var scenario = Scenario()
    scenario.press(.down, .down, .down, .enter)
    scenario.type("Ada")
    scenario.press(.enter)
    scenario.type("O'Neil")
    scenario.press(.enter, .control("d"))
    try scenario.complete(1, replies: ["Hello, Ada!", "Hello, O'Neil!"])
    scenario.press(.tab)
    let effects = scenario.press(.character("r"))
    #expect(
      effects == [
        .startCall(
          id: 2, path: "/helloworld.Greeter/SayHelloBidiStream", request: .hello("Ada"),
          halfClose: false),
        .send(id: 2, request: .hello("O'Neil")), .finishSending(id: 2),
      ])
    scenario.press(.character("g"))
    #expect(
      scenario.state.overlay
        == .grpcurl(
          #"grpcurl -plaintext -d '{"name":"Ada"} {"name":"O'\''Neil"}' 127.0.0.1:50051 helloworld.Greeter/SayHelloBidiStream"#
        ))
    scenario.press(.character("z"))
    #expect(scenario.state.overlay != nil, "a key that is not the viewer's does nothing")
    scenario.press(.escape)
    #expect(scenario.state.overlay == nil)
  }

  @Test func targetChangeValidatesAndSwitches() {
    var scenario = Scenario()
    scenario.press(.character("t"))
    #expect(scenario.state.overlay == .target(LineEditor("127.0.0.1:50051")))
    scenario.press(.control("u"))
    scenario.type("nonsense")
    #expect(scenario.press(.enter) == [])
    #expect(scenario.state.title.target == "127.0.0.1:50051")
    scenario.press(.function(4), .control("u"))
    scenario.type("127.0.0.1:50052")
    #expect(scenario.press(.enter) == [.setTarget("127.0.0.1:50052")])
    #expect(scenario.state.title.target == "127.0.0.1:50052")
    #expect(!scenario.state.title.targetIsEmbedded)
  }

  @Test func framesOfOldCallsLeaveMemoryAndComeBackFromHistory() throws {
    var scenario = Scenario()
    scenario.state.transcript.framesKeptInMemory = 2
    let frames = try Scenario.recordedFrames("python-grpcio-bidi")
    scenario.press(.enter)
    for id in 1...4 {
      scenario.type("n\(id)")
      scenario.press(.enter)
      try scenario.complete(id, replies: ["r"], frames: frames)
      _ = scenario.state.update(.historyWritten(id: id, offset: UInt64(id * 1000)))
    }
    #expect(scenario.state.transcript.calls.map { $0.frames == nil } == [true, true, false, false])
    scenario.press(.tab)
    #expect(scenario.press(.up) == [], "call 3 still has its frames")
    #expect(scenario.press(.up) == [.loadFrames(id: 2, offset: 2000)])
    #expect(scenario.state.shownFrames.isEmpty)
    _ = scenario.state.update(
      .framesLoaded(
        id: 2,
        Array(
          repeating: FrameEntry(
            direction: .inbound, micros: 0, typeName: "DATA", streamID: 1, flags: [], length: 0,
            summary: "", bytes: []), count: 2)))
    #expect(scenario.state.shownFrames.count == 2)
  }

  @Test func theOldestCallsLeaveMemoryOnceInHistory() throws {
    var scenario = Scenario()
    scenario.state.transcript.callsKeptInMemory = 10
    scenario.press(.enter)
    for id in 1...30 {
      scenario.type("n\(id)")
      scenario.press(.enter)
      try scenario.complete(id, replies: ["r\(id)"])
      _ = scenario.state.update(.historyWritten(id: id, offset: UInt64(id * 100)))
    }
    #expect(scenario.state.transcript.calls.count <= 11)
    #expect(
      scenario.state.transcript.calls.count + scenario.state.transcript.callsOnlyInHistory == 30)
    #expect(scenario.state.transcript.calls.last?.replies == ["r30"])
    #expect(scenario.text.contains("older in history"))
  }

  /// The call shown when old calls leave memory: shown still where it moved to, or, gone, the
  /// transcript follows the latest again (never some other old call).
  @Test func evictionKeepsTheShownCallOrFollowsTheLatest() throws {
    var scenario = Scenario()
    scenario.state.transcript.callsKeptInMemory = 10
    let frames = try Scenario.recordedFrames("python-grpcio-unary")
    // Discoveries stay in memory, in their places, before the calls.
    for start: UInt64 in [1, 2] {
      _ = scenario.state.update(
        .discoveryCall(SchemaAsDataTests.listServices(frames, startNanos: start)))
    }
    scenario.press(.enter)
    for id in 3...13 {
      scenario.type("n\(id)")
      scenario.press(.enter)
      try scenario.complete(id, replies: ["r\(id)"])
      if id < 13 { _ = scenario.state.update(.historyWritten(id: id, offset: UInt64(id * 100))) }
    }
    // [D1, D2, 3, …, 13]: show D2, then write 13: call 3 leaves, D2 stays at index 1.
    scenario.state.transcript.select(1)
    _ = scenario.state.update(.historyWritten(id: 13, offset: 1300))
    #expect(scenario.state.transcript.callsOnlyInHistory > 0)
    #expect(scenario.state.transcript.shownCall?.id == 2, "the discovery shown stays shown")
    // Show the oldest call that will leave next, then make enough calls for it to go.
    let oldest = try #require(scenario.state.transcript.calls.firstIndex { !$0.isDiscovery })
    let oldestID = scenario.state.transcript.calls[oldest].id
    for id in 14...15 {
      scenario.type("n\(id)")
      scenario.press(.enter)
      try scenario.complete(id, replies: ["r\(id)"])
      scenario.state.transcript.select(oldest)
      _ = scenario.state.update(.historyWritten(id: id, offset: UInt64(id * 100)))
    }
    #expect(!scenario.state.transcript.calls.contains { $0.id == oldestID })
    #expect(scenario.state.transcript.selectedCall == nil, "it went: the latest is followed")
  }

  /// A call written after newer calls (a stream left open) gives up its frames then, as the
  /// calls before it did.
  @Test func aCallWrittenLateLeavesItsFramesToo() throws {
    var scenario = Scenario()
    scenario.state.transcript.framesKeptInMemory = 2
    let frames = try Scenario.recordedFrames("python-grpcio-bidi")
    scenario.press(.enter)
    scenario.type("long")
    scenario.press(.enter)  // call 1, still running
    for id in 2...4 {
      scenario.type("n\(id)")
      scenario.press(.enter)
      try scenario.complete(id, replies: ["r"], frames: frames)
      _ = scenario.state.update(.historyWritten(id: id, offset: UInt64(id * 1000)))
    }
    try scenario.complete(1, replies: ["r"], frames: frames)
    _ = scenario.state.update(.historyWritten(id: 1, offset: 100))
    #expect(scenario.state.transcript.calls.map { $0.frames == nil } == [true, true, false, false])
  }

  @Test func historyLinesRoundTripAndCorruptOnesAreSkipped() throws {
    var scenario = Scenario()
    scenario.press(.enter)
    scenario.type("세종")
    scenario.press(.enter)
    try scenario.complete(
      1, replies: ["Hello, 세종!"], frames: Scenario.recordedFrames("python-grpcio-stream-reply"))
    let line = HistoryCodec.line(for: scenario.state.transcript.calls[0])
    #expect(!line.contains("\n"))
    let back = try #require(HistoryCodec.call(from: line[...]))
    #expect(back.turns == scenario.state.transcript.calls[0].turns)
    #expect(back.ending == scenario.state.transcript.calls[0].ending)
    let frames = try #require(HistoryCodec.frames(from: line[...]))
    #expect(frames.map(\.bytes) == scenario.state.transcript.calls[0].frames?.map(\.bytes))
    #expect(frames.first { $0.typeName == "HEADERS" }?.storedHeaders.first?.first == ":method")
    #expect(HistoryCodec.call(from: "{not json"[...]) == nil)
    #expect(HistoryCodec.call(from: "{\"id\": \"x\"}"[...]) == nil)
  }
}

extension CallRecord.Turn: CustomStringConvertible {
  public var description: String {
    switch self {
    case .request(let text): "→\(text)"
    case .reply(let text): "←\(text)"
    }
  }
}
