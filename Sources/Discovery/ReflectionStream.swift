import StandardServiceProtos
import SwiftProtobuf
import Wire

/// One `ServerReflectionInfo` stream over our client core: requests go out as they are asked
/// (several may be in flight), responses come back one at a time, in order. The stream's events
/// are folded into `result` as they pass, but its messages are not kept: a misbehaving server
/// cannot fill memory through it beyond one message (`--max-receive`).
///
/// Both versions are spoken with the v1 messages: v1alpha's are the same on the wire.
final class ReflectionStream {
  typealias Request = Grpc_Reflection_V1_ServerReflectionRequest
  typealias Response = Grpc_Reflection_V1_ServerReflectionResponse

  let call: ClientCall
  private(set) var result = CallResult.beforeItEnds
  private(set) var asked: [String] = []
  private(set) var answered = 0
  private var events: AsyncStream<CallEvent>.AsyncIterator
  private var ended = false

  init(_ call: ClientCall) {
    self.call = call
    self.events = call.events.makeAsyncIterator()
  }

  var inFlight: Int { asked.count - answered }

  func ask(_ request: Request) {
    asked.append(Self.describe(request))
    // Serializing a message of strings and ints cannot fail.
    call.send((try? request.serializedBytes()) ?? [])
  }

  /// The next response, or nil when the stream ended first (`result` says how).
  func next() async throws(DiscoveryError) -> Response? {
    while !ended, let event = await events.next() {
      switch event {
      case .message(let bytes):
        answered += 1
        do {
          return try Response(serializedBytes: bytes)
        } catch {
          call.cancel()
          throw DiscoveryError(
            "the answer to \(asked[answered - 1]) is not a ServerReflectionResponse (\(error))")
        }
      case .finished:
        ended = true
        result.apply(event)
      default:
        result.apply(event)
      }
    }
    return nil
  }

  /// Half-closes and waits for the stream to end; a response nobody asked for cancels it.
  func finish() async {
    call.finishSending()
    while !ended, let event = await events.next() {
      switch event {
      case .message: call.cancel()
      case .finished:
        ended = true
        result.apply(event)
      default: result.apply(event)
      }
    }
  }

  static func describe(_ request: Request) -> String {
    switch request.messageRequest {
    case .listServices?: "list_services"
    case .fileByFilename(let name)?: "file_by_filename \(name)"
    case .fileContainingSymbol(let symbol)?: "file_containing_symbol \(symbol)"
    case .fileContainingExtension(let request)?:
      "file_containing_extension \(request.containingType) \(request.extensionNumber)"
    case .allExtensionNumbersOfType(let type)?: "all_extension_numbers_of_type \(type)"
    case nil: "an empty request"
    }
  }
}
