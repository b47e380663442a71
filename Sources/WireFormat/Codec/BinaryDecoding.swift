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
      return try decodeMessage(&reader, type: type, depth: 0)
    }
  }

  // Paths are built only for an error, on its way out (each level puts its field's name in
  // front): joining them for every field read cost more than reading the field.
  func decodeMessage(_ reader: inout BinaryReader, type: Int, depth: Int) throws -> DynamicMessage {
    guard depth < Self.recursionLimit else {
      throw CodecError(
        offset: reader.index, message: "nested more than \(Self.recursionLimit) deep")
    }
    let plan = plans[type]
    var message = DynamicMessage(type: type, values: plan.noValues)
    var mapsToSettle = false
    while reader.index < reader.end {
      let start = reader.index
      let tag = try reader.varint()
      let number = tag >> 3
      let wireType = UInt8(tag & 7)
      guard number > 0, number <= 536_870_911 else {
        throw CodecError(offset: start, message: "invalid field number \(number)")
      }
      guard let index = plan.index(of: number) else {
        try reader.skip(wireType: wireType, number: number)
        message.unknownFields += reader.buffer[start..<reader.index]
        continue
      }
      do {
        let field = plan.fields[index]
        if field.isRepeated, field.isPackable, wireType == 2 {
          try readPacked(&reader, field: field, index: index, into: &message)
          continue
        }
        guard wireType == field.wireType else {
          // Not the wire type the schema says: kept as an unknown field, as protobuf does.
          try reader.skip(wireType: wireType, number: number)
          message.unknownFields += reader.buffer[start..<reader.index]
          continue
        }
        if field.isMap {
          let entry = try readMapEntry(&reader, field: field, depth: depth)
          // Appended as read; a key seen twice is settled once the message is read (the
          // last value wins, in the first one's place), so a big map is not quadratic.
          var entries: [MapEntry] = []
          if case .map(let existing)? = message.values[index] {
            entries = existing
            message.values[index] = nil  // uniquely held: appending does not copy
            mapsToSettle = true
          }
          entries.append(entry)
          message.values[index] = .map(entries)
          continue
        }
        let value: ProtoValue
        if field.kind == .message || field.kind == .group {
          value = try readMessage(&reader, field: field, depth: depth, number: number)
        } else {
          value = try readScalar(&reader, kind: field.kind)
        }
        if isUnknownClosedEnum(value, field) {
          message.unknownFields += reader.buffer[start..<reader.index]
          continue
        }
        if field.isRepeated {
          var values: [ProtoValue] = []
          if case .list(let existing)? = message.values[index] {
            values = existing
            message.values[index] = nil  // uniquely held: appending does not copy
          }
          values.append(value)
          message.values[index] = .list(values)
          continue
        }
        if field.oneofIndex >= 0 {
          for member in plan.oneofMembers[field.oneofIndex] where member != index {
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
      } catch var error as CodecError {
        let name = messageList[type].fields[index].name
        error.path = error.path.isEmpty ? name : name + "." + error.path
        throw error
      }
    }
    if mapsToSettle {
      for index in message.values.indices {
        if case .map(let entries)? = message.values[index] {
          message.values[index] = .map(Self.lastValuePerKey(entries))
        }
      }
    }
    return message
  }

  /// A packed run of scalars (every packable field accepts one, packed or not in the schema).
  private func readPacked(
    _ reader: inout BinaryReader, field: BinaryPlan.Field, index: Int,
    into message: inout DynamicMessage
  ) throws {
    let range = try reader.lengthDelimited()
    var packed = BinaryReader(
      buffer: reader.buffer, index: range.lowerBound, end: range.upperBound)
    var values: [ProtoValue] = []
    if case .list(let existing)? = message.values[index] {
      values = existing
      message.values[index] = nil
    }
    while packed.index < packed.end {
      let valueStart = packed.index
      let value = try readScalar(&packed, kind: field.kind)
      if isUnknownClosedEnum(value, field) {
        // A closed enum's unlisted number is an unknown field, written unpacked.
        message.unknownFields += BinaryWriter.tag(number: field.number, wireType: 0)
        message.unknownFields += reader.buffer[valueStart..<packed.index]
      } else {
        values.append(value)
      }
    }
    if !values.isEmpty { message.values[index] = .list(values) }
  }

  /// Map entries with each key once: the last value read for it, where the key first came.
  static func lastValuePerKey(_ entries: [MapEntry]) -> [MapEntry] {
    var positions: [MapKey: Int] = [:]
    var result: [MapEntry] = []
    result.reserveCapacity(entries.count)
    for entry in entries {
      let key = MapKey(entry.key)
      if let position = positions[key] {
        result[position] = entry
      } else {
        positions[key] = result.count
        result.append(entry)
      }
    }
    return result
  }

  private func isUnknownClosedEnum(_ value: ProtoValue, _ field: BinaryPlan.Field) -> Bool {
    guard field.closedEnumIndex >= 0, case .enumNumber(let number) = value else { return false }
    return enumList[field.closedEnumIndex].name(of: number) == nil
  }

  private func readMessage(
    _ reader: inout BinaryReader, field: BinaryPlan.Field, depth: Int, number: UInt64
  ) throws -> ProtoValue {
    let type = field.messageIndex
    guard type >= 0 else { throw CodecError(message: "unresolved message type") }
    if field.kind == .group {
      let start = reader.index
      // The group's contents end before its END_GROUP tag.
      let contentsEnd = try reader.skipGroup(number: number)
      var inner = BinaryReader(buffer: reader.buffer, index: start, end: contentsEnd)
      return .message(try decodeMessage(&inner, type: type, depth: depth + 1))
    }
    let range = try reader.lengthDelimited()
    var inner = BinaryReader(buffer: reader.buffer, index: range.lowerBound, end: range.upperBound)
    return .message(try decodeMessage(&inner, type: type, depth: depth + 1))
  }

  private func readMapEntry(
    _ reader: inout BinaryReader, field: BinaryPlan.Field, depth: Int
  ) throws -> MapEntry {
    let type = field.messageIndex
    guard type >= 0 else { throw CodecError(message: "unresolved map entry type") }
    let range = try reader.lengthDelimited()
    var inner = BinaryReader(buffer: reader.buffer, index: range.lowerBound, end: range.upperBound)
    let entry = try decodeMessage(&inner, type: type, depth: depth + 1)
    let plan = plans[type]
    func part(_ number: UInt64) -> ProtoValue {
      guard let index = plan.index(of: number) else { return .int32(0) }
      if let value = entry.value(at: index) { return value }
      let partField = plan.fields[index]
      if partField.kind == .message, partField.messageIndex >= 0 {
        let messageType = partField.messageIndex
        return .message(
          DynamicMessage(type: messageType, values: plans[messageType].noValues))
      }
      return .zero(partField.kind)
    }
    return MapEntry(key: part(1), value: part(2))
  }

  private func readScalar(_ reader: inout BinaryReader, kind: FieldDescriptor.Kind) throws
    -> ProtoValue
  {
    switch kind {
    case .double: return .double(Double(bitPattern: try reader.fixed64()))
    case .float: return .float(Float(bitPattern: try reader.fixed32()))
    case .int64: return .int64(Int64(bitPattern: try reader.varint()))
    case .uint64: return .uint64(try reader.varint())
    case .int32: return .int32(Int32(truncatingIfNeeded: try reader.varint()))
    case .fixed64: return .uint64(try reader.fixed64())
    case .fixed32: return .uint32(try reader.fixed32())
    case .bool: return .bool(try reader.varint() != 0)
    case .uint32: return .uint32(UInt32(truncatingIfNeeded: try reader.varint()))
    case .enum: return .enumNumber(Int32(truncatingIfNeeded: try reader.varint()))
    case .sfixed32: return .int32(Int32(bitPattern: try reader.fixed32()))
    case .sfixed64: return .int64(Int64(bitPattern: try reader.fixed64()))
    case .sint32:
      let raw = UInt32(truncatingIfNeeded: try reader.varint())
      return .int32(Int32(bitPattern: (raw >> 1) ^ (0 &- (raw & 1))))
    case .sint64:
      let raw = try reader.varint()
      return .int64(Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1))))
    case .string:
      let start = reader.index
      let range = try reader.lengthDelimited()
      let bytes = UnsafeBufferPointer(rebasing: reader.buffer[range])
      // ASCII is valid UTF-8 as it is: `String(validating:)` is generic in the standard library
      // and looked up its type metadata at run time on every call (a third of a small
      // message's decode in perf).
      if Self.isASCII(bytes) { return .string(String(decoding: bytes, as: UTF8.self)) }
      guard let text = String(validating: bytes, as: UTF8.self) else {
        throw CodecError(offset: start, message: "string field is not valid UTF-8")
      }
      return .string(text)
    case .bytes:
      return .bytes(Array(reader.buffer[try reader.lengthDelimited()]))
    case .message, .group:
      throw CodecError(message: "a message where a scalar was expected")
    }
  }

  static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var high: UInt8 = 0
    for byte in bytes { high |= byte }
    return high < 0x80
  }

  /// `incoming` merged into `existing`, as protobuf merges a repeated occurrence of a singular
  /// message field: scalars replaced, lists appended, messages merged.
  func merge(_ existing: DynamicMessage, with incoming: DynamicMessage) -> DynamicMessage {
    var result = existing
    let plan = plans[existing.type]
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
        let oneof = plan.fields[index].oneofIndex
        if oneof >= 0 {
          for member in plan.oneofMembers[oneof] { result.values[member] = nil }
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

  mutating func varint() throws -> UInt64 {
    var result: UInt64 = 0
    var shift: UInt64 = 0
    let start = index
    while index < end {
      let byte = buffer[index]
      index += 1
      if shift == 63, byte > 1 {
        throw CodecError(offset: start, message: "varint longer than 64 bits")
      }
      result |= UInt64(byte & 0x7F) << shift
      if byte & 0x80 == 0 { return result }
      shift += 7
    }
    throw CodecError(offset: start, message: "truncated varint")
  }

  mutating func fixed32() throws -> UInt32 {
    guard end - index >= 4 else {
      throw CodecError(offset: index, message: "truncated 32-bit value")
    }
    var value: UInt32 = 0
    for shift in 0..<4 { value |= UInt32(buffer[index + shift]) << (8 * shift) }
    index += 4
    return value
  }

  mutating func fixed64() throws -> UInt64 {
    guard end - index >= 8 else {
      throw CodecError(offset: index, message: "truncated 64-bit value")
    }
    var value: UInt64 = 0
    for shift in 0..<8 { value |= UInt64(buffer[index + shift]) << (8 * shift) }
    index += 8
    return value
  }

  mutating func lengthDelimited() throws -> Range<Int> {
    let start = index
    let length = try varint()
    guard length <= UInt64(end - index) else {
      throw CodecError(
        offset: start, message: "length \(length) runs past the end of the message")
    }
    let range = index..<(index + Int(length))
    index = range.upperBound
    return range
  }

  /// Past one field's value (its tag already read); groups to their matching end tag.
  mutating func skip(wireType: UInt8, number: UInt64) throws {
    switch wireType {
    case 0: _ = try varint()
    case 1: _ = try fixed64()
    case 2: _ = try lengthDelimited()
    case 5: _ = try fixed32()
    case 3: _ = try skipGroup(number: number)
    default:
      throw CodecError(offset: index, message: "invalid wire type \(wireType)")
    }
  }

  /// Past a group (its start tag already read) and its matching end tag; returns where that end
  /// tag starts, which is where the group's fields end.
  mutating func skipGroup(number: UInt64) throws -> Int {
    var depth = 1
    while true {
      guard index < end else {
        throw CodecError(offset: index, message: "group \(number) never ends")
      }
      let start = index
      let tag = try varint()
      let type = UInt8(tag & 7)
      if type == 3 {
        depth += 1
        guard depth <= Catalog.recursionLimit else {
          throw CodecError(offset: start, message: "groups nested too deep")
        }
      } else if type == 4 {
        depth -= 1
        if depth == 0 { return start }
      } else {
        try skip(wireType: type, number: tag >> 3)
      }
    }
  }
}
