import GreeterTestSupport
import Testing

/// Every numeric option of every command, given values a user (or a fuzzer) might type: a value
/// out of range is a usage error (64) that says the range, never a crash or a misleading message.
@Suite struct NumberOptionTests {
  struct Case: Sendable, CustomStringConvertible {
    var arguments: [String]
    var exit: Int32
    /// What stderr must hold (empty: anything).
    var says: String = ""
    var description: String { arguments.joined(separator: " ") }
  }

  static func call(_ option: String, _ value: String, _ says: String) -> Case {
    Case(arguments: ["call", option, value, "SayHello", "Ada"], exit: 64, says: says)
  }

  static let cases: [Case] = [
    // --deadline: seconds, at least 1 ms.
    call("--deadline", "inf", "--deadline must be at most 99999999 (seconds), not inf"),
    call("--deadline", "1e300", "--deadline must be at most 99999999 (seconds), not 1e300"),
    call("--deadline", "100000000", "--deadline must be at most 99999999 (seconds)"),
    call("--deadline", "nan", "--deadline takes a number of seconds, not \"nan\""),
    call("--deadline", "abc", "--deadline takes a number of seconds, not \"abc\""),
    call("--deadline", "-1", "--deadline must be positive, not -1"),
    call("--deadline", "-inf", "--deadline must be positive, not -inf"),
    call("--deadline", "0", "--deadline must be positive, not 0"),
    call("--deadline", "1e-9", "--deadline must be at least 0.001 (1 ms), not 1e-9"),
    call("--deadline", "0.0009", "--deadline must be at least 0.001 (1 ms), not 0.0009"),
    Case(arguments: ["call", "--embedded", "--deadline", "30", "SayHello", "Ada"], exit: 0),
    Case(arguments: ["call", "--embedded", "--deadline", "99999999", "SayHello", "Ada"], exit: 0),
    // --max-receive: bytes, at most what a gRPC length prefix can say.
    call(
      "--max-receive", "-1",
      "--max-receive must be a number of bytes from 0 to 4294967295, not -1"),
    call(
      "--max-receive", "4294967296",
      "--max-receive must be a number of bytes from 0 to 4294967295, not 4294967296"),
    call(
      "--max-receive", "99999999999999999999",
      "--max-receive must be a number of bytes from 0 to 4294967295, not 99999999999999999999"),
    call("--max-receive", "1e3", "--max-receive takes a whole number (a number of bytes)"),
    Case(
      arguments: ["call", "--embedded", "--max-receive", "4294967295", "SayHello", "Ada"], exit: 0),
    // --target's port.
    call(
      "--target", "127.0.0.1:99999",
      "--target 127.0.0.1:99999: port 99999 is out of range (1-65535)"),
    call("--target", "127.0.0.1:65536", "port 65536 is out of range (1-65535)"),
    call("--target", "127.0.0.1:0", "port 0 is out of range (1-65535)"),
    call("--target", "127.0.0.1:-1", "port \"-1\" is not a number from 1 to 65535"),
    call("--target", "127.0.0.1:abc", "port \"abc\" is not a number from 1 to 65535"),
    call("--target", "127.0.0.1:", "port \"\" is not a number from 1 to 65535"),
    call(
      "--target", "127.0.0.1:99999999999999999999",
      "port 99999999999999999999 is out of range (1-65535)"),
    call("--target", "localhost", "--target localhost: not HOST:PORT"),
    call("--target", "::1:50051", "an IPv6 address needs brackets"),
    // serve --port (0 picks a free one).
    Case(
      arguments: ["serve", "--port", "65536"], exit: 64,
      says: "--port must be a port from 0 to 65535, not 65536"),
    Case(
      arguments: ["serve", "--port", "-1"], exit: 64,
      says: "--port must be a port from 0 to 65535, not -1"),
    Case(
      arguments: ["serve", "--port", "99999999999999999999"], exit: 64,
      says: "--port must be a port from 0 to 65535, not 99999999999999999999"),
    Case(
      arguments: ["serve", "--port", "abc"], exit: 64,
      says: "--port takes a whole number (a port), not \"abc\""),
    // The explorer: --port and --target are checked before it looks for a terminal (then: 1).
    Case(
      arguments: ["--port", "-1"], exit: 64, says: "--port must be a port from 0 to 65535, not -1"),
    Case(arguments: ["--target", "127.0.0.1:99999"], exit: 64, says: "port 99999 is out of range"),
    Case(arguments: ["--port", "0", "--no-server"], exit: 1),
  ]

  @Test(arguments: cases)
  func valueIsUsedOrRefusedWithItsRange(_ option: Case) async throws {
    let process = try ChildProcess(try TestEnvironment.greeterTUI(), option.arguments)
    defer { process.terminate() }
    let status = try await process.waitForExit()
    #expect(status == option.exit, "\(process.errorOutput)")
    #expect(
      option.says.isEmpty || process.errorOutput.contains(option.says), "\(process.errorOutput)")
    if option.exit == 64 {
      #expect(process.output.isEmpty)
    }
  }
}
