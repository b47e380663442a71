/// A message type of the catalog: its fields by number and by JSON name, its oneofs.
public struct MessageDescriptor: Sendable {
  public enum Syntax: Sendable, Hashable {
    case proto2, proto3, editions
  }

  public struct Oneof: Sendable, Hashable {
    public var name: String
    /// Indices into `fields`.
    public var fields: [Int]
    /// The oneof protoc makes for a proto3 `optional` field; not a oneof in JSON or in `describe`.
    public var isSynthetic: Bool
  }

  /// `helloworld.HelloRequest`; nested types as `pkg.Outer.Inner`.
  public var fullName: String
  public var name: String
  /// The .proto file that defines it.
  public var file: String
  public var syntax: Syntax
  /// In declaration order.
  public var fields: [FieldDescriptor]
  public var oneofs: [Oneof]
  public var isMapEntry: Bool
  /// Types declared inside it (full names), for `describe`.
  public var nestedMessages: [String]
  public var nestedEnums: [String]
  var indexByNumber: [Int32: Int]
  var indexByName: [String: Int]
  /// Indices into `fields` by field number: the order of the binary encoding.
  public var numberOrder: [Int]

  /// The type's only field when it is a singular string (HelloRequest.name, HelloReply.message):
  /// what a NAME argument fills and a reply is shown as.
  public var soleStringField: FieldDescriptor? {
    fields.count == 1 && fields[0].kind == .string && !fields[0].isRepeated ? fields[0] : nil
  }

  /// The field with `number`, if the type has one.
  public func field(number: Int32) -> FieldDescriptor? {
    indexByNumber[number].map { fields[$0] }
  }

  public func fieldIndex(number: Int32) -> Int? { indexByNumber[number] }

  /// By JSON name or by proto name, as proto3 JSON input may use either.
  public func fieldIndex(jsonKey: String) -> Int? { indexByName[jsonKey] }
}

/// An enum type: its values by name and number.
public struct EnumDescriptor: Sendable {
  public var fullName: String
  public var name: String
  public var file: String
  /// In declaration order (aliases included).
  public var values: [(name: String, number: Int32)]
  /// proto2 enums are closed: a number they do not list is an unknown field, not a value.
  public var isClosed: Bool
  var numberByName: [String: Int32]
  var nameByNumber: [Int32: String]

  public func name(of number: Int32) -> String? { nameByNumber[number] }
  public func number(of name: String) -> Int32? { numberByName[name] }
}

/// A method: `pkg.Service/Method` with its types and kind.
public struct MethodDescriptor: Sendable, Hashable {
  public var name: String
  /// `helloworld.Greeter`
  public var service: String
  public var inputType: String
  public var outputType: String
  public var clientStreaming: Bool
  public var serverStreaming: Bool

  /// `/helloworld.Greeter/SayHello`, the HTTP/2 `:path`.
  public var path: String { "/\(service)/\(name)" }
  /// `helloworld.Greeter.SayHello`, as grpcurl and `list` print it.
  public var fullName: String { "\(service).\(name)" }
}

public struct ServiceDescriptor: Sendable {
  public var fullName: String
  public var name: String
  public var file: String
  public var methods: [MethodDescriptor]
}
