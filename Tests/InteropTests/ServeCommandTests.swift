import Foundation
import GreeterTestSupport
import Testing
import Wire

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

  /// The first SIGINT lets a call held open go on (the server drains); the second cuts it off
  /// and `serve` exits 0.
  @Test func aSecondSignalCutsOffACallHeldOpen() async throws {
    let serve = try await ServeProcess.start(["--port", "0", "--log"])
    defer { serve.process.terminate() }
    let client = ClientCore(
      .init(target: Target(host: serve.address.host, port: serve.address.port)))
    var options = ClientCallOptions()
    options.deadline = .seconds(30)
    var bidi = BidiConversation(on: client, options: options)
    #expect(try await bidi.say("Ada") == "Hello, Ada!")

    serve.process.signal(SIGINT)
    _ = try await waitFor("serve to begin shutting down", details: serve.process.errorOutput) {
      serve.process.errorOutput.contains("received SIGINT, shutting down") ? true : nil
    }
    // Still draining: the open stream is served.
    #expect(try await bidi.say("Bo") == "Hello, Bo!")
    #expect(serve.process.isRunning)

    serve.process.signal(SIGINT)
    #expect(try await serve.process.waitForExit(timeout: .seconds(20)) == 0)
    #expect(serve.process.errorOutput.contains("cutting off running calls"))
    let outcome = await bidi.end(halfClose: false)
    #expect(outcome.map { $0.status.code != .ok } == true, "\(String(describing: outcome))")
    let logged = serve.process.errorOutput.split(separator: "\n").first {
      $0.hasPrefix("/helloworld.Greeter/SayHelloBidiStream ")
    }
    #expect(
      logged?.contains(" status=\(outcome?.status.code.canonicalName ?? "?") ") == true,
      "the log says what the client got: \(String(describing: logged))")
    await client.shutdown()
  }

  /// The log says the status the client got: a stream the client cancels is CANCELLED there,
  /// not UNKNOWN with the handler's `CancellationError()`.
  @Test func logSaysCancelledForAStreamTheClientCancelled() async throws {
    let serve = try await ServeProcess.start(["--port", "0", "--log"])
    defer { serve.process.terminate() }
    let client = ClientCore(
      .init(target: Target(host: serve.address.host, port: serve.address.port)))
    var options = ClientCallOptions()
    options.deadline = .seconds(30)
    var bidi = BidiConversation(on: client, options: options)
    #expect(try await bidi.say("Ada") == "Hello, Ada!")
    bidi.call.cancel()
    let outcome = await bidi.end(halfClose: false)
    #expect(outcome?.status.code == .cancelled)
    let line = try await waitFor(
      "the log line of the bidi call", details: serve.process.errorOutput
    ) {
      serve.process.errorOutput.split(separator: "\n").first {
        $0.hasPrefix("/helloworld.Greeter/SayHelloBidiStream ")
      }
    }
    #expect(
      line.contains(" status=CANCELLED message=\"the call was cancelled before it finished\""))
    #expect(!line.contains("CancellationError"), "\(line)")
    await client.shutdown()
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
    for subcommand in ["explore (default)", "serve", "call", "list", "describe"] {
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
