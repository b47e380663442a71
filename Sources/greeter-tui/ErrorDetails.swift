import GRPCCore
import WireFormat

/// The rich error model: a `grpc-status-details-bin` trailer holds a `google.rpc.Status` whose
/// `details` are `Any`s (BadRequest, ErrorInfo, RetryInfo, …), named from the catalog. A detail
/// the catalog cannot name is shown by its type URL and bytes.
struct ErrorDetails {
  /// Each detail as proto3 JSON (`{"@type": …, …}`).
  var details: [JSONNode]
  /// Why the trailer could not be read, when it could not.
  var problem: String?

  init?(trailers: Metadata, catalog: Catalog) {
    var bytes: [UInt8]?
    for value in trailers[binaryValues: "grpc-status-details-bin"] { bytes = value }
    guard let bytes else { return nil }
    details = []
    do {
      let status = try catalog.decode(bytes, as: "google.rpc.Status")
      let descriptor = catalog.messageList[status.type]
      guard let index = descriptor.fields.firstIndex(where: { $0.number == 3 }),
        case .list(let anys)? = status.values[index]
      else { return }
      let anyField = descriptor.fields[index]
      for any in anys {
        do {
          details.append(try catalog.json(any, field: anyField))
        } catch {
          details.append(Self.schemaless(any, catalog: catalog, error: error))
        }
      }
    } catch {
      problem = "grpc-status-details-bin is not a google.rpc.Status: \(error)"
    }
  }

  /// An Any the catalog cannot show: its type URL, its bytes in base64 and why.
  private static func schemaless(_ any: ProtoValue, catalog: Catalog, error: any Error) -> JSONNode
  {
    guard case .message(let message) = any else { return .null }
    let descriptor = catalog.messageList[message.type]
    var url = ""
    var value: [UInt8] = []
    for (index, field) in descriptor.fields.enumerated() {
      switch (field.number, message.value(at: index)) {
      case (1, .string(let text)?): url = text
      case (2, .bytes(let bytes)?): value = bytes
      default: break
      }
    }
    return .object([
      ("@type", .string(url)), ("value", .string(Base64.encode(value))),
      ("undecodable", .string("\(error)")),
    ])
  }
}
