import Foundation

/// Ctrl-E in the composer: the request's JSON in the user's own editor, as `git commit` does it.
enum ExternalEditor {
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  /// What a file edited there may hold at most: a request, not a disk image.
  static let maximumBytes = 64 << 20

  /// `$VISUAL`, else `$EDITOR`, else `vi`.
  static func command(_ environment: [String: String] = ProcessInfo.processInfo.environment)
    -> String
  {
    for name in ["VISUAL", "EDITOR"] {
      if let value = environment[name], !value.allSatisfy(\.isWhitespace) { return value }
    }
    return "vi"
  }

  /// Runs the editor on `text` in a private temporary file, with the terminal its own until it
  /// exits, and returns what it left there.
  static func edit(_ text: String) throws -> String {
    let command = command()
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "greeter-tui-request-\(getpid())-\(UUID().uuidString.prefix(8)).json"
    ).path
    // A request can hold credentials.
    try PrivateFile.create(path, bytes: text.utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let status = try run(["/bin/sh", "-c", "\(command) \"$1\"", "greeter-tui-editor", path])
    guard status == 0 else {
      throw Failure(description: "\(command) ended with status \(status); request unchanged")
    }
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    guard size <= maximumBytes else {
      throw Failure(description: "the edited file is over \(maximumBytes >> 20) MiB; not taken")
    }
    guard let data = FileManager.default.contents(atPath: path),
      let edited = String(data: data, encoding: .utf8)
    else { throw Failure(description: "the edited file is not UTF-8; not taken") }
    return edited
  }

  /// Runs `arguments` in the foreground, as a shell runs a job: in the explorer's own process
  /// group (so the terminal is the editor's to read and set: Foundation's `Process` would put it
  /// in a group of its own, where vi is stopped by SIGTTOU), with the default action for the
  /// signals the explorer ignores (so Ctrl-C reaches the editor), and no descriptor above 2
  /// (SwiftNIO's sockets are not close-on-exec). Its exit status; 128 + N if signal N ended it.
  private static func run(_ arguments: [String]) throws -> Int32 {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    if let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") {
      typealias AddCloseFrom =
        @convention(c) (
          UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32
        ) -> Int32
      _ = unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, 3)
    }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    var allSignals = sigset_t()
    sigfillset(&allSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    posix_spawnattr_setsigdefault(&attributes, &allSignals)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    let argv = arguments.map { strdup($0) } + [nil]
    let environment = ProcessInfo.processInfo.environment.map { "\($0)=\($1)" }
    let envp = environment.map { strdup($0) } + [nil]
    defer { for pointer in argv + envp { free(pointer) } }
    var pid = pid_t()
    let spawned = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
    guard spawned == 0 else {
      throw Failure(
        description: "cannot run \(arguments[0]): \(String(cString: strerror(spawned)))")
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 {
      guard errno == EINTR else { throw Failure(description: "lost the editor: errno \(errno)") }
    }
    // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import as macros.
    let signal = status & 0x7F
    return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
  }
}
