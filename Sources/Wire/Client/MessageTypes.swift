import GreeterProtos
import SwiftProtobuf

/// The generated message types the client knows by full name, so that a method's request can be
/// built from JSON and its replies shown as proto3 JSON. Anything else is shown schemaless.
public enum MessageTypes {
  static let known: [String: any SwiftProtobuf.Message.Type] = Dictionary(
    uniqueKeysWithValues: ([Helloworld_HelloRequest.self, Helloworld_HelloReply.self]
      as [any SwiftProtobuf.Message.Type]).map { ($0.protoMessageName, $0) })

  /// The serialized message of type `typeName` that `json` (proto3 JSON) describes.
  public static func encode(json: String, as typeName: String) throws -> [UInt8] {
    guard let type = known[typeName] else { throw UnknownType(name: typeName) }
    return try type.init(jsonString: json).serializedBytes()
  }

  /// `bytes` as proto3 JSON of `typeName`, or nil when the type is unknown or the bytes do not
  /// parse as it.
  public static func json(_ bytes: [UInt8], as typeName: String) -> String? {
    guard let type = known[typeName], let message = try? type.init(serializedBytes: bytes) else {
      return nil
    }
    return try? message.jsonString()
  }

  public struct UnknownType: Error, CustomStringConvertible {
    public var name: String
    public var description: String { "no generated code for message type \(name)" }
  }
}
