import GRPCCore
import GRPCNIOTransportHTTP2Posix
import GreeterProtos
import GreeterServer
import Synchronization

/// Runs `body` with grpc-swift-2's own Greeter client connected to `address` over HTTP/2.
public func withGreeterClient<Result: Sendable>(
  _ address: ServerAddress,
  _ body: (Helloworld_Greeter.Client<HTTP2ClientTransport.Posix>) async throws -> Result
) async throws -> Result {
  let transport = try HTTP2ClientTransport.Posix(
    target: .ipv4(address: address.host, port: address.port),
    transportSecurity: .plaintext
  )
  return try await withGRPCClient(transport: transport) { client in
    try await body(Helloworld_Greeter.Client(wrapping: client))
  }
}

/// Call options for tests: a deadline, so that a server that never answers fails the test
/// instead of hanging it.
public let testCallOptions: CallOptions = {
  var options = CallOptions.defaults
  options.timeout = .seconds(10)
  return options
}()

/// Runs `body` with an embedded server listening on a free loopback port; stops it afterwards,
/// whether `body` returns or throws.
public func withEmbeddedServer<Result: Sendable>(
  _ body: (ServerAddress) async throws -> Result
) async throws -> Result {
  let server = EmbeddedServer()
  let address = try await server.start(port: 0)
  do {
    let result = try await body(address)
    await server.stop()
    return result
  } catch {
    await server.stop()
    throw error
  }
}

/// Calls the Greeter's five methods (all four RPC kinds) with `name` and returns what happened,
/// one line per event, in the format of Tests/InteropTests/Python/greeter_client.py, so every
/// client/server pairing is checked against the same `expectedGreetings`.
///
/// The bidi call sends the next name only after the reply to the previous one arrived; a server
/// that waited for the end of the request stream would make the call hit its deadline. The
/// client-streaming call is made with three names, then with none.
public func greetAllFourWays(
  _ greeter: Helloworld_Greeter.Client<HTTP2ClientTransport.Posix>,
  name: String
) async throws -> [String] {
  var lines: [String] = []
  let hello = try await greeter.sayHello(.with { $0.name = name }, options: testCallOptions)
  lines.append("SayHello: \(hello.message)")
  let again = try await greeter.sayHelloAgain(.with { $0.name = name }, options: testCallOptions)
  lines.append("SayHelloAgain: \(again.message)")
  lines += try await greeter.sayHelloStreamReply(.with { $0.name = name }, options: testCallOptions)
  {
    try await $0.messages.reduce(into: []) { $0.append("SayHelloStreamReply: \($1.message)") }
  }

  let bidi = Mutex<[String]>([])
  let (replies, replyArrived) = AsyncStream<Void>.makeStream()
  try await greeter.sayHelloBidiStream(options: testCallOptions) { writer in
    var arrivals = replies.makeAsyncIterator()
    for next in bidiNames(name) {
      bidi.withLock { $0.append("SayHelloBidiStream sent: \(next)") }
      try await writer.write(.with { $0.name = next })
      await arrivals.next()
    }
  } onResponse: { response in
    for try await reply in response.messages {
      bidi.withLock { $0.append("SayHelloBidiStream: \(reply.message)") }
      replyArrived.yield()
    }
  }
  lines += bidi.withLock { $0 }

  for names in [bidiNames(name), []] {
    lines += names.map { "SayHelloToAll sent: \($0)" }
    let reply = try await greeter.sayHelloToAll(options: testCallOptions) { writer in
      for next in names { try await writer.write(.with { $0.name = next }) }
    }
    lines.append("SayHelloToAll: \(reply.message)")
  }
  return lines
}

/// The names the bidi and the client-streaming calls send, one request each.
func bidiNames(_ name: String) -> [String] { [name, "\(name) 2", "\(name) 3"] }

/// What `greetAllFourWays` (or the Python client) reports against a correct Greeter.
public func expectedGreetings(_ name: String) -> [String] {
  [
    "SayHello: Hello, \(name)!",
    "SayHelloAgain: Hello again, \(name)!",
    "SayHelloStreamReply: Hello, \(name)! (1/3)",
    "SayHelloStreamReply: Hello, \(name)! (2/3)",
    "SayHelloStreamReply: Hello, \(name)! (3/3)",
  ]
    + bidiNames(name).flatMap {
      ["SayHelloBidiStream sent: \($0)", "SayHelloBidiStream: Hello, \($0)!"]
    }
    + bidiNames(name).map { "SayHelloToAll sent: \($0)" }
    + [
      "SayHelloToAll: Hello, \(name), \(name) 2 and \(name) 3!",
      "SayHelloToAll: Hello, nobody!",
    ]
}
