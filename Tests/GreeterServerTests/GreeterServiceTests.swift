import GRPCCore
import GRPCInProcessTransport
import GreeterProtos
import GreeterServer
import Testing

/// The service's five methods (every RPC kind), called in-process through grpc-swift's in-process transport.
@Suite struct GreeterServiceTests {
  @Test func sayHelloGreetsByName() async throws {
    let reply = try await withInProcessGreeter { try await $0.sayHello(.with { $0.name = "you" }) }
    #expect(reply.message == "Hello, you!")
  }

  @Test func sayHelloAgainGreetsAgain() async throws {
    let reply = try await withInProcessGreeter {
      try await $0.sayHelloAgain(.with { $0.name = "you" })
    }
    #expect(reply.message == "Hello again, you!")
  }

  @Test func sayHelloStreamReplySendsThreeNumberedReplies() async throws {
    let replies = try await withInProcessGreeter { greeter in
      try await greeter.sayHelloStreamReply(.with { $0.name = "세종" }) { response in
        try await response.messages.reduce(into: []) { $0.append($1.message) }
      }
    }
    #expect(replies == ["Hello, 세종! (1/3)", "Hello, 세종! (2/3)", "Hello, 세종! (3/3)"])
  }

  @Test func sayHelloBidiStreamGreetsEachName() async throws {
    let replies = try await withInProcessGreeter { greeter in
      try await greeter.sayHelloBidiStream { writer in
        for name in ["Ada", "Grace", ""] { try await writer.write(.with { $0.name = name }) }
      } onResponse: { response in
        try await response.messages.reduce(into: []) { $0.append($1.message) }
      }
    }
    #expect(replies == ["Hello, Ada!", "Hello, Grace!", "Hello, !"])
  }

  @Test(arguments: [
    (["Ada", "Grace", "Lin"], "Hello, Ada, Grace and Lin!"),
    (["Ada", "Grace"], "Hello, Ada and Grace!"),
    (["Ada"], "Hello, Ada!"),
    ([], "Hello, nobody!"),
    (["", "세종"], "Hello,  and 세종!"),
  ])
  func sayHelloToAllGreetsEveryNameInOneReply(names: [String], greeting: String) async throws {
    let reply = try await withInProcessGreeter { greeter in
      try await greeter.sayHelloToAll { writer in
        for name in names { try await writer.write(.with { $0.name = name }) }
      }
    }
    #expect(reply.message == greeting)
  }

  private func withInProcessGreeter<Result: Sendable>(
    _ body: @Sendable (Helloworld_Greeter.Client<InProcessTransport.Client>) async throws -> Result
  ) async throws -> Result {
    let transport = InProcessTransport()
    let server = GRPCServer(transport: transport.server, services: [GreeterService()])
    return try await withThrowingDiscardingTaskGroup { group in
      group.addTask { try await server.serve() }
      defer { server.beginGracefulShutdown() }
      return try await withGRPCClient(transport: transport.client) { client in
        try await body(Helloworld_Greeter.Client(wrapping: client))
      }
    }
  }
}
