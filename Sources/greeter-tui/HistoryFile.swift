import Explorer
import Foundation
import WireFormat

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

  /// A line longer than this is not a call this program wrote (a call's frames are capped far
  /// below it): it is counted as unreadable without being read.
  static let longestLine = 64 << 20

  /// The newest `limit` calls (oldest first), how many of the lines looked at were not calls,
  /// and how many calls the file holds in all.
  ///
  /// Streams the file once to find where lines start, keeping only the newest `limit` of them,
  /// then reads just those: memory stays bounded by `limit` lines, whatever the file's size.
  /// Anything but a regular file (a directory, a FIFO, /dev/zero) is not read.
  func load(limit: Int = 1000) -> (calls: [CallRecord], skipped: Int, total: Int) {
    guard fileType == S_IFREG, let handle = FileHandle(forReadingAtPath: path) else {
      return ([], 0, 0)
    }
    defer { try? handle.close() }
    var newest: [Range<UInt64>] = []
    newest.reserveCapacity(limit)
    var ringStart = 0
    var lines = 0
    var lineStart: UInt64 = 0
    var position: UInt64 = 0
    func lineEnded(at end: UInt64) {
      defer { lineStart = end + 1 }
      guard end > lineStart, limit > 0 else { return }
      lines += 1
      if newest.count < limit {
        newest.append(lineStart..<end)
      } else {
        newest[ringStart] = lineStart..<end
        ringStart = (ringStart + 1) % limit
      }
    }
    while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
      chunk.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
        guard let base = bytes.baseAddress else { return }
        var index = 0
        while index < bytes.count,
          let found = memchr(base + index, 0x0A, bytes.count - index)
        {
          let newline = base.distance(to: found)
          lineEnded(at: position + UInt64(newline))
          index = newline + 1
        }
      }
      position += UInt64(chunk.count)
    }
    lineEnded(at: position)  // a last line without its newline (a write cut short)
    var parsed: [CallRecord] = []
    var skipped = 0
    for range in newest[ringStart...] + newest[..<ringStart] {
      guard range.count <= Self.longestLine,
        (try? handle.seek(toOffset: range.lowerBound)) != nil,
        let data = try? handle.read(upToCount: Int(range.count)),
        var call = HistoryCodec.call(from: String(decoding: data, as: UTF8.self)[...])
      else {
        skipped += 1
        continue
      }
      call.historyOffset = range.lowerBound
      parsed.append(call)
    }
    return (parsed, skipped, lines - skipped)
  }

  /// What is at the path (its `S_IFMT` bits), or nil when nothing is. Only a regular file is
  /// history: reading /dev/zero or a FIFO would never end, and writing to /dev/null would lose
  /// the frames the file is read back for.
  private var fileType: mode_t? {
    var status = stat()
    return stat(path, &status) == 0 ? status.st_mode & S_IFMT : nil
  }

  /// Appends the call and returns where its line starts.
  func append(_ call: CallRecord, catalog: Catalog? = nil) throws -> UInt64 {
    let folder = (path as NSString).deletingLastPathComponent
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    if let type = fileType, type != S_IFREG {
      throw HistoryError(path: path, reason: "not a regular file; calls are kept in memory only")
    }
    let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
    guard descriptor >= 0 else { throw HistoryError(path: path, errno: errno) }
    defer { close(descriptor) }
    let offset = lseek(descriptor, 0, SEEK_END)
    let line = Array((HistoryCodec.line(for: call, catalog: catalog) + "\n").utf8)
    let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    guard written == line.count else {
      let error = written < 0 ? errno : ENOSPC
      // A line cut short would join the next one: end it, so only this call is unreadable.
      if written > 0 {
        _ = "\n".utf8CString.withUnsafeBytes { write(descriptor, $0.baseAddress, 1) }
      }
      throw HistoryError(path: path, errno: error)
    }
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
  var reason: String

  init(path: String, reason: String) {
    self.path = path
    self.reason = reason
  }

  init(path: String, errno: Int32) {
    self.init(path: path, reason: String(cString: strerror(errno)))
  }

  var description: String { "cannot write \(path): \(reason)" }
}
