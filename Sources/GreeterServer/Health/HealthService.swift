import GRPCCore
import StandardServiceProtos
import Synchronization

/// `grpc.health.v1.Health`: SERVING for the server as a whole ("") and for each service it
/// serves, NOT_FOUND for any other name. `Watch` sends the status now and again on each change;
/// `shutDown()` (called as the server stops) turns everything NOT_SERVING and ends the watches,
/// so an open `Watch` never holds a stopping server open (grpc-go's health server does the same).
public final class HealthService: Grpc_Health_V1_Health.SimpleServiceProtocol {
  private typealias Status = Grpc_Health_V1_HealthCheckResponse.ServingStatus

  private struct State {
    var statuses: [String: Status]
    var shutDown = false
    var watchers: [Int: AsyncStream<Void>.Continuation] = [:]
    var nextWatcher = 0
  }

  private let state: Mutex<State>

  /// - Parameter services: the full names of the services served, each SERVING.
  public init(services: [String]) {
    var statuses: [String: Status] = ["": .serving]
    for service in services { statuses[service] = .serving }
    state = Mutex(State(statuses: statuses))
  }

  /// Every service NOT_SERVING; each `Watch` is told so and ends.
  public func shutDown() {
    let watchers = state.withLock { state in
      state.shutDown = true
      for key in state.statuses.keys { state.statuses[key] = .notServing }
      defer { state.watchers = [:] }
      return Array(state.watchers.values)
    }
    for watcher in watchers {
      watcher.yield()
      watcher.finish()
    }
  }

  public func check(
    request: Grpc_Health_V1_HealthCheckRequest, context: ServerContext
  ) async throws -> Grpc_Health_V1_HealthCheckResponse {
    guard let status = state.withLock({ $0.statuses[request.service] }) else {
      throw RPCError(code: .notFound, message: "unknown service \(request.service)")
    }
    return .with { $0.status = status }
  }

  public func watch(
    request: Grpc_Health_V1_HealthCheckRequest,
    response: RPCWriter<Grpc_Health_V1_HealthCheckResponse>,
    context: ServerContext
  ) async throws {
    let (changes, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    let registration = state.withLock { state -> (id: Int, ended: Bool) in
      let id = state.nextWatcher
      state.nextWatcher += 1
      if !state.shutDown { state.watchers[id] = continuation }
      return (id, state.shutDown)
    }
    defer { _ = state.withLock { $0.watchers.removeValue(forKey: registration.id) } }
    try await response.write(.with { $0.status = currentStatus(of: request.service) })
    if registration.ended { return }
    // Ends when the server shuts down (the stream finishes) or the client goes (cancellation).
    for await _ in changes {
      try await response.write(.with { $0.status = currentStatus(of: request.service) })
    }
  }

  private func currentStatus(of service: String) -> Status {
    state.withLock { $0.statuses[service] } ?? .serviceUnknown
  }
}
