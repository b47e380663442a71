import GreeterServer
import GreeterTestSupport

/// `greeter-tui serve` as a child process, on a free port unless told otherwise.
struct ServeProcess {
  let process: ChildProcess
  let address: ServerAddress

  static func start(
    _ extraArguments: [String] = ["--port", "0"], environment: [String: String] = [:]
  ) async throws -> ServeProcess {
    let process = try ChildProcess(
      try TestEnvironment.greeterTUI(), ["serve"] + extraArguments, environment: environment)
    let listening = try await process.waitForLine(startingWith: "listening on ")
    let parts = listening.split(separator: ":")
    guard parts.count == 2, let port = Int(parts[1]) else {
      process.terminate()
      throw TestFailure("unexpected listening line: \(listening)")
    }
    return ServeProcess(
      process: process, address: ServerAddress(host: String(parts[0]), port: port))
  }
}
