import GRPCCore
import GreeterProtos

/// The Greeter of the gRPC quick start, with one streaming method of each kind (server,
/// bidirectional, client).
public struct GreeterService: Helloworld_Greeter.SimpleServiceProtocol {
  /// How many replies `SayHelloStreamReply` sends.
  public static let streamReplyCount = 3

  public init() {}

  public func sayHello(
    request: Helloworld_HelloRequest,
    context: ServerContext
  ) async throws -> Helloworld_HelloReply {
    .with { $0.message = "Hello, \(request.name)!" }
  }

  public func sayHelloAgain(
    request: Helloworld_HelloRequest,
    context: ServerContext
  ) async throws -> Helloworld_HelloReply {
    .with { $0.message = "Hello again, \(request.name)!" }
  }

  public func sayHelloStreamReply(
    request: Helloworld_HelloRequest,
    response: RPCWriter<Helloworld_HelloReply>,
    context: ServerContext
  ) async throws {
    let count = Self.streamReplyCount
    for index in 1...count {
      try await response.write(.with { $0.message = "Hello, \(request.name)! (\(index)/\(count))" })
    }
  }

  public func sayHelloBidiStream(
    request: RPCAsyncSequence<Helloworld_HelloRequest, any Error>,
    response: RPCWriter<Helloworld_HelloReply>,
    context: ServerContext
  ) async throws {
    // Each reply is written as soon as its request arrives, so replies interleave with requests.
    for try await message in request {
      try await response.write(.with { $0.message = "Hello, \(message.name)!" })
    }
  }

  public func sayHelloToAll(
    request: RPCAsyncSequence<Helloworld_HelloRequest, any Error>,
    context: ServerContext
  ) async throws -> Helloworld_HelloReply {
    // One reply, once the client has half-closed: every name it sent, in order.
    let names = try await request.reduce(into: [String]()) { $0.append($1.name) }
    return .with { $0.message = Self.greeting(toAll: names) }
  }

  /// `SayHelloToAll`'s reply: `Hello, Ada, Grace and Lin!`, `Hello, Ada and Grace!`,
  /// `Hello, Ada!`, and `Hello, nobody!` when no request came. An empty name is a name like any
  /// other (`["Ada", ""]` gives `Hello, Ada and !`): a request was sent, so it is greeted.
  public static func greeting(toAll names: [String]) -> String {
    guard let last = names.last else { return "Hello, nobody!" }
    let joined =
      names.count == 1 ? last : names.dropLast().joined(separator: ", ") + " and " + last
    return "Hello, \(joined)!"
  }
}
