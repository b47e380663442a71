import GRPCCore
import GreeterProtos
import Testing
import Wire

@testable import Explorer

/// Typing, pasting and recalling in the input line; what the keys and the hint bar do in each
/// mode (help, the target dialog, inside a frame, a screen too small).
@Suite struct InputAndModeTests {
  @Test func aPastedNewlineIsTextNotEnterAndSendsNothing() {
    var scenario = Scenario()
    scenario.press(.enter)
    let effects = scenario.state.update(.paste("line one\nline two\r\nline three\tend"))
    #expect(effects.isEmpty)
    #expect(scenario.state.transcript.calls.isEmpty)
    #expect(scenario.state.prompt.editor.text == "line one line two line three end")
    #expect(scenario.press(.enter).count == 1, "Enter typed after the paste sends it, once")
  }

  @Test func aPasteOnTheMethodsPaneGoesToTheInput() {
    var scenario = Scenario()
    _ = scenario.state.update(.paste("Ada"))
    #expect(scenario.state.focus == .input)
    #expect(scenario.state.prompt.editor.text == "Ada")
  }

  @Test func aLongPasteShowsItsEndWithTheCursorAfterIt() {
    var scenario = Scenario()
    scenario.press(.enter)
    let text = String(repeating: "abcdefghij", count: 1000) + "THE-END"
    _ = scenario.state.update(.paste(text))
    let screen = scenario.state.render()
    let inputRow = screen.grid.text.split(separator: "\n", omittingEmptySubsequences: false)[22]
    #expect(inputRow.hasSuffix("THE-END"), "\(inputRow)")
    #expect(screen.cursor == Screen.Cursor(x: DisplayWidth.of(inputRow), y: 22))
    // The cursor moved left into a long line: the characters around it are shown.
    scenario.press(.home, .right, .right)
    let home = scenario.state.render().grid.text.split(separator: "\n")[22]
    let room = 80 - DisplayWidth.of("SayHello ▸ name: ") - 1
    #expect(home == "SayHello ▸ name: " + text.prefix(room))
  }

  @Test func downPastTheNewestRecalledInputBringsBackTheDraft() {
    var scenario = Scenario()
    scenario.press(.enter)
    scenario.type("Ada")
    scenario.press(.enter)
    scenario.type("세😀ab")
    scenario.press(.up)
    #expect(scenario.state.prompt.editor.text == "Ada")
    scenario.press(.down)
    #expect(scenario.state.prompt.editor.text == "세😀ab")
    scenario.press(.down)
    #expect(scenario.state.prompt.editor.text == "세😀ab", "↓ with nothing recalled changes nothing")
  }

  @Test func movingInARecalledLineKeepsTheRecallGoing() {
    var scenario = Scenario()
    scenario.press(.enter)
    for name in ["Ada", "Bo"] {
      scenario.type(name)
      scenario.press(.enter)
    }
    scenario.press(.up)
    #expect(scenario.state.prompt.editor.text == "Bo")
    scenario.press(.left, .home)
    scenario.press(.up)
    #expect(scenario.state.prompt.editor.text == "Ada", "← and Home do not end the recall")
    scenario.type("x")
    scenario.press(.up)
    #expect(scenario.state.prompt.editor.text == "Bo", "typing makes the line the user's")
  }

  @Test func lettersTypedOnTheMethodsPaneStartTheNameAndNeverQuit() {
    var scenario = Scenario()
    #expect(scenario.text.contains("Choose a method with ↑↓"))
    scenario.type("joaquin")
    #expect(!scenario.state.shouldQuit)
    #expect(scenario.state.focus == .input)
    #expect(scenario.state.tree.current?.name == "SayHelloAgain", "j moved down first")
    #expect(scenario.state.prompt.editor.text == "oaquin")
  }

  @Test func helpScrollsWithArrowsAndPagesAndSaysWhenCut() {
    var scenario = Scenario()
    scenario.press(.function(1))
    #expect(scenario.text.contains("more ↓"))
    #expect(!scenario.text.contains("decoded/raw"), "the Frames keys are below the fold")
    for _ in 0..<20 { scenario.press(.pageDown) }
    #expect(scenario.state.overlay == .help, "PgDn scrolls, it does not close")
    #expect(scenario.text.contains("Metadata dialog (m / F6)"), "the last keys")
    #expect(scenario.text.contains("more ↑"))
    #expect(!scenario.text.contains("more ↑↓"), "at the end")
    scenario.press(.up)
    #expect(scenario.text.contains("more ↑↓"))
    scenario.press(.character("x"))
    #expect(scenario.state.overlay == .help, "other keys do nothing")
    scenario.press(.escape)
    #expect(scenario.state.overlay == nil)
    scenario.press(.function(1), .character("q"))
    #expect(scenario.state.overlay == nil && !scenario.state.shouldQuit, "q closes the help")
  }

  @Test func helpFitsWithoutScrollingWhenTallEnough() {
    var scenario = Scenario(width: 120, height: Keymap.bindings.count + 40)
    scenario.press(.function(1))
    #expect(!scenario.text.contains("more ↓"))
    #expect(scenario.text.contains("decoded/raw"))
  }

  @Test func aBadTargetKeepsTheDialogOpenWithTheErrorUnderTheField() {
    var scenario = Scenario()
    scenario.press(.function(4), .control("u"))
    scenario.type("nohost")
    #expect(scenario.press(.enter).isEmpty)
    guard case .target(let editor) = scenario.state.overlay else {
      Issue.record("the dialog closed")
      return
    }
    #expect(editor.text == "nohost")
    #expect(scenario.text.contains("not a target: nohost"))
    scenario.type(":50052")
    #expect(!scenario.text.contains("not a target"), "typing clears the error")
    #expect(scenario.press(.enter) == [.setTarget("nohost:50052")])
    #expect(scenario.state.overlay == nil)
  }

  @Test func theTargetDialogsTitleFitsAt40Columns() {
    var scenario = Scenario(width: 40, height: 12)
    scenario.press(.function(4))
    #expect(scenario.text.contains("Target HOST:PORT"))
  }

  static func hintBar(_ scenario: Scenario) -> String {
    String(scenario.text.split(separator: "\n", omittingEmptySubsequences: false).last!)
  }

  @Test func theHintBarFollowsTheMode() throws {
    var scenario = Scenario(width: 120, height: 40)
    scenario.press(.enter)
    #expect(Self.hintBar(scenario).contains("Enter send"))
    #expect(!Self.hintBar(scenario).contains("Ctrl-D"), "SayHello is unary")
    scenario.press(.backTab, .down, .down, .down, .enter)
    #expect(Self.hintBar(scenario).contains("Ctrl-D end stream"), "the bidi method")
    scenario.type("Ada")
    scenario.press(.enter)
    scenario.press(.tab)
    #expect(Self.hintBar(scenario).contains("Esc cancel call"), "transcript")
    scenario.press(.function(4))
    let dialog = Self.hintBar(scenario)
    #expect(dialog.contains("Enter connect") && dialog.contains("Esc cancel"), "\(dialog)")
    #expect(!dialog.contains("send") && !dialog.contains("Tab"))
    scenario.press(.escape, .function(1))
    #expect(Self.hintBar(scenario).contains("Esc/q close"))
    scenario.press(.escape)
    try scenario.complete(1, replies: [], frames: Scenario.recordedFrames("python-grpcio-unary"))
    scenario.press(.tab, .enter)
    #expect(scenario.state.inspector.inDetail)
    #expect(Self.hintBar(scenario).contains("←/Esc back"), "\(Self.hintBar(scenario))")
  }

  @Test func tabVisitsOnlyThePanesOnScreen() {
    var scenario = Scenario(width: 40, height: 10)
    #expect(scenario.state.visibleFocuses == [.methods, .input, .transcript])
    var seen: [ExplorerState.Focus] = []
    for _ in 0..<6 {
      scenario.press(.tab)
      seen.append(scenario.state.focus)
    }
    #expect(!seen.contains(.frames))
    // Focus on the frames of a bigger screen goes to the input when they leave it.
    var big = Scenario()
    big.press(.backTab)
    #expect(big.state.focus == .frames)
    _ = big.state.update(.resize(width: 40, height: 10))
    #expect(big.state.focus == .input)
  }

  @Test func keysDoNothingWhileTheTerminalIsTooSmall() {
    var scenario = Scenario(width: 30, height: 8)
    #expect(scenario.text.contains("terminal too small"))
    scenario.press(.enter)
    scenario.type("Ada")
    #expect(scenario.press(.enter).isEmpty)
    #expect(scenario.press(.function(2)).isEmpty)
    #expect(scenario.state.transcript.calls.isEmpty && scenario.state.prompt.editor.isEmpty)
    #expect(scenario.press(.control("c")) == [.quit], "quitting still works")
  }

  @Test func ctrlZSuspends() {
    var scenario = Scenario()
    scenario.press(.enter)
    #expect(scenario.press(.control("z")) == [.suspend])
  }

  @Test func aWaitingCallShowsHowLongItHasWaited() {
    var scenario = Scenario()
    scenario.press(.enter)
    scenario.type("Ada")
    scenario.press(.enter)
    _ = scenario.state.update(.callStarted(id: 1, startNanos: 5_000_000_000, wallClock: 0))
    _ = scenario.state.update(.tick(nanos: 8_240_000_000))
    #expect(scenario.text.contains("waiting… 3.2 s"), "\(scenario.text)")
  }

  @Test func quittingWithAnOpenStreamWritesItToHistoryAsCutOff() {
    var scenario = Scenario()
    scenario.press(.down, .down, .down, .enter)
    scenario.type("Ada")
    scenario.press(.enter)
    _ = scenario.state.update(.callStarted(id: 1, startNanos: 1_000_000_000, wallClock: 0))
    _ = scenario.state.update(.tick(nanos: 3_000_000_000))
    #expect(scenario.press(.control("c")) == [.cancel(id: 1), .recordHistory(id: 1), .quit])
    let ending = scenario.state.transcript.calls[0].ending
    #expect(ending?.name == "CANCELLED")
    #expect(ending?.message == "cut off: the explorer quit")
    #expect(ending?.totalMicros == 2_000_000)
    // The cancellation's own end arrives too late to be written twice.
    let outcome = CallOutcome(
      status: Status(code: .cancelled, message: ""), httpStatus: nil, nonGRPCBody: nil,
      timing: CallTiming(connectNanos: 0, firstResponseNanos: nil, totalNanos: 1))
    #expect(scenario.state.update(.call(id: 1, .finished(outcome))).isEmpty)
  }

  @Test func aSignalEndsTheExplorerTheSameWay() {
    var scenario = Scenario()
    scenario.press(.down, .down, .down, .enter)
    scenario.type("Ada")
    scenario.press(.enter)
    let effects = scenario.state.update(.terminate(reason: "the explorer got SIGHUP"))
    #expect(effects == [.cancel(id: 1), .recordHistory(id: 1), .quit])
    #expect(
      scenario.state.transcript.calls[0].ending?.message == "cut off: the explorer got SIGHUP")
    #expect(scenario.state.shouldQuit)
  }

  @Test func changingTheTargetSaysItEndedTheOpenStream() throws {
    var scenario = Scenario()
    scenario.press(.down, .down, .down, .enter)
    scenario.type("Ada")
    scenario.press(.enter)
    scenario.press(.function(4), .control("u"))
    scenario.type("127.0.0.1:50052")
    #expect(scenario.press(.enter) == [.setTarget("127.0.0.1:50052")])
    #expect(scenario.state.transcript.openStream == nil)
    try scenario.complete(
      1, replies: [],
      status: Status(
        code: .unavailable, message: "connection 127.0.0.1:50051 closed before the call finished"))
    #expect(
      scenario.state.transcript.calls[0].ending?.message
        == "connection 127.0.0.1:50051 closed before the call finished — the target changed to 127.0.0.1:50052"
    )
  }
}

/// Rich error details (`grpc-status-details-bin`) in the error bubble, named from the catalog,
/// and kept in history.
@Suite struct ErrorDetailsInTheTranscriptTests {
  @Test func detailsAreShownUnderTheErrorInertAndKeptInHistory() throws {
    var scenario = Scenario(width: 120, height: 40)
    scenario.press(.enter)
    scenario.type("Ada")
    scenario.press(.enter)
    let catalog = scenario.state.catalog
    let status = try catalog.decodeJSON(
      """
      {"code": 3, "message": "bad", "details": [
        {"@type": "type.googleapis.com/google.rpc.BadRequest",
         "fieldViolations": [{"field": "name", "description": "too short \\u001b[31m"}]},
        {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "1.500s"}]}
      """, as: "google.rpc.Status")
    var trailers = Metadata()
    trailers.addBinary(catalog.encode(status), forKey: "grpc-status-details-bin")
    _ = scenario.state.update(.call(id: 1, .trailers(trailers)))
    try scenario.complete(1, replies: [], status: Status(code: .invalidArgument, message: "bad"))
    let text = scenario.text
    #expect(text.contains("INVALID_ARGUMENT: bad"))
    #expect(
      text.contains(#"{"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":"#))
    #expect(text.contains("too short ␛[31m"), "server text inert: \(text)")
    #expect(
      text.contains(#"{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"1.500s"}"#))

    let line = HistoryCodec.line(for: scenario.state.transcript.calls[0])
    let again = try #require(HistoryCodec.call(from: Substring(line)))
    #expect(again.errorDetails == scenario.state.transcript.calls[0].errorDetails)
    #expect(again.errorDetails.count == 2)
  }
}
