import Explorer
import Foundation
import GreeterServer
import GreeterTestSupport
import Testing

/// The explorer for real, in tmux: keys in, screens out, against its embedded server and a
/// hostile one.
@Suite struct ExplorerTmuxTests {
  static func lines(_ screen: String, containing text: String) -> [Substring] {
    screen.split(separator: "\n").filter { $0.contains(text) }
  }

  /// Starts the explorer with its server on `port` (0: a port it picks), and returns the port.
  /// A test that switches the server off and on again needs a port outside the ephemeral range,
  /// which no other test can take while it is off.
  static func startOnFreePort(_ port: Int = 0) async throws -> (TmuxSession, Int) {
    let tmux = try TmuxSession.start(["--port", "\(port)"])
    let screen = try await tmux.waitFor(text: "● server 127.0.0.1:")
    let title = try #require(screen.split(separator: "\n").first)
    let port = try #require(
      Int(title.split(separator: "● server 127.0.0.1:")[1].prefix { $0.isNumber }))
    try await tmux.waitFor(text: "→ 127.0.0.1:\(port)")
    return (tmux, port)
  }

  @Test func unaryCallTogglingTheServerAndQuittingWithCtrlC() async throws {
    let (tmux, port) = try await Self.startOnFreePort(try LoopbackPort.outsideEphemeralRange())
    defer { tmux.kill() }
    try tmux.keys("Down", "Enter")
    try tmux.type("Ada")
    try tmux.keys("Enter")
    // The reply and the call's end are two events: a screen may come between them.
    try await tmux.waitFor("the reply, then OK") {
      $0.contains("◂ Hello again, Ada!") && $0.contains("OK · ")
    }
    try await tmux.waitFor("HEADERS and DATA rows") {
      $0.contains("HEADERS        1") && $0.contains("DATA           1")
    }
    #expect(
      Self.lines(try tmux.screen, containing: "HEADERS        1").contains {
        $0.contains("POST /hello")
      })

    try tmux.keys("F2")
    try await tmux.waitFor(text: "○ server off")
    try tmux.type("Bo")
    try tmux.keys("Enter")
    try await tmux.waitFor(text: "UNAVAILABLE: connection refused 127.0.0.1:\(port)")
    try await tmux.waitFor(text: "server is off (F2)")  // the line wraps before it

    try tmux.keys("F2")
    try await tmux.waitFor(text: "● server 127.0.0.1:\(port)")
    try tmux.type("Cy")
    try tmux.keys("Enter")
    try await tmux.waitFor(text: "◂ Hello again, Cy!")

    try tmux.keys("C-c")
    let after = try await tmux.waitFor(text: "exit=")
    #expect(after.contains("exit=0"))
    #expect(after.contains("icanon") && !after.contains("-icanon"), "terminal restored: \(after)")
    #expect(after.contains("echo") && !after.contains("-echo"))
    // History survives the session.
    let history = try String(
      contentsOfFile: tmux.stateFolder + "/greeter-tui/history.jsonl", encoding: .utf8)
    #expect(history.split(separator: "\n").count == 3)
  }

  @Test func streamingBidiKoreanAndResize() async throws {
    let (tmux, _) = try await Self.startOnFreePort()
    defer { tmux.kill() }
    // Server streaming: three replies.
    try tmux.keys("Down", "Down", "Enter")
    try tmux.type("Ada")
    try tmux.keys("Enter")
    try await tmux.waitFor(text: "◂ Hello, Ada! (3/3)")
    let streamed = try tmux.screen
    #expect(streamed.contains("◂ Hello, Ada! (1/3)") && streamed.contains("◂ Hello, Ada! (2/3)"))

    // Bidi: two names, two replies, one stream.
    try tmux.keys("BTab", "Down", "Enter")
    try tmux.type("Ada")
    try tmux.keys("Enter")
    try await tmux.waitFor(text: "stream open")
    try await tmux.waitFor(text: "◂ Hello, Ada!")
    try tmux.type("Grace")
    try tmux.keys("Enter")
    try await tmux.waitFor(text: "◂ Hello, Grace!")
    try tmux.keys("C-d")
    let bidi = try await tmux.waitFor("the bidi call to end OK") {
      Self.lines($0, containing: "OK · ").count == 2 && !$0.contains("stream open")
    }
    #expect(Self.lines(bidi, containing: "SayHelloBidiStream ▸ Ada").count == 1)
    #expect(Self.lines(bidi, containing: "▸ Grace").count == 1)
    #expect(
      bidi.contains("Frames · call 2 SayHelloBidiStream · stream 3"),
      "both on stream 3 of one connection")

    // Korean: two cells a syllable, the pane's right border where it belongs.
    try tmux.keys("BTab", "Up", "Up", "Enter")
    try tmux.type("세종")
    try tmux.keys("Enter")
    let korean = try await tmux.waitFor(text: "◂ Hello again, 세종!")
    let reply = try #require(Self.lines(korean, containing: "◂ Hello again, 세종!").first)
    let border = try #require(Self.lines(korean, containing: "Transcript").first)
    #expect(DisplayWidth.of(reply) == DisplayWidth.of(border), "\(reply)\n\(border)")
    #expect(reply.hasSuffix("│"))

    // Too small, then back, with the transcript kept.
    try tmux.resize(width: 20, height: 5)
    try await tmux.waitFor(text: "terminal too small")
    try tmux.resize(width: 100, height: 30)
    try await tmux.waitFor(text: "◂ Hello again, 세종!")
    try tmux.keys("F10")
    #expect(try await tmux.waitFor(text: "exit=").contains("exit=0"))
  }

  /// Client streaming: one request per Enter on one stream, no reply until Ctrl-D half-closes
  /// it, then the one reply and OK.
  @Test func clientStreamingSendsEachEnterAndRepliesOnceAfterCtrlD() async throws {
    let (tmux, _) = try await Self.startOnFreePort()
    defer { tmux.kill() }
    let start = try tmux.screen
    let listed = try #require(Self.lines(start, containing: "SayHelloToAll").first)
    #expect(listed.contains("client stream"), "\(listed)")
    try tmux.keys("Down", "Down", "Down", "Down", "Enter")
    try await tmux.waitFor(text: "SayHelloToAll ▸ name:")
    try tmux.type("Ada")
    try tmux.keys("Enter")
    try await tmux.waitFor(text: "stream open · Enter sends")
    for name in ["Grace", "Lin"] {
      try tmux.type(name)
      try tmux.keys("Enter")
      try await tmux.waitFor(text: "▸ \(name)")
    }
    let open = try tmux.screen
    #expect(open.contains("SayHelloToAll (stream open, 3 sent, Ctrl-D ends it) ▸ name:"))
    #expect(open.contains("Ctrl-D end stream"), "the hint bar")
    #expect(!open.contains("◂ Hello"), "no reply before the stream is half-closed")

    try tmux.keys("C-d")
    let done = try await tmux.waitFor("the one reply, then OK") {
      $0.contains("◂ Hello, Ada, Grace and Lin!") && $0.contains("OK · ")
    }
    #expect(Self.lines(done, containing: "◂ Hello").count == 1)
    #expect(!done.contains("stream open"))
    #expect(done.contains("Frames · call 1 SayHelloToAll · stream 1"))
    try tmux.keys("F10")
    #expect(try await tmux.waitFor(text: "exit=").contains("exit=0"))
  }

  @Test(arguments: [("linux", ""), ("tmux-256color", ""), ("xterm-256color", "NO_COLOR=1")])
  func worksWithOtherTerminalsAndWithoutColor(term: String, environment: String) async throws {
    let tmux = try TmuxSession.start(["--port", "0"], term: term, environment: environment)
    defer { tmux.kill() }
    try await tmux.waitFor(text: "● server 127.0.0.1:")
    try tmux.keys("Enter")
    try tmux.type("Ada")
    try tmux.keys("Enter")
    try await tmux.waitFor(text: "◂ Hello, Ada!")
    let colored = try tmux.run(["capture-pane", "-p", "-e", "-t", "main"])
    // tmux writes a foreground color as ESC [ 3n m.
    let foregrounds = (0...7).filter { colored.contains("\u{1B}[3\($0)m") }
    if environment.contains("NO_COLOR") {
      #expect(foregrounds.isEmpty, "no foreground colors with NO_COLOR")
    } else {
      #expect(
        foregrounds.contains(2) && foregrounds.contains(6),
        "colors on \(term): \(foregrounds) \(colored.debugDescription.prefix(600))")
    }
    try tmux.keys("F10")
    #expect(try await tmux.waitFor(text: "exit=").contains("exit=0"))
  }

  @Test func historyReloadsSkipsACorruptLineAndKeepsTheFile() async throws {
    let good =
      #"{"v":1,"id":7,"method":"SayHello","path":"/helloworld.Greeter/SayHello","kind":"unary","turns":[{"request":"Old"},{"reply":"Hello, Old!"}],"status":{"code":0,"name":"OK","message":""},"total_us":900,"frames":[]}"#
    let history = good + "\n{this is not json\n"
    let tmux = try TmuxSession.start(["--port", "0"], history: Data(history.utf8))
    defer { tmux.kill() }
    // One event brings both, but tmux may capture the screen halfway through drawing it. The
    // server must be on too (--port 0: the target is its port once it has one), or the call
    // goes to port 0.
    try await tmux.waitFor("the old call, the notice and the server") {
      $0.contains("◂ Hello, Old!") && $0.contains("history: skipped 1 unreadable line")
        && $0.contains("● server 127.0.0.1:")
    }
    try tmux.keys("Enter")
    try tmux.type("New")
    try tmux.keys("Enter")
    try await tmux.waitFor(text: "◂ Hello, New!")
    try tmux.keys("C-c")
    _ = try await tmux.waitFor(text: "exit=")
    let lines = try String(
      contentsOfFile: tmux.stateFolder + "/greeter-tui/history.jsonl", encoding: .utf8
    )
    .split(separator: "\n")
    #expect(lines.count == 3, "appended, never truncated: \(lines)")
    #expect(lines.first.map(String.init) == good)
    #expect(lines.last?.contains("Hello, New!") == true)
  }

  @Test func hostileServerTextIsShownInertAndTheTitleIsUntouched() async throws {
    let server = try await ScriptedServer.start(scenario: .hostileText)
    let tmux = try TmuxSession.start(["--target", "127.0.0.1:\(server.port)"])
    defer {
      tmux.kill()
      Task { await server.stop() }
    }
    try await tmux.waitFor(text: "○ server off")
    let titleBefore = try tmux.title
    try tmux.keys("Enter")
    try tmux.type("Ada")
    try tmux.keys("Enter")
    let screen = try await tmux.waitFor("the reply and the error") {
      $0.contains("INTERNAL:") && $0.contains("◂ Hello, ␛]0;pwned␇␛[2J")
    }
    #expect(try tmux.title == titleBefore)
    #expect(!(try tmux.title).contains("pwned"))
    #expect(screen.contains("greeter-tui │"), "the screen was not cleared by ESC[2J")
    try tmux.keys("C-c")
    #expect(try await tmux.waitFor(text: "exit=").contains("exit=0"))
  }

  @Test func takenPortIsSaidInTheTitleBarAndCallsGoToWhoeverListens() async throws {
    let peers = try TestEnvironment.pythonPeers()
    let python = try ChildProcess(
      try TestEnvironment.python(), ["\(peers)/greeter_server.py", "0"])
    defer { python.terminate() }
    let port = try await python.waitForLine(startingWith: "listening on 127.0.0.1:")
    let tmux = try TmuxSession.start(["--port", port])
    defer { tmux.kill() }
    try await tmux.waitFor(text: "✗ server: 127.0.0.1:\(port) is already in use")
    try tmux.keys("Enter")
    try tmux.type("you")
    try tmux.keys("Enter")
    try await tmux.waitFor(text: "◂ Hello, you!")
    try tmux.keys("C-c")
  }

  /// With --target the explorer discovers the server's schema: the reflection stream is a call of
  /// the transcript with its frames, the methods are the server's, and one of them whose input
  /// is one string field (health's Check) is called like SayHello.
  @Test func aTargetIsDiscoveredAndItsMethodsAreCalled() async throws {
    let serve = try await ServeProcess.start()
    defer { serve.process.terminate() }
    let tmux = try TmuxSession.start(["--target", "127.0.0.1:\(serve.address.port)"], width: 110)
    defer { tmux.kill() }
    // Everything read off one screen is waited for: a capture can come between the parts of
    // one redraw.
    let screen = try await tmux.waitFor("the discovery, its frames and the server's methods") {
      $0.contains("◂ 2 of 2 answered") && $0.contains("│ reflection v1 · 4 services")
        && $0.contains("POST /grpc.refle") && $0.contains("│  Check ")
    }
    #expect(screen.contains("ServerReflectionInfo (discovery) ▸ list_services"), "\(screen)")
    #expect(screen.contains("▸ file_containing_symbol helloworld.Greeter"), "\(screen)")
    #expect(screen.contains("POST /grpc.refle"), "its frames are shown: \(screen)")
    #expect(screen.contains("│  Check "), "the server's methods are listed: \(screen)")
    #expect(screen.contains("│▾ grpc.health.v1.Health"), "under their services: \(screen)")
    try tmux.keys("Enter")
    try tmux.type("Ada")
    try tmux.keys("Enter")
    try await tmux.waitFor(text: "◂ Hello, Ada!")
    // The filter finds it among the services: Enter keeps the filter, Enter again chooses.
    try tmux.keys("BTab", "/")
    try tmux.type("heck")
    try await tmux.waitFor(text: "Methods /heck")
    try tmux.keys("Enter", "Enter")
    try await tmux.waitFor(text: "Check ▸ service:")
    try tmux.type("helloworld.Greeter")
    try tmux.keys("Enter")
    try await tmux.waitFor(text: #""status": "SERVING""#)
    try tmux.keys("C-c")
    #expect(try await tmux.waitFor(text: "exit=").contains("exit=0"))
  }

  /// `-H` reaches discovery (a reflection server behind auth) and the calls.
  @Test func headersGoWithDiscoveryAndCalls() async throws {
    let script = TestEnvironment.repositoryRoot.appendingPathComponent(
      "Tests/InteropTests/Python/hostile_reflection_server.py"
    ).path
    let server = try ChildProcess(try TestEnvironment.python(), [script, "0"])
    defer { server.terminate() }
    let port = try await server.waitForLine(startingWith: "listening on 127.0.0.1:")
    let tmux = try TmuxSession.start(
      [
        "--target", "127.0.0.1:\(port)", "-H", "x-scenario:auth", "-H",
        "authorization:Bearer sesame",
      ], width: 110)
    defer { tmux.kill() }
    try await tmux.waitFor("the discovered method") {
      $0.contains("│ reflection v1 · 1 service") && $0.contains("│  Echo ")
    }
    try tmux.keys("C-c")
    #expect(try await tmux.waitFor(text: "exit=").contains("exit=0"))
  }

  /// A new target (F4) is discovered again; the embedded server's own is not asked.
  @Test func aNewTargetIsDiscoveredAgain() async throws {
    let serve = try await ServeProcess.start()
    defer { serve.process.terminate() }
    let tmux = try TmuxSession.start(["--port", "0"], width: 140)
    defer { tmux.kill() }
    try await tmux.waitFor(text: "● server 127.0.0.1:")
    #expect(!(try tmux.screen).contains("discover"))
    try tmux.keys("F4", "C-u")
    try tmux.type("127.0.0.1:\(serve.address.port)")
    try tmux.keys("Enter")
    let screen = try await tmux.waitFor(text: "ServerReflectionInfo (discovery)")
    try await tmux.waitFor(text: "reflection v1 · 4 services")
    #expect(screen.contains("→ 127.0.0.1:\(serve.address.port)"), "\(screen)")
    try tmux.keys("C-c")
    #expect(try await tmux.waitFor(text: "exit=").contains("exit=0"))
  }
}
