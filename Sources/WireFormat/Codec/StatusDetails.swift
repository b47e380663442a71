/// gRPC's rich error model: the `grpc-status-details-bin` trailer holds a `google.rpc.Status`
/// whose `details` are `Any`s (BadRequest, ErrorInfo, RetryInfo, …), named from the catalog. A
/// detail the catalog cannot name keeps its type URL and bytes.
public struct StatusDetails: Sendable {
  /// Each detail as proto3 JSON (`{"@type": …, …}`).
  public var details: [JSONNode] = []
  /// Why the trailer could not be read, when it could not.
  public var problem: String?
}

extension Catalog {
  /// The details of the `grpc-status-details-bin` value `bytes` (already base64-decoded).
  public func statusDetails(_ bytes: [UInt8]) -> StatusDetails {
    var result = StatusDetails()
    let status: DynamicMessage
    do {
      status = try decode(bytes, as: "google.rpc.Status")
    } catch {
      result.problem = "grpc-status-details-bin is not a google.rpc.Status: \(error)"
      return result
    }
    let descriptor = messageList[status.type]
    guard let index = descriptor.fieldIndex(number: 3), case .list(let anys)? = status.values[index]
    else { return result }
    let field = descriptor.fields[index]
    for any in anys {
      do {
        result.details.append(try json(any, field: field))
      } catch {
        result.details.append(schemaless(any, error: error))
      }
    }
    return result
  }

  private func schemaless(_ any: ProtoValue, error: any Error) -> JSONNode {
    guard case .message(let message) = any else { return .null }
    let descriptor = messageList[message.type]
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
