/// Why a test could not go on: a timeout, a missing tool, an unexpected output; says what to do.
public struct TestFailure: Error, CustomStringConvertible {
  public var description: String

  public init(_ description: String) { self.description = description }
}

/// Polls `check` every 10 ms until it returns a value or `timeout` passes: the way tests wait for
/// another thread or process, instead of sleeping for a guessed time.
public func waitFor<Value>(
  _ what: String,
  timeout: Duration = .seconds(20),
  details: @autoclosure () -> String = "",
  _ check: () throws -> Value?
) async throws -> Value {
  let deadline = ContinuousClock.now + timeout
  while ContinuousClock.now < deadline {
    if let value = try check() { return value }
    try await Task.sleep(for: .milliseconds(10))
  }
  if let value = try check() { return value }
  throw TestFailure("timed out after \(timeout) waiting for \(what)\n\(details())")
}
