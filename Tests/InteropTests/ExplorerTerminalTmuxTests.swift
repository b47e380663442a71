import Explorer
import Foundation
import GreeterTestSupport
import Testing

/// The explorer in tmux with what a terminal throws at it: long pastes, pastes of several lines,
/// emoji sequences, signals and job control. Each time the screen stays whole and the terminal
/// is given back as it was.
@Suite struct ExplorerTerminalTmuxTests {
  /// The explorer's process (the shell in the pane runs it as its child).
  static func pid(_ tmux: TmuxSession) throws -> Int32 {
    let shell = try tmux.run(["display-message", "-p", "-t", "main", "#{pane_pid}"])
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let (status, children) = try Spawn.run("/usr/bin/pgrep", ["-P", shell])
    let pid = children.split(separator: "\n").first.flatMap { Int32($0) }
    guard status == 0, let pid else { throw TestFailure("no child of the pane's shell \(shell)") }
    return pid
  }

  /// The process state letter from /proc (R, S, T for stopped, …).
  static func state(_ pid: Int32) throws -> Character? {
    let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
    guard let close = stat.lastIndex(of: ")") else { return nil }
    return stat[stat.index(close, offsetBy: 2)]
  }

  static func paneTTYModes(_ tmux: TmuxSession) throws -> String {
    let tty = try tmux.run(["display-message", "-p", "-t", "main", "#{pane_tty}"])
      .trimmingCharacters(in: .whitespacesAndNewlines)
    let (_, modes) = try Spawn.run("/bin/sh", ["-c", "stty -a < \(tty)"])
    return modes
  }

  static func alternateScreen(_ tmux: TmuxSession) throws -> Bool {
    try tmux.run(["display-message", "-p", "-t", "main", "#{alternate_on}"]).hasPrefix("1")
  }

  @Test func aTenThousandCharacterPasteShowsAtOnceAndSendsOneCall() async throws {
    let tmux = try TmuxSession.start(["--port", "0"])
    defer { tmux.kill() }
    try await tmux.waitFor(text: "● server 127.0.0.1:")
    try tmux.keys("Enter")
    let text = String(repeating: "abcdefghij", count: 1000) + "THE-END"
    // Typed key by key (no bracketed paste): before, 1,000 characters took 11.7 s to show and
    // 2,000 about 90 s; a deadline of 15 s fails that by far.
    try tmux.type(text)
    try await tmux.waitFor(text: "abcdefghijTHE-END")
    try tmux.keys("Enter")
    // The 10,007-character reply is folded to its first rows; Enter in the transcript shows it
    // whole, its end at the bottom.
    try await tmux.waitFor(text: "Enter: all")
    try tmux.keys("Tab", "Enter")
    try await tmux.waitFor(text: "THE-END!")
    try tmux.keys("C-c")
    #expect(try await tmux.waitFor(text: "exit=").contains("exit=0"))
  }

  @Test func aPasteOfSeveralLinesIsOneLineOfInputNotSeveralCalls() async throws {
    let tmux = try TmuxSession.start(["--port", "0"])
    defer { tmux.kill() }
    try await tmux.waitFor(text: "● server 127.0.0.1:")
    try tmux.keys("Enter")
    try tmux.run(["set-buffer", "-b", "lines", "line one\nline two\nline three"])
    // -p: bracketed, as a terminal pastes into a program that asked for it.
    try tmux.run(["paste-buffer", "-p", "-b", "lines", "-t", "main"])
    let screen = try await tmux.waitFor(text: "▸ name: line one line two line three")
    #expect(!screen.contains("Transcript · "), "nothing was sent: \(screen)")
    try tmux.keys("Enter")
    try await tmux.waitFor(text: "◂ Hello, line one line two line three!")
    #expect(ExplorerTmuxTests.lines(try tmux.screen, containing: "OK · ").count == 1)
    try tmux.keys("C-c")
    #expect(try await tmux.waitFor(text: "exit=").contains("exit=0"))
  }

  @Test(arguments: ["👩‍👩‍👧", "세종😀👩‍👩‍👧", "❤️"])
  func emojiSequencesKeepEveryBorderInPlace(name: String) async throws {
    let tmux = try TmuxSession.start(["--port", "0"])
    defer { tmux.kill() }
    try await tmux.waitFor(text: "● server 127.0.0.1:")
    try tmux.keys("Enter")
    try tmux.type(name)
    try tmux.keys("Enter")
    try await tmux.waitFor(text: "OK · ")
    try tmux.type(name)  // and in the input line
    let drawn = String(
      String.UnicodeScalarView(name.unicodeScalars.filter { !DisplayWidth.isLeftOut($0) }))
    // Polled for both: tmux may capture a screen halfway through its drawing.
    let screen = try await tmux.waitFor("the prompt and the reply") {
      $0.contains("▸ name: \(drawn)") && $0.contains("◂ Hello, \(drawn)!")
    }
    let rows = screen.split(separator: "\n", omittingEmptySubsequences: false)
    // Every pane row ends with its border in the last column, as tmux placed it.
    for row in rows.dropFirst().prefix(25) where row.hasPrefix("│") || row.hasPrefix("┌") {
      #expect(DisplayWidth.of(row) == 100, "row is \(DisplayWidth.of(row)) wide: \(row)")
      #expect(row.hasSuffix("│") || row.hasSuffix("┐") || row.hasSuffix("┘"), "\(row)")
    }
    #expect(!screen.contains("\u{200D}"), "no joiner reached the terminal")
    try tmux.keys("C-c")
    #expect(try await tmux.waitFor(text: "exit=").contains("exit=0"))
  }

  @Test(arguments: [("HUP", 129), ("QUIT", 131), ("TERM", 143), ("INT", 130)])
  func aSignalRestoresTheTerminalAndKeepsTheOpenStream(signal: String, status: Int) async throws {
    let tmux = try TmuxSession.start(["--port", "0"])
    defer { tmux.kill() }
    try await tmux.waitFor(text: "● server 127.0.0.1:")
    try tmux.keys("Tab")
    try await ExplorerFaultTests.openBidi(tmux, saying: "Ada")
    let pid = try Self.pid(tmux)
    _ = try Spawn.run("/bin/kill", ["-\(signal)", "\(pid)"])
    let after = try await tmux.waitFor(text: "exit=")
    #expect(after.contains("exit=\(status)"), "\(after)")
    #expect(after.contains("icanon") && !after.contains("-icanon"), "terminal restored: \(after)")
    #expect(after.contains("echo") && !after.contains("-echo"))
    #expect(!(try Self.alternateScreen(tmux)), "the alternate screen is off")
    let history = try String(
      contentsOfFile: tmux.stateFolder + "/greeter-tui/history.jsonl", encoding: .utf8)
    #expect(history.contains("cut off: the explorer got SIG\(signal)"), "\(history)")
    #expect(history.contains("Hello, Ada!"))
  }

  @Test(arguments: [true, false])
  func suspendedByCtrlZOrSIGTSTPItGivesTheTerminalBackAndComesBackRedrawn(
    byKey: Bool
  ) async throws {
    let tmux = try TmuxSession.start(["--port", "0"])
    defer { tmux.kill() }
    try await tmux.waitFor(text: "● server 127.0.0.1:")
    try tmux.keys("Enter")
    try tmux.type("Ada")
    try tmux.keys("Enter")
    try await tmux.waitFor(text: "◂ Hello, Ada!")
    let pid = try Self.pid(tmux)
    if byKey {
      try tmux.keys("C-z")
    } else {
      _ = try Spawn.run("/bin/kill", ["-TSTP", "\(pid)"])
    }
    _ = try await waitFor("the explorer stopped", timeout: .seconds(10)) {
      try Self.state(pid) == "T" ? true : nil
    }
    // tmux reads the explorer's last output (leaving the alternate screen) on its own time:
    // under load, after the process has stopped.
    let modes = try await waitFor(
      "the terminal given back", timeout: .seconds(10),
      details:
        "stty: \((try? Self.paneTTYModes(tmux)) ?? "?")\nsyscall: \((try? String(contentsOfFile: "/proc/\(pid)/syscall", encoding: .utf8)) ?? "?")\nstat: \((try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? "?")\nscreen: \((try? tmux.screen) ?? "?")"
    ) {
      let modes = try Self.paneTTYModes(tmux)
      let givenBack = modes.contains(" icanon") && modes.contains(" echo")
      let alternate = try Self.alternateScreen(tmux)
      return givenBack && !alternate ? modes : nil
    }
    #expect(modes.contains(" icanon") && modes.contains(" echo"), "given back: \(modes)")

    _ = try Spawn.run("/bin/kill", ["-CONT", "\(pid)"])
    let back = try await tmux.waitFor(text: "◂ Hello, Ada!")
    #expect(back.contains("greeter-tui │"), "redrawn")
    #expect(try Self.alternateScreen(tmux))
    try tmux.type("Bo")
    try tmux.keys("Enter")
    try await tmux.waitFor(text: "◂ Hello, Bo!")
    try tmux.keys("C-c")
    #expect(try await tmux.waitFor(text: "exit=").contains("exit=0"))
  }

  @Test func quittingWithAnOpenStreamWritesItToHistoryAsCutOff() async throws {
    let tmux = try TmuxSession.start(["--port", "0"])
    defer { tmux.kill() }
    try await tmux.waitFor(text: "● server 127.0.0.1:")
    try tmux.keys("Tab")
    try await ExplorerFaultTests.openBidi(tmux, saying: "Ada")
    try tmux.keys("C-c")
    #expect(try await tmux.waitFor(text: "exit=").contains("exit=0"))
    let history = try String(
      contentsOfFile: tmux.stateFolder + "/greeter-tui/history.jsonl", encoding: .utf8)
    #expect(history.contains("\"CANCELLED\""))
    #expect(history.contains("cut off: the explorer quit"))
  }
}
