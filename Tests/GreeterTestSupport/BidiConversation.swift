import GreeterProtos
import Wire

/// A SayHelloBidiStream call through our client core, spoken a name at a time: the tests that
/// hold a stream open while something happens to the server.
public struct BidiConversation {
  public let call: ClientCall
  private var events: AsyncStream<CallEvent>.Iterator

  public init(on client: ClientCore, options: ClientCallOptions = ClientCallOptions()) {
    call = client.start(path: "/helloworld.Greeter/SayHelloBidiStream", options: options)
    events = call.events.makeAsyncIterator()
  }

  /// Sends `name` and returns the next reply's text, or nil when the call ended first.
  public mutating func say(_ name: String) async throws -> String? {
    call.send(try Helloworld_HelloRequest.with { $0.name = name }.serializedBytes())
    while let event = await events.next() {
      if case .message(let bytes) = event {
        return try Helloworld_HelloReply(serializedBytes: bytes).message
      }
    }
    return nil
  }

  /// Half-closes (unless `halfClose` is false: the server is to end it) and returns how the
  /// call ended.
  public mutating func end(halfClose: Bool = true) async -> CallOutcome? {
    if halfClose { call.finishSending() }
    var outcome: CallOutcome?
    while let event = await events.next() {
      if case .finished(let finished) = event { outcome = finished }
    }
    return outcome
  }
}
