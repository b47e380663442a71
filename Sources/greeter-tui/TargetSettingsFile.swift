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
    var status = stat()
    guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG,
      status.st_size <= Self.largest,
      let data = FileManager.default.contents(atPath: path),
      let all = try? JSONDecoder().decode([String: RequestSettings].self, from: data)
    else { return [:] }
    return all
  }

  func settings(for target: String) -> RequestSettings? { load()[target] }

  /// Remembers `settings` for `target` (none: forgets it), keeping the other targets'.
  func save(_ settings: RequestSettings, for target: String) throws {
    var all = load()
    all[target] = settings.isEmpty ? nil : settings
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let directory = (path as NSString).deletingLastPathComponent
    try FileManager.default.createDirectory(
      atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    // Headers can be credentials: readable by the user alone.
    let temporary = path + ".\(getpid()).tmp"
    guard
      FileManager.default.createFile(
        atPath: temporary, contents: try encoder.encode(all),
        attributes: [.posixPermissions: 0o600])
    else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary]) }
    guard rename(temporary, path) == 0 else {
      let reason = String(cString: strerror(errno))
      try? FileManager.default.removeItem(atPath: temporary)
      throw CocoaError(
        .fileWriteUnknown, userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: reason])
    }
  }
}
