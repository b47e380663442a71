import Foundation
import Synchronization

/// A program the test starts and talks to: its output is collected as it arrives, so a test can
/// wait (polling, with a deadline) for a line such as "listening on 127.0.0.1:50051".
///
/// Started with `Spawn` (only descriptors 0-2 inherited) and reaped with waitpid on a thread of
/// its own.
public final class ChildProcess: Sendable {
  public let pid: pid_t
  private let stdout = CollectedOutput()
  private let stderr = CollectedOutput()
  private let exitStatus = ExitStatus()
  public let commandLine: String

  public init(_ executable: String, _ arguments: [String], environment: [String: String] = [:])
    throws
  {
    commandLine = ([executable] + arguments).joined(separator: " ")
    let out = try Spawn.makePipe()
    let err = try Spawn.makePipe()
    let variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }
      .map { "\($0)=\($1)" }
    let pid: pid_t
    do {
      pid = try Spawn.start(executable, arguments, environment: variables) { actions in
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, out.write, 1)
        posix_spawn_file_actions_adddup2(&actions, err.write, 2)
      }
    } catch {
      for end in [out.read, out.write, err.read, err.write] { close(end) }
      throw error
    }
    close(out.write)
    close(err.write)
    self.pid = pid
    for (descriptor, output) in [(out.read, stdout), (err.read, stderr)] {
      Thread.detachNewThread {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
          let count = read(descriptor, &buffer, buffer.count)
          if count < 0 && errno == EINTR { continue }
          if count <= 0 { break }
          output.append(Data(buffer[..<count]))
        }
        close(descriptor)
        output.append(Data())
      }
    }
    let exitStatus = self.exitStatus
    let child = pid
    Thread.detachNewThread {
      let (code, peak) = Spawn.waitWithPeakMemory(child)
      exitStatus.peakBytes.withLock { $0 = peak }
      exitStatus.value.withLock { $0 = code }
    }
  }

  public var output: String { stdout.text }
  public var errorOutput: String { stderr.text }
  public var isRunning: Bool { exitStatus.value.withLock { $0 == nil } }
  /// The most resident memory the process ever had, once it exited (0 before).
  public var peakResidentBytes: Int { exitStatus.peakBytes.withLock { $0 } }

  /// Waits until a line of stdout starts with `prefix` and returns the rest of that line.
  public func waitForLine(startingWith prefix: String, timeout: Duration = .seconds(20))
    async throws
    -> String
  {
    try await waitFor(
      "a line starting with \"\(prefix)\"", timeout: timeout, details: transcript
    ) {
      output.split(separator: "\n").first { $0.hasPrefix(prefix) }.map {
        String($0.dropFirst(prefix.count))
      }
    }
  }

  /// Waits for the process to exit and returns its exit status.
  @discardableResult
  public func waitForExit(timeout: Duration = .seconds(30)) async throws -> Int32 {
    let status = try await waitFor("the process to exit", timeout: timeout, details: transcript) {
      exitStatus.value.withLock { $0 }
    }
    // Then what it wrote, to the end of both pipes (a moment after the exit, at most).
    _ = try? await waitFor("its output to end", timeout: .seconds(30)) {
      stdout.ended && stderr.ended ? true : nil
    }
    return status
  }

  public func signal(_ number: Int32) { kill(pid, number) }

  /// Ends the process if it still runs; for cleanup paths.
  public func terminate() {
    if isRunning { kill(pid, SIGKILL) }
  }

  private var transcript: String {
    "command: \(commandLine)\nstdout: \(output)\nstderr: \(errorOutput)"
  }
}

/// Bytes a pipe delivered so far, appended from the pipe's reader thread.
private final class CollectedOutput: Sendable {
  private let data = Mutex((bytes: Data(), ended: false))

  /// An empty chunk is the end of the stream.
  func append(_ chunk: Data) {
    data.withLock {
      if chunk.isEmpty { $0.ended = true } else { $0.bytes.append(chunk) }
    }
  }

  var text: String { data.withLock { String(decoding: $0.bytes, as: UTF8.self) } }
  var ended: Bool { data.withLock { $0.ended } }
}

/// The child's exit status and peak memory, once wait4 has them.
private final class ExitStatus: Sendable {
  let value = Mutex<Int32?>(nil)
  let peakBytes = Mutex(0)
}
