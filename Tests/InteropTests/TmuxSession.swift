import Foundation
import GreeterTestSupport

/// A real terminal for the explorer: a tmux server of its own (its own socket), a fixed size,
/// LANG=C.UTF-8; keys in with send-keys, the screen out with capture-pane, polled with a
/// deadline. `make test` installs tmux.
struct TmuxSession {
  let socket = "greeter-\(UUID().uuidString.prefix(8))"
  let stateFolder: String

  static func tmux() throws -> String {
    for folder in ["/usr/bin", "/usr/local/bin"]
    where FileManager.default.isExecutableFile(atPath: "\(folder)/tmux") {
      return "\(folder)/tmux"
    }
    throw TestFailure("tmux not found: run `make test`, which installs Debian's tmux")
  }

  /// Starts `greeter-tui arguments…` in a `width`×`height` window (behind `wrapper`, a command
  /// such as `setpriv …` that then runs it). When it exits, the window
  /// shows its exit status and whether the terminal was restored (`stty` has echo and icanon).
  static func start(
    _ arguments: [String], width: Int = 100, height: Int = 30, term: String = "xterm-256color",
    environment: String = "", history: Data? = nil, runAs wrapper: String = ""
  ) throws -> TmuxSession {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "greeter-state-\(UUID().uuidString)"
    ).path
    try FileManager.default.createDirectory(
      atPath: folder + "/greeter-tui", withIntermediateDirectories: true)
    if let history {
      try history.write(to: URL(fileURLWithPath: folder + "/greeter-tui/history.jsonl"))
    }
    let session = TmuxSession(stateFolder: folder)
    let program = ([try TestEnvironment.greeterTUI()] + arguments).map { "'\($0)'" }.joined(
      separator: " ")
    let script =
      "env -u NO_COLOR LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=\(term) \(environment) XDG_STATE_HOME='\(folder)' \(wrapper) \(program); "
      + "status=$?; modes=$(stty -a | tr ' ' '\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '); "
      + "echo \"exit=$status $modes\"; sleep 600"
    try session.run([
      "new-session", "-d", "-s", "main", "-x", "\(width)", "-y", "\(height)", "sh", "-c", script,
    ])
    return session
  }

  @discardableResult
  func run(_ arguments: [String]) throws -> String {
    let (status, text) = try Spawn.run(
      try Self.tmux(), ["-L", socket, "-f", "/dev/null"] + arguments)
    guard status == 0 else {
      throw TestFailure("tmux \(arguments.joined(separator: " ")) failed (\(status)): \(text)")
    }
    return text
  }

  func keys(_ names: String...) throws {
    try run(["send-keys", "-t", "main"] + names)
  }

  func type(_ text: String) throws {
    try run(["send-keys", "-t", "main", "-l", text])
  }

  var screen: String {
    get throws { try run(["capture-pane", "-p", "-t", "main"]) }
  }

  var title: String {
    get throws {
      try run(["display-message", "-p", "-t", "main", "#{pane_title}"]).trimmingCharacters(
        in: .newlines)
    }
  }

  /// Polls the screen until `check` finds what it wants; fails with the last screen.
  @discardableResult
  func waitFor(_ what: String, timeout: Duration = .seconds(15), _ check: (String) -> Bool)
    async throws -> String
  {
    var last = ""
    return try await GreeterTestSupport.waitFor(
      what, timeout: timeout, details: "last screen:\n\(last)"
    ) {
      last = try screen
      return check(last) ? last : nil
    }
  }

  func waitFor(text: String, timeout: Duration = .seconds(15)) async throws -> String {
    try await waitFor("\"\(text)\" on screen", timeout: timeout) { $0.contains(text) }
  }

  func resize(width: Int, height: Int) throws {
    try run(["resize-window", "-t", "main", "-x", "\(width)", "-y", "\(height)"])
  }

  func kill() {
    _ = try? run(["kill-server"])
    try? FileManager.default.removeItem(atPath: stateFolder)
  }

  /// Once the methods are listed, filters them to SayHello, opens it and sends `name`.
  func sayHello(_ name: String) async throws {
    try await waitFor(text: "SayHelloAgain")
    try keys("/")
    try type("sayhello")
    try keys("Enter", "Enter")
    try type(name)
    try keys("Enter")
  }
}
