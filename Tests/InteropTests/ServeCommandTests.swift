import Foundation
import GreeterTestSupport
import Testing

/// `greeter-tui serve` as a user runs it: the listening line, signals, a taken port.
@Suite struct ServeCommandTests {
  @Test(arguments: [SIGINT, SIGTERM])
  func stopSignalShutsDownGracefullyWithStatusZero(signal: Int32) async throws {
    let serve = try await ServeProcess.start()
    defer { serve.process.terminate() }
    #expect(serve.address.host == "127.0.0.1")
    serve.process.signal(signal)
    #expect(try await serve.process.waitForExit() == 0)
  }

  @Test func takenPortIsAClearErrorAndStatusOne() async throws {
    let first = try await ServeProcess.start()
    defer { first.process.terminate() }
    let second = try ChildProcess(
      try TestEnvironment.greeterTUI(),
      ["serve", "--port", "\(first.address.port)"]
    )
    #expect(try await second.waitForExit() == 1)
    #expect(
      second.errorOutput == "greeter-tui: 127.0.0.1:\(first.address.port) is already in use\n")
    #expect(second.output.isEmpty)
  }

  @Test func helpListsTheSubcommands() async throws {
    let help = try ChildProcess(try TestEnvironment.greeterTUI(), ["--help"])
    #expect(try await help.waitForExit() == 0)
    for subcommand in ["explore (default)", "serve", "call"] {
      #expect(help.output.contains(subcommand), "\(help.output)")
    }
  }

  @Test func explorerWithoutATerminalSaysSoAndExitsOne() async throws {
    // Under the test runner stdin is not a terminal: a clear error, no curses mess.
    let explorer = try ChildProcess(try TestEnvironment.greeterTUI(), ["--no-server"])
    #expect(try await explorer.waitForExit() == 1)
    #expect(explorer.errorOutput.hasPrefix("greeter-tui: "), "\(explorer.errorOutput)")
  }
}
