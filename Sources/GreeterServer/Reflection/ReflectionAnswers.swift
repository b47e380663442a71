import StandardServiceProtos
import SwiftProtobuf
import WireFormat

/// The answers of a reflection server, one request at a time, for one stream: what it has sent
/// on that stream is remembered so that dependencies go out once (as grpc-go's server does).
///
/// grpc-swift-2 has no reflection service of its own that serves both v1 and v1alpha, so this is
/// ours, on the generated v1 messages; `ReflectionService` carries v1alpha's over the same code
/// (the two packages' messages are the same on the wire).
struct ReflectionAnswers {
  private let index: SymbolIndex
  private let services: [String]
  private var sent = Set<String>()

  /// - Parameters:
  ///   - index: the files the server was built from, with their imports.
  ///   - services: the full names of the services it serves, as `list_services` gives them.
  init(index: SymbolIndex, services: [String]) {
    self.index = index
    self.services = services
  }

  mutating func answer(
    _ request: Grpc_Reflection_V1_ServerReflectionRequest
  ) -> Grpc_Reflection_V1_ServerReflectionResponse {
    var response = Grpc_Reflection_V1_ServerReflectionResponse()
    response.validHost = request.host
    response.originalRequest = request
    switch request.messageRequest {
    case .listServices?:
      response.listServicesResponse = .with {
        $0.service = services.map { name in .with { $0.name = name } }
      }
    case .fileByFilename(let name)?:
      response.messageResponse = files(index.files[name], missing: "file \(name) not found")
    case .fileContainingSymbol(let symbol)?:
      response.messageResponse = files(
        index.file(containingSymbol: symbol), missing: "symbol \(symbol) not found")
    case .fileContainingExtension(let request)?:
      response.messageResponse = files(
        index.file(extending: request.containingType, number: request.extensionNumber),
        missing:
          "extension \(request.extensionNumber) of \(request.containingType) not found")
    case .allExtensionNumbersOfType(let type)?:
      if let numbers = index.extensionNumbers(of: type) {
        response.allExtensionNumbersResponse = .with {
          $0.baseTypeName = type
          $0.extensionNumber = numbers
        }
      } else {
        response.errorResponse = Self.error(.notFound, "type \(type) not found")
      }
    case nil:
      response.errorResponse = Self.error(.invalidArgument, "the request asks for nothing")
    }
    return response
  }

  private mutating func files(
    _ file: Google_Protobuf_FileDescriptorProto?, missing: String
  ) -> Grpc_Reflection_V1_ServerReflectionResponse.OneOf_MessageResponse {
    guard let file else { return .errorResponse(Self.error(.notFound, missing)) }
    let files = index.withDependencies(file, notIn: &sent)
    return .fileDescriptorResponse(
      .with { response in
        response.fileDescriptorProto = files.compactMap { try? $0.serializedBytes() }
      })
  }

  private enum Code: Int32 {
    case invalidArgument = 3
    case notFound = 5
  }

  private static func error(_ code: Code, _ message: String)
    -> Grpc_Reflection_V1_ErrorResponse
  {
    .with {
      $0.errorCode = code.rawValue
      $0.errorMessage = message
    }
  }
}
