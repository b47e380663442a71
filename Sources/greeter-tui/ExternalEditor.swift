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
    guard
      FileManager.default.createFile(
        atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
    else { throw Failure(description: "cannot write \(path)") }
    defer { try? FileManager.default.removeItem(atPath: path) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    // The command as a shell reads it (`code -w`, `emacs -nw`), the file as its argument.
    process.arguments = ["-c", "\(command) \"$1\"", "greeter-tui-editor", path]
    do {
      try process.run()
    } catch {
      throw Failure(description: "cannot run \(command): \(error)")
    }
    process.waitUntilExit()
    guard process.terminationReason == .exit, process.terminationStatus == 0 else {
      throw Failure(
        description: "\(command) ended with status \(process.terminationStatus); request unchanged")
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
}
