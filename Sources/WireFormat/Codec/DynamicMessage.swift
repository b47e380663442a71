/// A message of any type in the catalog, as values: what swift-protobuf's generated structs are
/// for one type, for every type. swift-protobuf has no dynamic messages
/// (apple/swift-protobuf#1029, still open), so this codec is ours.
public struct DynamicMessage: Sendable, Equatable {
  /// Index into `Catalog.messageList`.
  public var type: Int
  /// By the index of the field in its descriptor; nil for a field that is not set.
  public var values: [FieldContent?]
  /// Fields the schema does not know, as their bytes (tag included), in the order they came:
  /// written back unchanged after the known ones.
  public var unknownFields: [UInt8] = []

  public init(type: Int, fieldCount: Int) {
    self.type = type
    values = Array(repeating: nil, count: fieldCount)
  }

  init(type: Int, values: [FieldContent?]) {
    self.type = type
    self.values = values
  }

  public init(_ descriptor: MessageDescriptor, in catalog: Catalog) {
    self.init(
      type: catalog.messageIndex(descriptor.fullName) ?? 0, fieldCount: descriptor.fields.count)
  }
}

/// What a field holds: one value, a list, or a map's entries (in the order they came).
public enum FieldContent: Sendable, Equatable {
  case single(ProtoValue)
  case list([ProtoValue])
  case map([MapEntry])
}

/// A map key as a dictionary key: map keys are integers, bools or strings (the catalog refuses
/// others); the remaining cases keep any other value distinct rather than equal.
struct MapKey: Hashable {
  private enum Kind: Hashable {
    case signed(Int64)
    case unsigned(UInt64)
    case bool(Bool)
    case string(String)
    case bytes([UInt8])
    case enumNumber(Int32)
    case bits(UInt64)
    case message(Int)
  }
  private let kind: Kind

  init(_ value: ProtoValue) {
    switch value {
    case .int32(let number): kind = .signed(Int64(number))
    case .int64(let number): kind = .signed(number)
    case .uint32(let number): kind = .unsigned(UInt64(number))
    case .uint64(let number): kind = .unsigned(number)
    case .bool(let flag): kind = .bool(flag)
    case .string(let text): kind = .string(text)
    case .bytes(let data): kind = .bytes(data)
    case .enumNumber(let number): kind = .enumNumber(number)
    case .double(let number): kind = .bits(number.bitPattern)
    case .float(let number): kind = .bits(UInt64(number.bitPattern))
    case .message(let message): kind = .message(message.type)
    }
  }
}

public struct MapEntry: Sendable, Equatable {
  public var key: ProtoValue
  public var value: ProtoValue

  public init(key: ProtoValue, value: ProtoValue) {
    self.key = key
    self.value = value
  }
}

/// One value of a field, by the kind of the field (sint, fixed and sfixed kinds share the
/// signed and unsigned cases; enums keep their number).
public enum ProtoValue: Sendable, Equatable {
  case double(Double)
  case float(Float)
  case int32(Int32)
  case int64(Int64)
  case uint32(UInt32)
  case uint64(UInt64)
  case bool(Bool)
  case string(String)
  case bytes([UInt8])
  case enumNumber(Int32)
  case message(DynamicMessage)

  /// The value a field of `kind` has when not set (messages excepted).
  static func zero(_ kind: FieldDescriptor.Kind) -> ProtoValue {
    switch kind {
    case .double: .double(0)
    case .float: .float(0)
    case .int32, .sint32, .sfixed32: .int32(0)
    case .int64, .sint64, .sfixed64: .int64(0)
    case .uint32, .fixed32: .uint32(0)
    case .uint64, .fixed64: .uint64(0)
    case .bool: .bool(false)
    case .string: .string("")
    case .bytes: .bytes([])
    case .enum: .enumNumber(0)
    case .message, .group: .bytes([])
    }
  }

  /// Whether this is the zero value (negative zero is not: it is written, as protobuf does).
  var isZero: Bool {
    switch self {
    case .double(let value): value == 0 && value.sign == .plus
    case .float(let value): value == 0 && value.sign == .plus
    case .int32(let value): value == 0
    case .int64(let value): value == 0
    case .uint32(let value): value == 0
    case .uint64(let value): value == 0
    case .bool(let value): !value
    case .string(let value): value.isEmpty
    case .bytes(let value): value.isEmpty
    case .enumNumber(let value): value == 0
    case .message: false
    }
  }
}

extension DynamicMessage {
  /// The value of a singular field, if set.
  public func value(at index: Int) -> ProtoValue? {
    if case .single(let value)? = values[index] { return value }
    return nil
  }
}
