/// One field of a message, as the codec needs it: how it is numbered, named, typed and present.
public struct FieldDescriptor: Sendable, Hashable {
  /// The 18 field types of `descriptor.proto` (groups are read and written as unknown fields).
  public enum Kind: Int, Sendable, Hashable {
    case double = 1
    case float, int64, uint64, int32, fixed64, fixed32, bool, string, group, message
    case bytes, uint32, `enum`, sfixed32, sfixed64, sint32, sint64

    /// `int64`, `string`, … as in a .proto file.
    public var protoName: String {
      switch self {
      case .double: "double"
      case .float: "float"
      case .int64: "int64"
      case .uint64: "uint64"
      case .int32: "int32"
      case .fixed64: "fixed64"
      case .fixed32: "fixed32"
      case .bool: "bool"
      case .string: "string"
      case .group: "group"
      case .message: "message"
      case .bytes: "bytes"
      case .uint32: "uint32"
      case .enum: "enum"
      case .sfixed32: "sfixed32"
      case .sfixed64: "sfixed64"
      case .sint32: "sint32"
      case .sint64: "sint64"
      }
    }

    /// Scalars that may be packed: every numeric kind, bools and enums.
    public var isPackable: Bool {
      switch self {
      case .string, .bytes, .message, .group: false
      default: true
      }
    }

    /// The wire type of one value (0 varint, 1 64-bit, 2 length-delimited, 5 32-bit).
    public var wireType: UInt8 {
      switch self {
      case .double, .fixed64, .sfixed64: 1
      case .float, .fixed32, .sfixed32: 5
      case .string, .bytes, .message: 2
      case .group: 3
      default: 0
      }
    }
  }

  public enum Label: Sendable, Hashable {
    case optional, required, repeated
  }

  public var name: String
  /// lowerCamel unless the .proto set `json_name`.
  public var jsonName: String
  public var number: Int32
  public var kind: Kind
  public var label: Label
  /// The full name of the message or enum type (no leading dot), for those kinds.
  public var typeName: String?
  /// Index into `Catalog.messageList` / `Catalog.enumList`, resolved when the catalog is built.
  public var messageIndex: Int?
  public var enumIndex: Int?
  public var isPacked: Bool
  /// Index into the message's `oneofs`, synthetic ones (proto3 `optional`) included.
  public var oneofIndex: Int?
  public var isProto3Optional: Bool
  /// Whether "set to the default" and "not set" differ: proto2 singular fields, messages,
  /// oneof members and proto3 `optional`. Repeated fields have none.
  public var hasPresence: Bool
  /// A proto2 `[default = …]`, as written in the descriptor.
  public var defaultValue: String?
  /// A `map<K, V>`: a repeated field of a map-entry message.
  public var isMap: Bool

  public var isRepeated: Bool { label == .repeated }
}
