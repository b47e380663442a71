import Explorer
import Foundation

/// The metadata and deadline set in the explorer for each target, kept next to the history
/// (`targets.json`) so that the next session against the same server sends them again.
struct TargetSettingsFile {
  let path: String

  /// Beside the history file.
  init(historyPath: String) {
    path = (historyPath as NSString).deletingLastPathComponent + "/targets.json"
  }

  /// A settings file is a few headers per target: anything bigger is not this program's.
  static let largest = 1 << 20

  /// Everything remembered, by target; nothing when the file is missing, unreadable, not a
  /// regular file or not ours.
  func load() -> [String: RequestSettings] {
    (try? read()) ?? [:]
  }

  func settings(for target: String) -> RequestSettings? { load()[target] }

  /// The file's settings; empty when there is no file; an error when there is one that is not
  /// ours (it is then never written over).
  private func read() throws -> [String: RequestSettings] {
    var status = stat()
    guard stat(path, &status) == 0 else { return [:] }
    guard status.st_mode & S_IFMT == S_IFREG, status.st_size <= Self.largest,
      let data = FileManager.default.contents(atPath: path),
      let all = try? JSONDecoder().decode([String: RequestSettings].self, from: data)
    else {
      throw Failure(description: "\(path) is not a settings file of greeter-tui; left as it is")
    }
    return all
  }

  struct Failure: Error, CustomStringConvertible, LocalizedError {
    var description: String
    var errorDescription: String? { description }
  }

  /// Remembers `settings` for `target` (none: forgets it), keeping the other targets'. The file
  /// is written whole to a new file made readable by the user alone (headers can be
  /// credentials), then renamed over the old one.
  func save(_ settings: RequestSettings, for target: String) throws {
    var all = try read()
    all[target] = settings.isEmpty ? nil : settings
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let data = try encoder.encode(all)
    let directory = (path as NSString).deletingLastPathComponent
    try FileManager.default.createDirectory(
      atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    let temporary = path + ".\(getpid()).tmp"
    unlink(temporary)
    try PrivateFile.create(temporary, bytes: data, sync: true)
    guard rename(temporary, path) == 0 else {
      let reason = String(cString: strerror(errno))
      unlink(temporary)
      throw Failure(description: "cannot write \(path): \(reason)")
    }
  }
}
