import Explorer
import Synchronization

/// Where the client's, the server's and the history's events wait for the UI thread, which
/// takes them all between two key reads. Never blocks the producers.
final class EventInbox: Sendable {
  private let events = Mutex<[ExplorerEvent]>([])

  func post(_ event: ExplorerEvent) {
    events.withLock { $0.append(event) }
  }

  func drain() -> [ExplorerEvent] {
    events.withLock { events in
      defer { events = [] }
      return events
    }
  }
}
