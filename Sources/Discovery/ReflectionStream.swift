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
  private let maxBytes: Int
  private var receivedBytes = 0
  /// How long the server has to end the stream once every answer is in.
  static let closingGrace = Duration.seconds(1)

  init(_ call: ClientCall, maxBytes: Int) {
    self.call = call
    self.events = call.events.makeAsyncIterator()
    self.maxBytes = maxBytes
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
        receivedBytes += bytes.count
        guard receivedBytes <= maxBytes else {
          call.cancel()
          throw DiscoveryError(
            "the server's reflection answers passed \(maxBytes >> 20) MiB in all; stopped after \(answered) answers"
          )
        }
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

  /// Half-closes and waits for the stream to end; a response nobody asked for cancels it, and
  /// so does a server that keeps it open `closingGrace` after the last answer.
  func finish() async {
    call.finishSending()
    let closing = Self.cancel(call, after: Self.closingGrace)
    defer { closing.cancel() }
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

  private static func cancel(_ call: ClientCall, after grace: Duration) -> Task<Void, Never> {
    Task.detached {
      if (try? await Task.sleep(for: grace)) != nil { call.cancel() }
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
