import GreeterProtos
import SwiftProtobuf

/// What a FileDescriptorSet (`protoc --descriptor_set_out --include_imports`) says about services
/// and messages: enough to list methods and to name the fields of their messages.
public struct ProtoSchema: Sendable {
  public struct Method: Sendable, Hashable {
    /// `/helloworld.Greeter/SayHello`
    public var path: String
    public var service: String
    public var name: String
    public var inputType: String
    public var outputType: String
    public var clientStreaming: Bool
    public var serverStreaming: Bool
  }

  public struct Message: Sendable {
    public var fields: [Int: Field]
  }

  public struct Field: Sendable {
    public enum Kind: Sendable, Hashable {
      case string, bytes
      case message(String)
      case scalar
    }

    public var name: String
    /// `string`, `int32`, `helloworld.HelloReply`, …
    public var type: String
    public var kind: Kind
  }

  /// Every method of every service, in the order of the files, services and methods.
  public var methods: [Method] = []
  /// Messages by full name (`helloworld.HelloRequest`).
  public var messages: [String: Message] = [:]

  /// Reads a serialized `FileDescriptorSet`.
  public init(descriptorSet bytes: [UInt8]) throws {
    let set = try Google_Protobuf_FileDescriptorSet(serializedBytes: bytes)
    for file in set.file {
      let prefix = file.package.isEmpty ? "" : file.package + "."
      for message in file.messageType { add(message, named: prefix + message.name) }
      for service in file.service {
        let serviceName = prefix + service.name
        for method in service.method {
          methods.append(
            Method(
              path: "/\(serviceName)/\(method.name)",
              service: serviceName,
              name: method.name,
              inputType: Self.stripDot(method.inputType),
              outputType: Self.stripDot(method.outputType),
              clientStreaming: method.clientStreaming,
              serverStreaming: method.serverStreaming
            )
          )
        }
      }
    }
  }

  public func method(path: String) -> Method? {
    methods.first { $0.path == path }
  }

  private mutating func add(_ descriptor: Google_Protobuf_DescriptorProto, named name: String) {
    var fields: [Int: Field] = [:]
    for field in descriptor.field {
      let (type, kind): (String, Field.Kind)
      switch field.type {
      case .string: (type, kind) = ("string", .string)
      case .bytes: (type, kind) = ("bytes", .bytes)
      case .message, .group:
        let typeName = Self.stripDot(field.typeName)
        (type, kind) = (typeName, .message(typeName))
      case .enum: (type, kind) = (Self.stripDot(field.typeName), .scalar)
      default: (type, kind) = (Self.scalarName(field.type), .scalar)
      }
      fields[Int(field.number)] = Field(name: field.name, type: type, kind: kind)
    }
    messages[name] = Message(fields: fields)
    for nested in descriptor.nestedType { add(nested, named: name + "." + nested.name) }
  }

  private static func stripDot(_ name: String) -> String {
    name.hasPrefix(".") ? String(name.dropFirst()) : name
  }

  private static func scalarName(_ type: Google_Protobuf_FieldDescriptorProto.TypeEnum) -> String {
    switch type {
    case .double: "double"
    case .float: "float"
    case .int64: "int64"
    case .uint64: "uint64"
    case .int32: "int32"
    case .fixed64: "fixed64"
    case .fixed32: "fixed32"
    case .bool: "bool"
    case .uint32: "uint32"
    case .sfixed32: "sfixed32"
    case .sfixed64: "sfixed64"
    case .sint32: "sint32"
    case .sint64: "sint64"
    default: "\(type)"
    }
  }
}

extension ProtoSchema {
  /// The schema of the Greeter, from the descriptor set codegen embeds.
  public static let greeter: ProtoSchema = {
    do {
      return try ProtoSchema(descriptorSet: GreeterDescriptorSet.bytes)
    } catch {
      // Generated and checked by `make check-generated`: cannot happen.
      fatalError("the embedded descriptor set does not parse: \(error)")
    }
  }()

  /// A method named the ways people write it: `SayHello`, `/helloworld.Greeter/SayHello`,
  /// `helloworld.Greeter/SayHello` or `helloworld.Greeter.SayHello`.
  public func resolve(_ text: String) -> Method? {
    let trimmed = text.hasPrefix("/") ? String(text.dropFirst()) : text
    if let slash = trimmed.lastIndex(of: "/") {
      return method(path: "/" + trimmed)
        ?? methods.first {
          $0.service == trimmed[..<slash] && $0.name == trimmed[trimmed.index(after: slash)...]
        }
    }
    if let dot = trimmed.lastIndex(of: ".") {
      let service = trimmed[..<dot]
      let name = trimmed[trimmed.index(after: dot)...]
      return methods.first { $0.service == service && $0.name == name }
    }
    let matches = methods.filter { $0.name == trimmed }
    return matches.count == 1 ? matches[0] : nil
  }

}

extension ProtoSchema.Method {
  public var kind: CallKind {
    CallKind(clientStreaming: clientStreaming, serverStreaming: serverStreaming)
  }
}
