/// Protobuf binary → `DynamicMessage`, by the catalog: known fields to values (last one wins,
/// messages merge, oneof members replace each other, packed and unpacked both read), the rest
/// kept as bytes.
extension Catalog {
  /// Nesting deeper than this is refused, as protobuf's own parsers do.
  static let recursionLimit = 100

  public func decode(_ bytes: [UInt8], as typeName: String) throws -> DynamicMessage {
    guard let index = messageIndex(typeName) else {
      throw CodecError(message: "unknown message type \(typeName)")
    }
    return try decode(bytes, type: index)
  }

  public func decode(_ bytes: [UInt8], type: Int) throws -> DynamicMessage {
    try bytes.withUnsafeBufferPointer { buffer in
      var reader = BinaryReader(buffer: buffer, index: 0, end: buffer.count)
      return try decodeMessage(&reader, type: type, depth: 0, path: "")
    }
  }

  func decodeMessage(_ reader: inout BinaryReader, type: Int, depth: Int, path: String) throws
    -> DynamicMessage
  {
    guard depth < Self.recursionLimit else {
      throw CodecError(
        path: path, offset: reader.index, message: "nested more than \(Self.recursionLimit) deep")
    }
    let descriptor = messageList[type]
    var message = DynamicMessage(type: type, fieldCount: descriptor.fields.count)
    while reader.index < reader.end {
      let start = reader.index
      let tag = try reader.varint(path)
      let number = tag >> 3
      let wireType = UInt8(tag & 7)
      guard number > 0, number <= 536_870_911 else {
        throw CodecError(path: path, offset: start, message: "invalid field number \(number)")
      }
      guard let index = descriptor.fieldIndex(number: Int32(number)) else {
        try reader.skip(wireType: wireType, number: number, path: path)
        message.unknownFields += reader.buffer[start..<reader.index]
        continue
      }
      let field = descriptor.fields[index]
      let fieldPath = path.isEmpty ? field.name : path + "." + field.name
      if field.isRepeated, field.kind.isPackable, wireType == 2 {
        let range = try reader.lengthDelimited(fieldPath)
        var packed = BinaryReader(
          buffer: reader.buffer, index: range.lowerBound, end: range.upperBound)
        var values: [ProtoValue] = []
        while packed.index < packed.end {
          let valueStart = packed.index
          let value = try readScalar(
            &packed, field: field, wireType: field.kind.wireType, path: fieldPath)
          if isUnknownClosedEnum(value, field) {
            // A closed enum's unlisted number is an unknown field, written unpacked.
            message.unknownFields += BinaryWriter.tag(number: field.number, wireType: 0)
            message.unknownFields += reader.buffer[valueStart..<packed.index]
          } else {
            values.append(value)
          }
        }
        if case .list(let existing)? = message.values[index] { values = existing + values }
        if !values.isEmpty { message.values[index] = .list(values) }
        continue
      }
      let expected: UInt8 = field.kind == .group ? 3 : field.kind.wireType
      guard wireType == expected else {
        // Not the wire type the schema says: kept as an unknown field, as protobuf does.
        try reader.skip(wireType: wireType, number: number, path: path)
        message.unknownFields += reader.buffer[start..<reader.index]
        continue
      }
      if field.isMap {
        let entry = try readMapEntry(&reader, field: field, depth: depth, path: fieldPath)
        var entries: [MapEntry] = []
        if case .map(let existing)? = message.values[index] { entries = existing }
        if let same = entries.firstIndex(where: { $0.key == entry.key }) {
          entries[same] = entry
        } else {
          entries.append(entry)
        }
        message.values[index] = .map(entries)
        continue
      }
      let value: ProtoValue
      if field.kind == .message || field.kind == .group {
        value = try readMessage(
          &reader, field: field, depth: depth, path: fieldPath, number: number)
      } else {
        value = try readScalar(&reader, field: field, wireType: wireType, path: fieldPath)
      }
      if isUnknownClosedEnum(value, field) {
        message.unknownFields += reader.buffer[start..<reader.index]
        continue
      }
      if field.isRepeated {
        var values: [ProtoValue] = []
        if case .list(let existing)? = message.values[index] { values = existing }
        values.append(value)
        message.values[index] = .list(values)
        continue
      }
      if let oneof = field.oneofIndex {
        for member in descriptor.oneofs[oneof].fields where member != index {
          message.values[member] = nil
        }
      }
      if case .message(let incoming) = value,
        case .single(.message(let existing))? = message.values[index]
      {
        message.values[index] = .single(.message(merge(existing, with: incoming)))
      } else if !field.hasPresence, value.isZero {
        message.values[index] = nil  // implicit presence: the zero value is no value
      } else {
        message.values[index] = .single(value)
      }
    }
    return message
  }

  private func isUnknownClosedEnum(_ value: ProtoValue, _ field: FieldDescriptor) -> Bool {
    guard case .enumNumber(let number) = value, let index = field.enumIndex else { return false }
    let enumType = enumList[index]
    return enumType.isClosed && enumType.name(of: number) == nil
  }

  private func readMessage(
    _ reader: inout BinaryReader, field: FieldDescriptor, depth: Int, path: String, number: UInt64
  ) throws -> ProtoValue {
    guard let type = field.messageIndex else {
      throw CodecError(path: path, message: "unresolved message type")
    }
    if field.kind == .group {
      let start = reader.index
      // The group's contents end before its END_GROUP tag.
      let contentsEnd = try reader.skipGroup(number: number, path: path)
      var inner = BinaryReader(buffer: reader.buffer, index: start, end: contentsEnd)
      return .message(try decodeMessage(&inner, type: type, depth: depth + 1, path: path))
    }
    let range = try reader.lengthDelimited(path)
    var inner = BinaryReader(buffer: reader.buffer, index: range.lowerBound, end: range.upperBound)
    return .message(try decodeMessage(&inner, type: type, depth: depth + 1, path: path))
  }

  private func readMapEntry(
    _ reader: inout BinaryReader, field: FieldDescriptor, depth: Int, path: String
  ) throws -> MapEntry {
    guard let type = field.messageIndex else {
      throw CodecError(path: path, message: "unresolved map entry type")
    }
    let range = try reader.lengthDelimited(path)
    var inner = BinaryReader(buffer: reader.buffer, index: range.lowerBound, end: range.upperBound)
    let entry = try decodeMessage(&inner, type: type, depth: depth + 1, path: path)
    let descriptor = messageList[type]
    func part(_ number: Int32) -> ProtoValue {
      guard let index = descriptor.fieldIndex(number: number) else { return .int32(0) }
      if let value = entry.value(at: index) { return value }
      let partField = descriptor.fields[index]
      if partField.kind == .message, let messageType = partField.messageIndex {
        return .message(
          DynamicMessage(type: messageType, fieldCount: messageList[messageType].fields.count))
      }
      return .zero(partField.kind)
    }
    return MapEntry(key: part(1), value: part(2))
  }

  private func readScalar(
    _ reader: inout BinaryReader, field: FieldDescriptor, wireType: UInt8, path: String
  ) throws -> ProtoValue {
    switch field.kind {
    case .double: return .double(Double(bitPattern: try reader.fixed64(path)))
    case .float: return .float(Float(bitPattern: try reader.fixed32(path)))
    case .int64: return .int64(Int64(bitPattern: try reader.varint(path)))
    case .uint64: return .uint64(try reader.varint(path))
    case .int32: return .int32(Int32(truncatingIfNeeded: try reader.varint(path)))
    case .fixed64: return .uint64(try reader.fixed64(path))
    case .fixed32: return .uint32(try reader.fixed32(path))
    case .bool: return .bool(try reader.varint(path) != 0)
    case .uint32: return .uint32(UInt32(truncatingIfNeeded: try reader.varint(path)))
    case .enum: return .enumNumber(Int32(truncatingIfNeeded: try reader.varint(path)))
    case .sfixed32: return .int32(Int32(bitPattern: try reader.fixed32(path)))
    case .sfixed64: return .int64(Int64(bitPattern: try reader.fixed64(path)))
    case .sint32:
      let raw = UInt32(truncatingIfNeeded: try reader.varint(path))
      return .int32(Int32(bitPattern: (raw >> 1) ^ (0 &- (raw & 1))))
    case .sint64:
      let raw = try reader.varint(path)
      return .int64(Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1))))
    case .string:
      let start = reader.index
      let range = try reader.lengthDelimited(path)
      let bytes = UnsafeBufferPointer(rebasing: reader.buffer[range])
      guard let text = String(validating: bytes, as: UTF8.self) else {
        throw CodecError(path: path, offset: start, message: "string field is not valid UTF-8")
      }
      return .string(text)
    case .bytes:
      return .bytes(Array(reader.buffer[try reader.lengthDelimited(path)]))
    case .message, .group:
      throw CodecError(path: path, message: "a message where a scalar was expected")
    }
  }

  /// `incoming` merged into `existing`, as protobuf merges a repeated occurrence of a singular
  /// message field: scalars replaced, lists appended, messages merged.
  func merge(_ existing: DynamicMessage, with incoming: DynamicMessage) -> DynamicMessage {
    var result = existing
    let descriptor = messageList[existing.type]
    for index in incoming.values.indices {
      guard let content = incoming.values[index] else { continue }
      switch (result.values[index], content) {
      case (.list(let old)?, .list(let new)):
        result.values[index] = .list(old + new)
      case (.map(let old)?, .map(let new)):
        var entries = old
        for entry in new {
          if let same = entries.firstIndex(where: { $0.key == entry.key }) {
            entries[same] = entry
          } else {
            entries.append(entry)
          }
        }
        result.values[index] = .map(entries)
      case (.single(.message(let old))?, .single(.message(let new))):
        result.values[index] = .single(.message(merge(old, with: new)))
      default:
        if let oneof = descriptor.fields[index].oneofIndex {
          for member in descriptor.oneofs[oneof].fields { result.values[member] = nil }
        }
        result.values[index] = content
      }
    }
    result.unknownFields += incoming.unknownFields
    return result
  }
}

/// Reads the protobuf wire format from a buffer, every read bounds-checked.
struct BinaryReader {
  let buffer: UnsafeBufferPointer<UInt8>
  var index: Int
  var end: Int

  mutating func varint(_ path: String) throws -> UInt64 {
    var result: UInt64 = 0
    var shift: UInt64 = 0
    let start = index
    while index < end {
      let byte = buffer[index]
      index += 1
      if shift == 63, byte > 1 {
        throw CodecError(path: path, offset: start, message: "varint longer than 64 bits")
      }
      result |= UInt64(byte & 0x7F) << shift
      if byte & 0x80 == 0 { return result }
      shift += 7
    }
    throw CodecError(path: path, offset: start, message: "truncated varint")
  }

  mutating func fixed32(_ path: String) throws -> UInt32 {
    guard end - index >= 4 else {
      throw CodecError(path: path, offset: index, message: "truncated 32-bit value")
    }
    var value: UInt32 = 0
    for shift in 0..<4 { value |= UInt32(buffer[index + shift]) << (8 * shift) }
    index += 4
    return value
  }

  mutating func fixed64(_ path: String) throws -> UInt64 {
    guard end - index >= 8 else {
      throw CodecError(path: path, offset: index, message: "truncated 64-bit value")
    }
    var value: UInt64 = 0
    for shift in 0..<8 { value |= UInt64(buffer[index + shift]) << (8 * shift) }
    index += 8
    return value
  }

  mutating func lengthDelimited(_ path: String) throws -> Range<Int> {
    let start = index
    let length = try varint(path)
    guard length <= UInt64(end - index) else {
      throw CodecError(
        path: path, offset: start, message: "length \(length) runs past the end of the message")
    }
    let range = index..<(index + Int(length))
    index = range.upperBound
    return range
  }

  /// Past one field's value (its tag already read); groups to their matching end tag.
  mutating func skip(wireType: UInt8, number: UInt64, path: String) throws {
    switch wireType {
    case 0: _ = try varint(path)
    case 1: _ = try fixed64(path)
    case 2: _ = try lengthDelimited(path)
    case 5: _ = try fixed32(path)
    case 3: _ = try skipGroup(number: number, path: path)
    default:
      throw CodecError(path: path, offset: index, message: "invalid wire type \(wireType)")
    }
  }

  /// Past a group (its start tag already read) and its matching end tag; returns where that end
  /// tag starts, which is where the group's fields end.
  mutating func skipGroup(number: UInt64, path: String) throws -> Int {
    var depth = 1
    while true {
      guard index < end else {
        throw CodecError(path: path, offset: index, message: "group \(number) never ends")
      }
      let start = index
      let tag = try varint(path)
      let type = UInt8(tag & 7)
      if type == 3 {
        depth += 1
        guard depth <= Catalog.recursionLimit else {
          throw CodecError(path: path, offset: start, message: "groups nested too deep")
        }
      } else if type == 4 {
        depth -= 1
        if depth == 0 { return start }
      } else {
        try skip(wireType: type, number: tag >> 3, path: path)
      }
    }
  }
}
