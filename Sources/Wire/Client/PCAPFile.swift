import Dispatch
import NIOCore
import NIOExtras
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `--pcap FILE`: the connection's packets as a pcap file, where a call that captured nothing
/// leaves an existing FILE as it was (a refused call must not wipe the previous capture).
///
/// A regular file (or a new one) is written beside itself under a temporary name and renamed over
/// FILE at `finish`, once a packet was captured. Anything else (a FIFO, `/dev/stdout`, a device)
/// is written in place as packets come. Errors say what the OS said (`No space left on device`).
public final class PCAPFile: Sendable {
  /// Why FILE could not be written: `cannot write PATH: REASON`.
  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  public enum Ending: Sendable, Equatable {
    /// FILE holds the capture.
    case written
    /// Nothing was captured (no connection was made), and FILE is as it was before.
    case leftAsItWas
    /// Nothing was captured, and there was no FILE: none was created.
    case notCreated
    /// Nothing was captured into a FILE written in place (a FIFO, a device): it got the header.
    case holdsNoPackets
  }

  private struct State {
    var descriptor: Int32
    var packetBytes = 0
    /// errno of the first failed write; later writes are not attempted.
    var error: Int32?
  }

  public let path: String
  /// Where the packets go until `finish`; nil when written in place.
  private let temporaryPath: String?
  /// What the temporary file replaces: FILE, or what FILE links to.
  private let destination: String
  private let fileExisted: Bool
  private let state: Mutex<State>
  /// Writes happen here, off the event loop (a FIFO's reader may be slow).
  private let queue = DispatchQueue(label: "greeter-tui.pcap")

  public init(path: String) throws(Failure) {
    self.path = path
    var info = stat()
    fileExisted = stat(path, &info) == 0
    let descriptor: Int32
    if fileExisted && info.st_mode & S_IFMT != S_IFREG {
      destination = path
      temporaryPath = nil
      descriptor = open(path, O_WRONLY)
      guard descriptor >= 0 else { throw Self.failure(path, errno) }
    } else {
      destination = fileExisted ? Self.resolved(path) : path
      var template = Array(Self.temporaryTemplate(for: destination).utf8CString)
      descriptor = mkstemp(&template)
      guard descriptor >= 0 else { throw Self.failure(path, errno) }
      temporaryPath = String(
        decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      if fileExisted { fchmod(descriptor, info.st_mode & 0o777) }
    }
    state = Mutex(State(descriptor: descriptor))
    let header = NIOWritePCAPHandler.pcapFileHeader
    if let code = Self.writeAll(descriptor, header) {
      close(descriptor)
      if let temporaryPath { unlink(temporaryPath) }
      throw Self.failure(path, code)
    }
  }

  /// Appends pcap records (the `NIOWritePCAPHandler` sink); from any thread.
  public func write(_ buffer: ByteBuffer) {
    queue.async {
      self.state.withLock { state in
        guard state.error == nil else { return }
        state.error = Self.writeAll(state.descriptor, buffer)
        state.packetBytes += buffer.readableBytes
      }
    }
  }

  /// Waits for the writes, then puts the capture in place (or leaves FILE alone, or says why not).
  public func finish() throws(Failure) -> Ending {
    let (packetBytes, error) = queue.sync {
      state.withLock { state in
        if close(state.descriptor) != 0, state.error == nil { state.error = errno }
        return (state.packetBytes, state.error)
      }
    }
    guard let temporaryPath else {
      if let error { throw Self.failure(path, error) }
      return packetBytes == 0 ? .holdsNoPackets : .written
    }
    if let error {
      unlink(temporaryPath)
      throw Self.failure(path, error)
    }
    guard packetBytes > 0 else {
      unlink(temporaryPath)
      return fileExisted ? .leftAsItWas : .notCreated
    }
    guard rename(temporaryPath, destination) == 0 else {
      let code = errno
      unlink(temporaryPath)
      throw Self.failure(path, code)
    }
    return .written
  }

  private static func failure(_ path: String, _ code: Int32) -> Failure {
    Failure(description: "cannot write \(path): \(String(cString: strerror(code)))")
  }

  /// Writes every byte, or returns the errno that stopped it.
  private static func writeAll(_ descriptor: Int32, _ buffer: ByteBuffer) -> Int32? {
    buffer.withUnsafeReadableBytes { pointer in
      var offset = 0
      while offset < pointer.count {
        let written = systemWrite(descriptor, pointer.baseAddress! + offset, pointer.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          return errno
        }
        offset += written
      }
      return nil
    }
  }

  /// `dir/.name-XXXXXX` for `dir/name`: beside it, so that the rename stays on one file system.
  private static func temporaryTemplate(for path: String) -> String {
    let slash = path.lastIndex(of: "/")
    let folder = slash.map { String(path[...$0]) } ?? ""
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    return folder + "." + name + "-XXXXXX"
  }

  /// The file a symbolic link leads to, so that the rename replaces it, not the link.
  private static func resolved(_ path: String) -> String {
    guard let real = realpath(path, nil) else { return path }
    defer { free(real) }
    return String(cString: real)
  }
}

/// write(2), out of reach of `PCAPFile.write` inside the class.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
  write(descriptor, bytes, count)
}
