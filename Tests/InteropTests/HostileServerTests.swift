import Foundation
import GreeterTestSupport
import Testing

/// Every way the scripted server misbehaves, met by `call --json` and by the explorer in tmux:
/// no crash, a status that names what happened, everything before it kept. The calls are given
/// the Greeter's schema (no discovery first): DiscoveryTests meets a hostile reflection server.
@Suite struct HostileServerTests {
  struct Case: Sendable, CustomStringConvertible {
    var scenario: String
    var arguments: [String] = []
    var exit: Int32
    var status: String
    /// Words the status message or the connection's close reason must hold.
    var says: String
    var description: String { scenario }
  }

  static let cases: [Case] = [
    Case(scenario: "hostile-text", exit: 77, status: "INTERNAL", says: "\u{1B}]0;pwned"),
    Case(
      scenario: "huge-16mib", exit: 72, status: "RESOURCE_EXHAUSTED",
      says: "16777221 bytes, over the limit of 4194304"),
    Case(
      scenario: "huge-16mib", arguments: ["--max-receive", "20000000"], exit: 0, status: "OK",
      says: ""),
    Case(scenario: "oversized-frame", exit: 78, status: "UNAVAILABLE", says: "frame"),
    Case(scenario: "invalid-hpack", exit: 78, status: "UNAVAILABLE", says: "invalid HPACK"),
    Case(scenario: "data-on-closed-stream", exit: 0, status: "OK", says: "closed or never existed"),
    Case(
      scenario: "reset-mid-stream", exit: 77, status: "INTERNAL", says: "RST_STREAM INTERNAL_ERROR"),
    Case(scenario: "goaway-mid-call", exit: 78, status: "UNAVAILABLE", says: "GOAWAY NO_ERROR"),
    Case(scenario: "ping-flood", exit: 78, status: "UNAVAILABLE", says: "flood"),
    Case(scenario: "trailers-only", exit: 69, status: "NOT_FOUND", says: "no greeter called"),
    Case(scenario: "bad-gateway", exit: 78, status: "UNAVAILABLE", says: "HTTP 502"),
    Case(
      scenario: "silent", arguments: ["--deadline", "0.5"], exit: 68, status: "DEADLINE_EXCEEDED",
      says: "deadline"),
    Case(
      scenario: "die-mid-stream", exit: 78, status: "UNAVAILABLE",
      says: "closed before the call finished"),
    Case(
      scenario: "closed-mid-frame", exit: 78, status: "UNAVAILABLE", says: "closed inside a frame"),
    Case(
      scenario: "slowloris", arguments: ["--deadline", "1"], exit: 68, status: "DEADLINE_EXCEEDED",
      says: "deadline"),
    Case(scenario: "garbage", exit: 78, status: "UNAVAILABLE", says: "speaking HTTP/2"),
  ]

  @Test(arguments: cases)
  func callJSONNamesWhatHappened(_ hostile: Case) async throws {
    let server = try await ScriptedServer.start()
    defer { Task { await server.stop() } }
    let call = try await CallProcess.run(
      ["--json", "--target", "127.0.0.1:\(server.port)", "-H", "x-scenario:\(hostile.scenario)"]
        + TestEnvironment.withoutDiscovery + hostile.arguments + ["SayHello", "Ada"])
    #expect(call.status == hostile.exit, "\(call.errorOutput)")
    let json = try call.json
    let status = try #require(json["status"] as? [String: Any])
    #expect(status["name"] as? String == hostile.status)
    let said =
      (status["message"] as? String ?? "") + " " + (json["connection_closed"] as? String ?? "")
    #expect(hostile.says.isEmpty || said.contains(hostile.says), "\(said)")
    #expect(!(try call.frames).isEmpty, "the frames up to the failure are kept")
    print(
      "hostile \(hostile.scenario) \(hostile.arguments): call peak RSS \(call.peakResidentBytes >> 20) MiB"
    )
  }

  /// What `call`'s text output must show of each scenario's hostile text: one rendering
  /// everywhere (the README's), in the reply, the status, header fields and frame summaries.
  static let inertRenderings: [(scenario: String, shows: [String])] = [
    (
      "hostile-text",
      [
        "Response contents:\n{\n  \"message\": \"Hello, ␛]0;pwned␇␛[2J⟨C1 9B⟩31m⟨RLO⟩dlrow⟨PDF⟩!\"\n}",
        "Status: INTERNAL: Hello, ␛]0;pwned␇␛[2J⟨C1 9B⟩31m⟨RLO⟩dlrow⟨PDF⟩!",
        "gRPC 40 B: message: \"Hello, ␛]0;pwned␇␛[2J⟨C1 9B⟩31m⟨RLO⟩dlrow⟨PDF⟩!\"",
      ]
    ),
    (
      "hostile-headers",
      [
        "grpc-status 13 grpc-message \"Hello, ␛]0;pwned␇␛[2J⟨C1 9B⟩31m⟨RLO⟩dlrow⟨PDF⟩!\"",
        "x-hostile: Hello, ␛]0;pwned␇␛[2J⟨C1 9B⟩31m⟨RLO⟩dlrow⟨PDF⟩!",
      ]
    ),
    ("garbage", ["\"HTTP/1.1 400 Bad Request␍␊Conten…\""]),
  ]

  @Test(arguments: inertRenderings.map(\.scenario))
  func callTextShowsControlsAsTheREADMESaysAndJSONEscapesThem(_ scenario: String) async throws {
    let server = try await ScriptedServer.start()
    defer { Task { await server.stop() } }
    let arguments =
      TestEnvironment.withoutDiscovery + [
        "--target", "127.0.0.1:\(server.port)", "-H", "x-scenario:\(scenario)", "SayHello", "Ada",
      ]
    let text = try await CallProcess.run(["--frames"] + arguments)
    for shown in Self.inertRenderings.first(where: { $0.scenario == scenario })?.shows ?? [] {
      #expect(text.output.contains(shown), "\(text.output)")
    }
    for escape in [
      "\u{1B}", "\u{07}", "\\u{1B}", "\\u{07}", "\\u001B", "\\u001b", "\\u0007", "\\r\\n",
    ] {
      #expect(!text.output.contains(escape), "\(escape.debugDescription) in the text output")
    }
    guard scenario != "garbage" else { return }
    let json = try await CallProcess.run(["--json"] + arguments)
    #expect(json.output.contains("\\u001b]0;pwned\\u0007"), "\(json.output)")
    #expect(!json.output.contains("\u{1B}"))
  }

  @Test func explorerMeetsEveryScenarioAndKeepsGoing() async throws {
    let server = try await ScriptedServer.start()
    defer { Task { await server.stop() } }
    let tmux = try TmuxSession.start(
      ["--target", "127.0.0.1:\(server.port)"], width: 160, height: 40)
    defer { tmux.kill() }
    try await tmux.waitFor(text: "○ server off")
    let title = try tmux.title
    try tmux.keys("Enter")
    try tmux.type("Ada")
    try tmux.keys("Enter")
    try await tmux.waitFor(text: "◂ Hello, Ada!")
    for hostile in Self.cases where hostile.scenario != "silent" && hostile.arguments.isEmpty {
      try tmux.type("scenario:\(hostile.scenario)")
      try tmux.keys("Enter")
      let expected = hostile.status == "OK" ? "OK · " : "\(hostile.status):"
      try await tmux.waitFor("\(hostile.scenario) to end \(hostile.status)", timeout: .seconds(20))
      { screen in
        // The lines after this call's request bubble hold its ending.
        let lines = screen.split(separator: "\n")
        guard
          let request = lines.lastIndex(where: { $0.contains("▸ scenario:\(hostile.scenario)") })
        else {
          return false
        }
        let after = lines[(request + 1)...]
        return after.contains { $0.contains(expected) }
          && !after.contains { $0.contains("waiting…") }
      }
    }
    // A call that never ends: Esc cancels it.
    try tmux.type("scenario:silent")
    try tmux.keys("Enter")
    try await tmux.waitFor(text: "waiting…")
    try tmux.keys("Escape")
    try await tmux.waitFor(text: "CANCELLED: cancelled by the client")
    // Still alive, the title untouched, and every call in the history.
    try tmux.type("Zed")
    try tmux.keys("Enter")
    try await tmux.waitFor(text: "◂ Hello, Zed!")
    #expect(try tmux.title == title)
    try tmux.keys("C-c")
    #expect(try await tmux.waitFor(text: "exit=").contains("exit=0"))
    let history = try String(
      contentsOfFile: tmux.stateFolder + "/greeter-tui/history.jsonl", encoding: .utf8)
    #expect(
      history.split(separator: "\n").count == 3
        + Self.cases.filter { $0.scenario != "silent" && $0.arguments.isEmpty }.count)
  }
}
