import GRPCCore
import GRPCNIOTransportHTTP2Posix
import GreeterServer
import GreeterTestSupport
import StandardServiceProtos
import SwiftProtobuf
import Testing

/// Health and reflection as our server serves them, met by grpc-swift-2's generated clients.
@Suite struct StandardServicesTests {
  static func withClient<Result: Sendable>(
    _ address: ServerAddress,
    _ body: (GRPCClient<HTTP2ClientTransport.Posix>) async throws -> Result
  ) async throws -> Result {
    let transport = try HTTP2ClientTransport.Posix(
      target: .ipv4(address: address.host, port: address.port), transportSecurity: .plaintext)
    return try await withGRPCClient(transport: transport) { try await body($0) }
  }

  @Test func checkSaysServingForTheServerAndItsServicesAndNotFoundOtherwise() async throws {
    try await withEmbeddedServer { address in
      try await Self.withClient(address) { client in
        let health = Grpc_Health_V1_Health.Client(wrapping: client)
        for service in ["", "helloworld.Greeter", "grpc.reflection.v1.ServerReflection"] {
          let reply = try await health.check(
            .with { $0.service = service }, options: testCallOptions)
          #expect(reply.status == .serving, "\(service)")
        }
        let error = await #expect(throws: RPCError.self) {
          try await health.check(.with { $0.service = "nope.Nope" }, options: testCallOptions)
        }
        #expect(error?.code == .notFound)
      }
    }
  }

  /// A watcher gets SERVING, then NOT_SERVING when the server stops, and its stream ends: an
  /// open Watch does not hold the stop.
  @Test func watchEndsWithNotServingWhenTheServerStops() async throws {
    let server = EmbeddedServer()
    let address = try await server.start(port: 0)
    let statuses = try await Self.withClient(address) { client in
      let health = Grpc_Health_V1_Health.Client(wrapping: client)
      return try await withThrowingTaskGroup(
        of: [Grpc_Health_V1_HealthCheckResponse.ServingStatus].self
      ) {
        group in
        let first = AsyncStream<Void>.makeStream()
        group.addTask {
          try await health.watch(
            .with { $0.service = "helloworld.Greeter" }, options: testCallOptions
          ) { response in
            var seen: [Grpc_Health_V1_HealthCheckResponse.ServingStatus] = []
            for try await message in response.messages {
              seen.append(message.status)
              first.continuation.yield()
            }
            return seen
          }
        }
        for await _ in first.stream { break }
        await server.stop()
        return try await group.next() ?? []
      }
    }
    #expect(statuses == [.serving, .notServing])
  }

  /// v1alpha as v1: each file comes with its imports, the imports once per stream; symbols,
  /// extension numbers and errors answered.
  @Test func reflectionAnswersEachKindOfRequest() async throws {
    try await withEmbeddedServer { address in
      try await Self.withClient(address) { client in
        let reflection = Grpc_Reflection_V1alpha_ServerReflection.Client(wrapping: client)
        typealias Request = Grpc_Reflection_V1alpha_ServerReflectionRequest
        let requests: [Request] = [
          .with { $0.listServices = "" },
          .with { $0.fileByFilename = "google/rpc/status.proto" },
          .with { $0.fileByFilename = "google/rpc/status.proto" },
          .with { $0.fileContainingSymbol = "helloworld.Greeter.SayHelloToAll" },
          .with { $0.allExtensionNumbersOfType = "helloworld.HelloRequest" },
          .with { $0.fileContainingSymbol = "nope.Nope" },
        ]
        let responses = try await reflection.serverReflectionInfo(
          options: testCallOptions,
          requestProducer: { writer in try await writer.write(contentsOf: requests) }
        ) { response in
          try await response.messages.reduce(into: []) { $0.append($1) }
        }
        try #require(responses.count == requests.count)
        #expect(
          responses[0].listServicesResponse.service.map(\.name) == [
            "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection",
            "grpc.reflection.v1alpha.ServerReflection", "helloworld.Greeter",
          ])
        func names(_ response: Grpc_Reflection_V1alpha_ServerReflectionResponse) throws -> [String]
        {
          try response.fileDescriptorResponse.fileDescriptorProto.map {
            try Google_Protobuf_FileDescriptorProto(serializedBytes: $0).name
          }
        }
        #expect(
          try names(responses[1]) == ["google/rpc/status.proto", "google/protobuf/any.proto"])
        #expect(try names(responses[2]) == ["google/rpc/status.proto"], "imports go once")
        #expect(try names(responses[3]) == ["helloworld.proto"])
        #expect(responses[4].allExtensionNumbersResponse.baseTypeName == "helloworld.HelloRequest")
        #expect(responses[4].allExtensionNumbersResponse.extensionNumber.isEmpty)
        #expect(responses[5].errorResponse.errorCode == 5)
        #expect(responses[5].errorResponse.errorMessage == "symbol nope.Nope not found")
        #expect(responses[5].originalRequest.fileContainingSymbol == "nope.Nope")
      }
    }
  }
}
