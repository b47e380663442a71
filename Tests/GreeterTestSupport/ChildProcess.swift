import Foundation
import Synchronization

/// A program the test starts and talks to: its output is collected as it arrives, so a test can
/// wait (polling, with a deadline) for a line such as "listening on 127.0.0.1:50051".
public final class ChildProcess: Sendable {
  private let process: Process
  private let stdout = CollectedOutput()
  private let stderr = CollectedOutput()
  public let commandLine: String

  public init(_ executable: String, _ arguments: [String], environment: [String: String] = [:])
    throws
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let outPipe = Pipe()
    let errPipe = Pipe()
    process.standardOutput = outPipe
    process.standardError = errPipe
    self.process = process
    self.commandLine = ([executable] + arguments).joined(separator: " ")
    let stdout = self.stdout
    let stderr = self.stderr
    outPipe.fileHandleForReading.readabilityHandler = { handle in
      let chunk = handle.availableData
      if chunk.isEmpty { handle.readabilityHandler = nil }
      stdout.append(chunk)
    }
    errPipe.fileHandleForReading.readabilityHandler = { handle in
      let chunk = handle.availableData
      if chunk.isEmpty { handle.readabilityHandler = nil }
      stderr.append(chunk)
    }
    try process.run()
  }

  public var output: String { stdout.text }
  public var errorOutput: String { stderr.text }
  public var isRunning: Bool { process.isRunning }

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
    try await waitFor("the process to exit", timeout: timeout, details: transcript) {
      // Exited, and everything it wrote has been read (both pipes at end of file).
      process.isRunning || !stdout.ended || !stderr.ended ? nil : process.terminationStatus
    }
  }

  public func signal(_ number: Int32) { kill(process.processIdentifier, number) }
  public var pid: Int32 { process.processIdentifier }

  /// Ends the process if it still runs; for cleanup paths.
  public func terminate() {
    if process.isRunning { process.terminate() }
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
