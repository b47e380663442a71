/// `DynamicMessage` → protobuf binary, canonically: fields by number, packed where the schema
/// says, unknown fields last and unchanged, map entries in the order they came. Implementations
/// disagree on the "deterministic" order of map entries (upb, behind Python, puts integer keys
/// in descending order; C++ ascending), so keeping the order read is what makes bytes from
/// either come back byte for byte.
extension Catalog {
  /// - Parameter sortingMapKeys: map entries in ascending key order instead, so that two
  ///   messages equal but for the order of their maps encode the same (comparisons, tests).
  public func encode(_ message: DynamicMessage, sortingMapKeys: Bool = false) -> [UInt8] {
    var writer = BinaryWriter()
    writer.sortsMapKeys = sortingMapKeys
    encode(message, into: &writer)
    return writer.bytes
  }

  func encode(_ message: DynamicMessage, into writer: inout BinaryWriter) {
    let plan = plans[message.type]
    var message = message
    if writer.sortsMapKeys, plan.isAny,
      let sorted = anyWithSortedMaps(message, messageList[message.type])
    {
      message = sorted
    }
    for index in plan.numberOrder {
      guard let content = message.values[index] else { continue }
      let field = plan.fields[index]
      switch content {
      case .single(let value):
        write(value, field: field, into: &writer)
      case .list(let values):
        if field.isPacked {
          guard !values.isEmpty else { continue }
          writer.tag(field.number, 2)
          writer.lengthPrefixed { writer in
            for value in values { writePayload(value, kind: field.kind, into: &writer) }
          }
        } else {
          for value in values { write(value, field: field, into: &writer) }
        }
      case .map(let entries):
        guard field.messageIndex >= 0 else { continue }
        let entryFields = plans[field.messageIndex].fields
        guard entryFields.count == 2 else { continue }
        let (keyField, valueField) =
          entryFields[0].number == 1
          ? (entryFields[0], entryFields[1]) : (entryFields[1], entryFields[0])
        let ordered =
          writer.sortsMapKeys ? entries.sorted { Self.keyOrder($0.key, $1.key) } : entries
        for entry in ordered {
          writer.tag(field.number, 2)
          writer.lengthPrefixed { writer in
            write(entry.key, field: keyField, into: &writer)
            write(entry.value, field: valueField, into: &writer)
          }
        }
      }
    }
    writer.bytes += message.unknownFields
  }

  private func write(
    _ value: ProtoValue, field: BinaryPlan.Field, into writer: inout BinaryWriter
  ) {
    switch value {
    case .message(let message):
      if field.kind == .group {
        writer.tag(field.number, 3)
        encode(message, into: &writer)
        writer.tag(field.number, 4)
      } else {
        writer.tag(field.number, 2)
        writer.lengthPrefixed { encode(message, into: &$0) }
      }
    default:
      writer.tag(field.number, field.wireType)
      writePayload(value, kind: field.kind, into: &writer)
    }
  }

  private func writePayload(
    _ value: ProtoValue, kind: FieldDescriptor.Kind, into writer: inout BinaryWriter
  ) {
    switch (value, kind) {
    case (.double(let number), _): writer.fixed64(number.bitPattern)
    case (.float(let number), _): writer.fixed32(number.bitPattern)
    case (.int32(let number), .sint32):
      writer.varint(UInt64(UInt32(bitPattern: (number << 1) ^ (number >> 31))))
    case (.int32(let number), .sfixed32): writer.fixed32(UInt32(bitPattern: number))
    case (.int32(let number), _): writer.varint(UInt64(bitPattern: Int64(number)))
    case (.int64(let number), .sint64):
      writer.varint(UInt64(bitPattern: (number << 1) ^ (number >> 63)))
    case (.int64(let number), .sfixed64): writer.fixed64(UInt64(bitPattern: number))
    case (.int64(let number), _): writer.varint(UInt64(bitPattern: number))
    case (.uint32(let number), .fixed32): writer.fixed32(number)
    case (.uint32(let number), _): writer.varint(UInt64(number))
    case (.uint64(let number), .fixed64): writer.fixed64(number)
    case (.uint64(let number), _): writer.varint(number)
    case (.bool(let flag), _): writer.varint(flag ? 1 : 0)
    case (.enumNumber(let number), _): writer.varint(UInt64(bitPattern: Int64(number)))
    case (.string(let text), _):
      writer.varint(UInt64(text.utf8.count))
      writer.bytes.append(contentsOf: text.utf8)
    case (.bytes(let data), _):
      writer.varint(UInt64(data.count))
      writer.bytes += data
    case (.message(let message), _):
      writer.lengthPrefixed { encode(message, into: &$0) }
    }
  }

  /// An Any whose packed message has its maps sorted too (when the catalog knows its type).
  private func anyWithSortedMaps(_ message: DynamicMessage, _ descriptor: MessageDescriptor)
    -> DynamicMessage?
  {
    guard let urlIndex = descriptor.fieldIndex(number: 1),
      let valueIndex = descriptor.fieldIndex(number: 2),
      case .string(let url)? = message.value(at: urlIndex),
      case .bytes(let bytes)? = message.value(at: valueIndex),
      let type = messageIndex(String(url.split(separator: "/").last ?? "")),
      let packed = try? decode(bytes, type: type)
    else { return nil }
    var sorted = message
    sorted.values[valueIndex] = .single(.bytes(encode(packed, sortingMapKeys: true)))
    return sorted
  }

  /// Ascending keys: numbers by value, false before true, strings by their UTF-8 bytes.
  static func keyOrder(_ left: ProtoValue, _ right: ProtoValue) -> Bool {
    switch (left, right) {
    case (.int32(let a), .int32(let b)): a < b
    case (.int64(let a), .int64(let b)): a < b
    case (.uint32(let a), .uint32(let b)): a < b
    case (.uint64(let a), .uint64(let b)): a < b
    case (.bool(let a), .bool(let b)): !a && b
    case (.string(let a), .string(let b)): a.utf8.lexicographicallyPrecedes(b.utf8)
    default: false
    }
  }
}

/// Appends the protobuf wire format to a byte array.
struct BinaryWriter {
  var bytes: [UInt8] = []
  var sortsMapKeys = false

  /// Writes `content` after its length, in this buffer: one byte is kept for the length (what
  /// most nested messages need) and the content moved along only when its length needs more,
  /// rather than building each nested message in a buffer of its own and copying it in.
  mutating func lengthPrefixed(_ content: (inout BinaryWriter) -> Void) {
    let lengthAt = bytes.count
    bytes.append(0)
    content(&self)
    let length = bytes.count - lengthAt - 1
    if length < 0x80 {
      bytes[lengthAt] = UInt8(length)
      return
    }
    var prefix = BinaryWriter()
    prefix.varint(UInt64(length))
    bytes.replaceSubrange(lengthAt..<(lengthAt + 1), with: prefix.bytes)
  }

  static func tag(number: Int32, wireType: UInt8) -> [UInt8] {
    var writer = BinaryWriter()
    writer.tag(number, wireType)
    return writer.bytes
  }

  mutating func tag(_ number: Int32, _ wireType: UInt8) {
    varint(UInt64(UInt32(bitPattern: number)) << 3 | UInt64(wireType))
  }

  mutating func varint(_ value: UInt64) {
    var value = value
    while value >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
      value >>= 7
    }
    bytes.append(UInt8(value))
  }

  mutating func fixed32(_ value: UInt32) {
    for shift in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * shift))) }
  }

  mutating func fixed64(_ value: UInt64) {
    for shift in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * shift))) }
  }
}
