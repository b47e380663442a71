import Explorer
import Foundation

/// `$XDG_STATE_HOME/greeter-tui/history.jsonl` (default `~/.local/state/…`): one line per
/// finished call, only ever appended to. Read back at start from its end (the newest calls),
/// and line by line by offset when an old call's frames are wanted.
struct HistoryFile {
  let path: String

  static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment)
    -> String
  {
    let stateHome =
      environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
      ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/state"
    return stateHome + "/greeter-tui/history.jsonl"
  }

  /// The newest `limit` calls (oldest first), how many lines were not calls, and how many
  /// calls the file holds in all.
  func load(limit: Int = 1000) -> (calls: [CallRecord], skipped: Int, total: Int) {
    guard let data = FileManager.default.contents(atPath: path) else { return ([], 0, 0) }
    var calls: [CallRecord] = []
    var skipped = 0
    var total = 0
    var offset = 0
    for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
      defer { offset += line.count + 1 }
      guard !line.isEmpty else { continue }
      // Only the newest lines are parsed whole; the rest are counted.
      total += 1
      calls.append(CallRecord(id: -1, method: "", path: "", kind: .unary, frames: nil))
      calls[calls.count - 1].historyOffset = UInt64(offset)
    }
    var parsed: [CallRecord] = []
    for placeholder in calls.suffix(limit) {
      let start = Int(placeholder.historyOffset!)
      let end = data[start...].firstIndex(of: UInt8(ascii: "\n")) ?? data.endIndex
      let text = String(decoding: data[start..<end], as: UTF8.self)
      if var call = HistoryCodec.call(from: text[...]) {
        call.historyOffset = placeholder.historyOffset
        parsed.append(call)
      } else {
        skipped += 1
      }
    }
    return (parsed, skipped, total - skipped)
  }

  /// Appends the call and returns where its line starts.
  func append(_ call: CallRecord) throws -> UInt64 {
    let folder = (path as NSString).deletingLastPathComponent
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
    guard descriptor >= 0 else { throw HistoryError(path: path, errno: errno) }
    defer { close(descriptor) }
    let offset = lseek(descriptor, 0, SEEK_END)
    let line = Array((HistoryCodec.line(for: call) + "\n").utf8)
    let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    guard written == line.count else { throw HistoryError(path: path, errno: errno) }
    return UInt64(max(0, offset))
  }

  /// The frames of the call whose line starts at `offset`.
  func frames(at offset: UInt64) -> [FrameEntry]? {
    guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
    defer { try? handle.close() }
    try? handle.seek(toOffset: offset)
    var line = Data()
    while let chunk = try? handle.read(upToCount: 64 << 10), !chunk.isEmpty {
      if let newline = chunk.firstIndex(of: UInt8(ascii: "\n")) {
        line += chunk[..<newline]
        break
      }
      line += chunk
    }
    return HistoryCodec.frames(from: String(decoding: line, as: UTF8.self)[...])
  }
}

struct HistoryError: Error, CustomStringConvertible {
  var path: String
  var errno: Int32
  var description: String { "cannot write \(path): \(String(cString: strerror(errno)))" }
}
