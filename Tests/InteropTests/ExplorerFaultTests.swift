import Foundation
import GreeterTestSupport
import Testing

/// The explorer in tmux when the ground moves: the embedded server switched off in the middle
/// of a bidi stream, an external server killed, a history file it cannot write or full of
/// garbage. Each time: a clear word on screen, the transcript kept, the program going on.
@Suite struct ExplorerFaultTests {
  /// Opens a bidi stream with `first` and waits for its reply. The method is found with the
  /// tree's filter: with --target the tree has the server's four services, in its order, and
  /// may get them while the keys are on their way.
  static func openBidi(_ tmux: TmuxSession, saying first: String) async throws {
    try tmux.keys("BTab", "Escape", "/")
    try tmux.type("BidiStream")
    try tmux.keys("Enter", "Enter")
    try await tmux.waitFor(text: "SayHelloBidiStream ▸ name:")
    try tmux.type(first)
    try tmux.keys("Enter")
    try await tmux.waitFor(text: "◂ Hello, \(first)!")
  }

  @Test func serverSwitchedOffMidBidiLetsTheStreamEndThenCutsOffOneLeftOpen() async throws {
    let port = try LoopbackPort.outsideEphemeralRange()
    let (tmux, _) = try await ExplorerTmuxTests.startOnFreePort(port)
    defer { tmux.kill() }
    try tmux.keys("Tab")  // to the input, so that BTab in openBidi lands on Methods
    try await Self.openBidi(tmux, saying: "Ada")

    // Off while the stream is open: it says so, and the open stream is still served.
    try tmux.keys("F2")
    try await tmux.waitFor(text: "◌ server stopping")
    try tmux.type("Bo")
    try tmux.keys("Enter")
    try await tmux.waitFor(text: "◂ Hello, Bo!")
    // The client ends it: the call is OK, and the server is then off.
    try tmux.keys("C-d")
    try await tmux.waitFor("the stream to end OK and the server off") {
      $0.contains("○ server off") && $0.contains("OK · ") && !$0.contains("stream open")
    }
    try tmux.type("Cy")
    try tmux.keys("Enter")
    try await tmux.waitFor(text: "server is off (F2)")

    // On again; a stream left open when switching off is cut off after the grace period.
    try tmux.keys("F2")
    try await tmux.waitFor(text: "● server 127.0.0.1:\(port)")
    try await Self.openBidi(tmux, saying: "Di")
    try tmux.keys("F2")
    try await tmux.waitFor(text: "◌ server stopping")
    let cut = try await tmux.waitFor("the open stream cut off", timeout: .seconds(20)) {
      $0.contains("○ server off") && $0.contains("CANCELLED: stream reset by the server")
    }
    #expect(cut.contains("◂ Hello, Di!"), "what arrived before is kept")
    #expect(cut.contains("▸ Cy"), "and so are the calls before")
    try tmux.keys("C-c")
    #expect(try await tmux.waitFor(text: "exit=").contains("exit=0"))
  }

  @Test func externalServerKilledMidStreamThenBackOnTheSamePort() async throws {
    let port = try LoopbackPort.outsideEphemeralRange()
    let serve = try await ServeProcess.start(["--port", "\(port)"])
    defer { serve.process.terminate() }
    let tmux = try TmuxSession.start(["--target", "127.0.0.1:\(port)"])
    defer { tmux.kill() }
    try await tmux.waitFor(text: "○ server off")
    try tmux.keys("Tab")
    try await Self.openBidi(tmux, saying: "Ada")

    serve.process.signal(SIGKILL)
    #expect(try await serve.process.waitForExit() == 128 + SIGKILL)
    let dead = try await tmux.waitFor(
      text: "UNAVAILABLE: connection to 127.0.0.1:\(port) closed before the")
    #expect(dead.contains("◂ Hello, Ada!"), "what arrived before is kept")
    #expect(dead.contains("disconnected"))

    let again = try await ServeProcess.start(["--port", "\(port)"])
    defer { again.process.terminate() }
    try tmux.keys("BTab", "Escape", "Up", "Up", "Up", "Enter")
    try tmux.type("Bo")
    try tmux.keys("Enter")
    let back = try await tmux.waitFor(text: "◂ Hello, Bo!")
    #expect(back.contains("connected") && !back.contains("disconnected"))
    try tmux.keys("C-c")
    #expect(try await tmux.waitFor(text: "exit=").contains("exit=0"))
  }

  static let oldCall =
    #"{"v":1,"id":7,"method":"SayHello","path":"/helloworld.Greeter/SayHello","kind":"unary","turns":[{"request":"Old"},{"reply":"Hello, Old!"}],"status":{"code":0,"name":"OK","message":""},"total_us":900,"frames":[]}"#

  /// Read-only for the explorer: the file 0444, and the explorer run as `nobody` when the tests
  /// run as root (root writes read-only files).
  @Test func readOnlyHistoryIsSaidAndCallsGoOnInMemory() async throws {
    let asNobody = getuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups" : ""
    let tmux = try TmuxSession.start(
      ["--port", "0"], width: 200, history: Data((Self.oldCall + "\n").utf8), runAs: asNobody)
    defer { tmux.kill() }
    let file = tmux.stateFolder + "/greeter-tui/history.jsonl"
    try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: file)
    try await tmux.waitFor(text: "◂ Hello, Old!")
    try await tmux.waitFor(text: "● server 127.0.0.1:")
    try tmux.keys("Enter")
    try tmux.type("New")
    try tmux.keys("Enter")
    let screen = try await tmux.waitFor(text: "◂ Hello, New!")
    try await tmux.waitFor(text: "history: cannot write \(file): Permission denied")
    #expect(screen.contains("◂ Hello, Old!"))
    // The frames of the call that could not be written stay in memory: shown, not lost.
    try await tmux.waitFor(text: "HEADERS        1")
    try tmux.keys("C-c")
    #expect(try await tmux.waitFor(text: "exit=").contains("exit=0"))
    #expect(try String(contentsOfFile: file, encoding: .utf8) == Self.oldCall + "\n")
  }

  @Test func historyFullOfGarbageIsSkippedAndKept() async throws {
    var generator = SystemRandomNumberGenerator()
    // Binary noise with no newline for 2 MB, lines of noise, then one good call at the end.
    let noise = (0..<2_000_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
      .map { $0 == 0x0A ? 0x20 : $0 }
    let lines = (0..<300).map { _ in
      String(repeating: "{\"v\":1,\"id\":", count: 3) + "\u{1B}]0;pwned\u{07}garbage"
    }
    var bytes = noise + [0x0A]
    bytes += Array(lines.joined(separator: "\n").utf8) + [0x0A]
    bytes += Array((Self.oldCall + "\n").utf8)
    let tmux = try TmuxSession.start(["--port", "0"], history: Data(bytes))
    defer { tmux.kill() }
    let file = tmux.stateFolder + "/greeter-tui/history.jsonl"
    let before = try Data(contentsOf: URL(fileURLWithPath: file))
    // One event brings both, but tmux may capture the screen halfway through drawing it.
    try await tmux.waitFor("the old call and the notice") {
      $0.contains("◂ Hello, Old!") && $0.contains("history: skipped 301 unreadable lines")
    }
    try await tmux.waitFor(text: "● server 127.0.0.1:")
    try tmux.keys("Enter")
    try tmux.type("New")
    try tmux.keys("Enter")
    try await tmux.waitFor(text: "◂ Hello, New!")
    try tmux.keys("C-c")
    #expect(try await tmux.waitFor(text: "exit=").contains("exit=0"))
    let after = try Data(contentsOf: URL(fileURLWithPath: file))
    #expect(after.prefix(before.count) == before, "the garbage is kept, never truncated")
    #expect(
      String(decoding: after.suffix(from: before.count), as: UTF8.self).contains("Hello, New!"))
  }

  @Test func historyThatIsADeviceIsNeitherReadNorTrusted() async throws {
    let tmux = try TmuxSession.start(["--port", "0", "--history", "/dev/zero"])
    defer { tmux.kill() }
    try await tmux.waitFor(text: "● server 127.0.0.1:")
    try tmux.keys("Enter")
    try tmux.type("Ada")
    try tmux.keys("Enter")
    try await tmux.waitFor(text: "◂ Hello, Ada!")
    try await tmux.waitFor(text: "history: cannot write /dev/zero: not a regular file")
    try tmux.keys("C-c")
    #expect(try await tmux.waitFor(text: "exit=").contains("exit=0"))
  }
}
