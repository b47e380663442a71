import Dispatch
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The signals that concern a full-screen program, caught so that the UI thread can act on them
/// between two key reads: hang-up, quit, interrupt and terminate end the explorer with the
/// terminal restored; stop (`kill -TSTP`) suspends it with the terminal restored; continue
/// repaints the screen.
///
/// Installed before curses starts: ncurses puts its own handlers only on signals still at their
/// default action, and has none for SIGHUP or SIGQUIT (which killed the process with the
/// terminal left raw, on the alternate screen).
final class TerminalSignals {
  enum Request: Equatable, Sendable {
    case end(signal: Int32, name: String)
    case suspend
    case redraw
  }

  static let ending: [(Int32, String)] = [
    (SIGHUP, "SIGHUP"), (SIGINT, "SIGINT"), (SIGQUIT, "SIGQUIT"), (SIGTERM, "SIGTERM"),
  ]

  private final class Pending: Sendable {
    let requests = Mutex<[Request]>([])
  }

  private let pending = Pending()
  private let sources: [any DispatchSourceSignal]

  init() {
    var all = Self.ending.map { ($0.0, Request.end(signal: $0.0, name: $0.1)) }
    all += [(SIGTSTP, .suspend), (SIGCONT, .redraw)]
    let pending = pending
    sources = all.map { number, request in
      signal(number, SIG_IGN)  // the default action would act before the source fires
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler { pending.requests.withLock { $0.append(request) } }
      source.resume()
      return source
    }
  }

  /// What arrived since the last call, in order.
  func drain() -> [Request] {
    pending.requests.withLock { requests in
      defer { requests = [] }
      return requests
    }
  }
}
