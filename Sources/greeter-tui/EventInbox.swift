import Explorer
import Synchronization

/// Where the client's, the server's and the history's events wait for the UI thread, which
/// takes them all between two key reads. Never blocks the producers.
final class EventInbox: Sendable {
  /// Each event with the generation of the client that reported it (nil: not a client's news).
  private let events = Mutex<[(event: ExplorerEvent, client: Int?)]>([])

  func post(_ event: ExplorerEvent, client: Int? = nil) {
    events.withLock { $0.append((event, client)) }
  }

  func drain() -> [(event: ExplorerEvent, client: Int?)] {
    events.withLock { events in
      defer { events = [] }
      return events
    }
  }
}
