import GRPCCore
import StandardServiceProtos
import SwiftProtobuf
import WireFormat

/// Server reflection, v1 and v1alpha, over the same answers: each request of the stream gets one
/// response, in order, until the client half-closes.
public struct ReflectionService: Sendable {
  let index: SymbolIndex
  let services: [String]

  /// - Parameters:
  ///   - files: every file the server was built from, with its imports.
  ///   - services: the full names of the services it serves.
  public init(files: [Google_Protobuf_FileDescriptorProto], services: [String]) {
    self.index = SymbolIndex(files: files)
    self.services = services.sorted()
  }

  /// The v1 service (`grpc.reflection.v1.ServerReflection`).
  public var v1: some RegistrableRPCService { V1(reflection: self) }
  /// The deprecated v1alpha service, which many clients still ask first or only.
  public var v1alpha: some RegistrableRPCService { V1Alpha(reflection: self) }

  func answer<Request: Message, Response: Message>(
    _ requests: RPCAsyncSequence<Request, any Error>, into writer: RPCWriter<Response>
  ) async throws {
    var answers = ReflectionAnswers(index: index, services: services)
    for try await request in requests {
      let response = answers.answer(try Self.converted(request))
      try await writer.write(try Self.converted(response))
    }
  }

  /// One package's message as the other's: the two reflection packages are the same on the wire.
  private static func converted<From: Message, To: Message>(_ message: From) throws -> To {
    if let same = message as? To { return same }
    return try To(serializedBytes: try message.serializedBytes() as [UInt8])
  }

  private struct V1: Grpc_Reflection_V1_ServerReflection.SimpleServiceProtocol {
    let reflection: ReflectionService

    func serverReflectionInfo(
      request: RPCAsyncSequence<Grpc_Reflection_V1_ServerReflectionRequest, any Error>,
      response: RPCWriter<Grpc_Reflection_V1_ServerReflectionResponse>,
      context: ServerContext
    ) async throws {
      try await reflection.answer(request, into: response)
    }
  }

  private struct V1Alpha: Grpc_Reflection_V1alpha_ServerReflection.SimpleServiceProtocol {
    let reflection: ReflectionService

    func serverReflectionInfo(
      request: RPCAsyncSequence<Grpc_Reflection_V1alpha_ServerReflectionRequest, any Error>,
      response: RPCWriter<Grpc_Reflection_V1alpha_ServerReflectionResponse>,
      context: ServerContext
    ) async throws {
      try await reflection.answer(request, into: response)
    }
  }
}
