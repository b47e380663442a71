import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// SIGINT and SIGTERM as an async value, so a command can shut down gracefully instead of dying.
///
/// Dispatch signal sources rather than swift-service-lifecycle: the embedded server already owns
/// its start/stop, and all that is missing is waiting for one of two signals.
final class StopSignals {
  private let sources: [any DispatchSourceSignal]
  private let stream: AsyncStream<String>

  init(_ signals: [(Int32, String)] = [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")]) {
    let (stream, continuation) = AsyncStream<String>.makeStream()
    self.stream = stream
    self.sources = signals.map { number, name in
      signal(number, SIG_IGN)  // the default action would kill the process before the source fires
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler { continuation.yield(name) }
      source.resume()
      return source
    }
  }

  /// Waits for the next stop signal and returns its name.
  func next() async -> String {
    for await name in stream { return name }
    return "end of signals"
  }
}
