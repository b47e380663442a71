import Foundation

/// A new file readable by the user alone from its first byte (`open` with `O_EXCL`, mode 0600):
/// for what can hold credentials (request headers, a request being edited). Foundation's
/// `createFile` makes the file with the umask's mode and only then changes it.
enum PrivateFile {
  struct Failure: Error, CustomStringConvertible, LocalizedError {
    var description: String
    var errorDescription: String? { description }
  }

  /// Writes `bytes` to the new file `path` (fsynced when `sync`); on any failure the file is
  /// removed and the error says why.
  static func create(_ path: String, bytes: some Collection<UInt8>, sync: Bool = false) throws {
    let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else {
      throw Failure(description: "cannot write \(path): \(String(cString: strerror(errno)))")
    }
    let data = Array(bytes)
    let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    let synced = !sync || fsync(descriptor) == 0
    let reason = String(cString: strerror(errno))
    close(descriptor)
    guard written == data.count, synced else {
      unlink(path)
      throw Failure(description: "cannot write \(path): \(reason)")
    }
  }
}
