import Foundation
import GreeterTestSupport
import Testing

/// The explorer on a service that is not the Greeter, in a real terminal: a Python grpcio server
/// with reflection (kitchensink.KitchenSink: nested messages, all four kinds, rich error
/// details), found through the tree's filter, its requests written in the composer.
@Suite struct ExplorerComposerTmuxTests {
  /// A stand-in for `$VISUAL`: it rewrites the file it is given, as a user in vi would.
  static func editorScript(writing json: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "greeter-editor-\(UUID().uuidString.prefix(8)).sh"
    ).path
    let script = "#!/bin/sh\nprintf '%s\\n' '\(json)' > \"$1\"\n"
    try script.write(toFile: path, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
    return path
  }

  /// The screen without spaces and pane borders: text the transcript wrapped is whole again.
  static func squeezed(_ screen: String) -> String {
    String(screen.filter { !$0.isWhitespace && $0 != "│" && $0 != "▌" })
  }

  /// Waits until `text` (spaces ignored) is in the transcript, however it was wrapped.
  @discardableResult
  static func waitForWrapped(_ text: String, in tmux: TmuxSession) async throws -> String {
    let wanted = squeezed(text)
    return try await tmux.waitFor("\"\(text)\" on screen, wrapped or not") {
      squeezed($0).contains(wanted)
    }
  }

  /// `/NAME`, Enter (keep the filter), Enter (choose): the method's composer opens.
  static func open(_ method: String, in tmux: TmuxSession) async throws {
    try tmux.keys("BTab", "Escape", "/")
    try tmux.type(method)
    try await tmux.waitFor(text: "Methods /\(method)")
    try tmux.keys("Enter", "Enter")
    try await tmux.waitFor(text: "\(method) ▸ ✓ kitchensink.Order · Ctrl-S/F5 sends")
  }

  @Test func aNestedRequestAStreamAndAnEditedRequestAreSentToAPythonServer() async throws {
    let (server, target) = try await DiscoveryTests.kitchenSink(["--reflection", "both"])
    defer { server.terminate() }
    let editor = try Self.editorScript(
      writing: #"{"id": "E1", "customer": {"name": "Ed"}, "items": [{"sku": "X", "quantity": 2}]}"#)
    defer { try? FileManager.default.removeItem(atPath: editor) }
    let tmux = try TmuxSession.start(
      ["--target", target], width: 120, height: 40, environment: "VISUAL='\(editor)'")
    defer { tmux.kill() }
    let first = try await tmux.waitFor(text: "│ reflection v1 · 3 services")
    #expect(first.contains("▾ kitchensink.KitchenSink"), "\(first)")
    #expect(first.contains("ServerReflectionInfo (discovery) ▸ list_services"), "\(first)")

    // A nested request: the template's id and customer.name filled in.
    try tmux.keys("Tab")  // to the composer, from where `open` goes back to the tree
    try await Self.open("Unary", in: tmux)
    try tmux.keys("Down", "End", "Left", "Left")
    try tmux.type("A1")
    try tmux.keys("Down", "Down", "Down", "End", "Left", "Left")
    try tmux.type("Ada")
    try await tmux.waitFor(text: #""name": "Ada","#)
    try tmux.keys("C-s")
    let unary = try await Self.waitForWrapped(#""message":"0 items for Ada""#, in: tmux)
    #expect(
      Self.squeezed(unary).contains(#"Unary▸{"id":"A1","items":[],"customer":{"name":"Ada""#),
      "\(unary)")

    // Metadata and a deadline set in the dialog (F6: in the composer letters are text) go with
    // the next call: the server echoes the header in its trailers, `h` shows them.
    try tmux.keys("F6")
    try await tmux.waitFor(text: "Metadata and deadline for \(target)")
    try tmux.keys("Tab")
    try tmux.type("30")
    try tmux.keys("Tab")
    try tmux.type("x-user: Ada Lovelace")
    try tmux.keys("C-s")
    try await tmux.waitFor(text: "· 1 header · deadline 30 s │")
    try tmux.keys("C-s")
    try await tmux.waitFor(text: "Transcript · 3 calls")
    try tmux.keys("Tab", "h")
    let headers = try await tmux.waitFor(text: "echo-x-user: Ada Lovelace")
    #expect(headers.contains("x-user: Ada Lovelace"), "\(headers)")
    #expect(headers.contains("deadline 30 s (grpc-timeout)"), "\(headers)")
    try tmux.keys("Escape", "BTab")
    let remembered = try String(
      contentsOfFile: tmux.stateFolder + "/greeter-tui/targets.json", encoding: .utf8)
    #expect(remembered.contains("Ada Lovelace"), "remembered for the target: \(remembered)")

    // Ctrl-E: the editor's text comes back into the composer, checked, and is sent.
    try tmux.keys("C-e")
    try await tmux.waitFor(text: #""id": "E1","#)
    try await tmux.waitFor(text: "Unary ▸ ✓ kitchensink.Order")
    try tmux.keys("C-s")
    try await Self.waitForWrapped(#""orderId":"E1","itemCount":1"#, in: tmux)

    // A client stream: two sends on one stream, counted, then Ctrl-D.
    try await Self.open("ClientStream", in: tmux)
    try tmux.keys("C-s")
    try await tmux.waitFor(text: "ClientStream (stream open, 1 sent, Ctrl-D ends it)")
    try tmux.keys("C-s")
    try await tmux.waitFor(text: "ClientStream (stream open, 2 sent, Ctrl-D ends it)")
    try tmux.keys("C-d")
    try await Self.waitForWrapped(#""message":"2 orders""#, in: tmux)

    // Bidi: a reply for each send while the stream is open.
    try await Self.open("Bidi", in: tmux)
    try tmux.keys("C-s")
    try await tmux.waitFor(text: "Bidi (stream open, 1 sent")
    try tmux.keys("C-s")
    try await tmux.waitFor("two replies on the open stream") {
      $0.components(separatedBy: #""outcome": "OUTCOME_PARTIAL""#).count - 1 >= 2
        && $0.contains("2 sent")
    }
    try tmux.keys("C-d")
    try await tmux.waitFor("the stream ended OK") { !$0.contains("stream open") }

    // An error's details, decoded, in its bubble.
    try await Self.open("Fail", in: tmux)
    try tmux.keys("C-s")
    try await tmux.waitFor(text: "INVALID_ARGUMENT: order rejected")
    try await Self.waitForWrapped(#""reason":"ORDER_REJECTED""#, in: tmux)

    // A request the codec refuses is not sent, and says why.
    try tmux.keys("Down", "End", "BSpace", "BSpace", "BSpace")
    try tmux.type("12x,")
    try await tmux.waitFor(text: "Fail ▸ ✗ (line 2, column 11)")
    try tmux.keys("C-s")
    try await tmux.waitFor(text: "not sent: (line 2, column 11)")
    try tmux.keys("C-c")
  }

  /// Ctrl-E with a real terminal editor: vi gets the terminal (it runs in the explorer's process
  /// group, in the foreground), and what it writes comes back.
  @Test func viEditsTheRequestInTheTerminalAndTheExplorerComesBack() async throws {
    let (server, target) = try await DiscoveryTests.kitchenSink(["--reflection", "both"])
    defer { server.terminate() }
    let tmux = try TmuxSession.start(
      ["--target", target], width: 100, height: 30, environment: "VISUAL=vi HOME=/nonexistent")
    defer { tmux.kill() }
    try await tmux.waitFor(text: "│ reflection v1 · 3 services")
    try tmux.keys("Tab")
    try await Self.open("Unary", in: tmux)
    try tmux.keys("C-e")
    try await tmux.waitFor(text: "greeter-tui-request")
    try tmux.keys("g", "g", "d", "G", "i")
    try tmux.type(#"{"id": "from vi"}"#)
    try tmux.keys("Escape")
    try tmux.type(":wq")
    try tmux.keys("Enter")
    try await tmux.waitFor(text: #""id": "from vi""#)
    try await tmux.waitFor(text: "Unary ▸ ✓ kitchensink.Order")
    try tmux.keys("C-s")
    try await Self.waitForWrapped(#"{"orderId":"from vi""#, in: tmux)

    // g: the grpcurl command, also on the clipboard by OSC 52 (tmux keeps it as a buffer).
    try tmux.run(["set-option", "-g", "set-clipboard", "on"])
    try tmux.keys("Tab", "g")
    try await tmux.waitFor(text: "copied with OSC 52")
    let copied = try await GreeterTestSupport.waitFor("the command in tmux's buffer") {
      let buffer = try? tmux.run(["show-buffer"])
      return buffer?.hasPrefix("grpcurl -plaintext") == true ? buffer : nil
    }
    #expect(
      copied
        == #"grpcurl -plaintext -d '{"id":"from vi"}' \#(target) kitchensink.KitchenSink/Unary"#)
    try tmux.keys("Escape", "C-c")
    #expect(try await tmux.waitFor(text: "exit=").contains("exit=0"))
  }
}
