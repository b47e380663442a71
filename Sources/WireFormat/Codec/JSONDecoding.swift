/// proto3 JSON → `DynamicMessage`: field names as `json_name` or as in the .proto, numbers or
/// strings for integers, enum names or numbers, either base64 alphabet, `null` for "not set";
/// anything else is refused with where it is (`items[2].price (line 3, column 14): …`).
extension Catalog {
  /// One message of `typeName` from JSON text (one value; see `JSONParser.parseSequence` for
  /// several back to back).
  public func decodeJSON(_ text: String, as typeName: String) throws -> DynamicMessage {
    let node: JSONNode
    do {
      node = try JSONParser.parse(text)
    } catch {
      throw CodecError(
        line: error.position.line, column: error.position.column, message: error.message)
    }
    return try decodeJSON(node, as: typeName)
  }

  public func decodeJSON(_ node: JSONNode, as typeName: String) throws -> DynamicMessage {
    guard let type = messageIndex(typeName) else {
      throw CodecError(message: "unknown message type \(typeName)")
    }
    return try message(from: node, type: type, path: "", depth: 0)
  }

  func message(from node: JSONNode, type: Int, path: String, depth: Int) throws -> DynamicMessage {
    guard depth < Self.recursionLimit else {
      throw Self.error(path, node, "nested more than \(Self.recursionLimit) deep")
    }
    let descriptor = messageList[type]
    var message = DynamicMessage(type: type, values: plans[type].noValues)
    if try wellKnown(from: node, into: &message, descriptor, path: path, depth: depth) {
      return message
    }
    guard case .object(let members) = node.kind else {
      throw Self.error(
        path, node, "expected an object for \(descriptor.fullName), got \(node.snippet)")
    }
    var seen: [Int: String] = [:]
    var oneofSet: [Int: String] = [:]
    // Paths below a member are made only for an error, on its way out (each level puts its
    // part in front): joining them for every value read cost more than reading it.
    for member in members {
      var fieldPath: String { Self.join(path, member.key) }
      guard let index = descriptor.fieldIndex(jsonKey: member.key) else {
        throw CodecError(
          path: fieldPath, line: member.keyPosition.line, column: member.keyPosition.column,
          message: "no field \(member.key) in \(descriptor.fullName)")
      }
      let field = descriptor.fields[index]
      if let earlier = seen[index] {
        throw CodecError(
          path: fieldPath, line: member.keyPosition.line, column: member.keyPosition.column,
          message: "\(field.name) is given twice (as \(earlier) and as \(member.key))")
      }
      seen[index] = member.key
      if case .null = member.value.kind, !Self.takesNull(field, self) { continue }
      if let oneof = field.oneofIndex, !descriptor.oneofs[oneof].isSynthetic {
        if let other = oneofSet[oneof] {
          throw CodecError(
            path: fieldPath, line: member.keyPosition.line, column: member.keyPosition.column,
            message:
              "oneof \(descriptor.oneofs[oneof].name) already has \(other); only one member may be set"
          )
        }
        oneofSet[oneof] = member.key
      }
      do {
        message.values[index] = try content(
          from: member.value, field: field, path: "", depth: depth)
      } catch var error as CodecError {
        error.path = Self.prefixed(error.path, with: fieldPath)
        throw error
      }
    }
    return message
  }

  /// Whether JSON `null` is a value for this field rather than "not set".
  static func takesNull(_ field: FieldDescriptor, _ catalog: Catalog) -> Bool {
    if field.isRepeated { return false }
    if field.kind == .message, field.typeName == "google.protobuf.Value" { return true }
    if field.kind == .enum, field.typeName == "google.protobuf.NullValue" { return true }
    return false
  }

  private func content(from node: JSONNode, field: FieldDescriptor, path: String, depth: Int)
    throws -> FieldContent?
  {
    if field.isMap {
      guard case .object(let members) = node.kind else {
        throw Self.error(path, node, "expected an object (a map), got \(node.snippet)")
      }
      guard let entryType = field.messageIndex, messageList[entryType].fields.count == 2,
        let keyIndex = messageList[entryType].fieldIndex(number: 1),
        let valueIndex = messageList[entryType].fieldIndex(number: 2)
      else { throw Self.error(path, node, "malformed map entry type") }
      let keyField = messageList[entryType].fields[keyIndex]
      let valueField = messageList[entryType].fields[valueIndex]
      var entries: [MapEntry] = []
      var keys = Set<MapKey>()
      for member in members {
        var entryPath: String { "\(path)[\(member.key)]" }
        let key = try mapKey(member.key, field: keyField, path: entryPath, at: member.keyPosition)
        if case .null = member.value.kind, !Self.takesNull(valueField, self) {
          throw Self.error(entryPath, member.value, "a map value cannot be null")
        }
        // depth + 1: the binary form nests a map entry message around the value, and the binary
        // decoder counts it; so whatever is read here also decodes from its own encoding.
        let value: ProtoValue
        do {
          value = try self.value(from: member.value, field: valueField, path: "", depth: depth + 1)
        } catch var error as CodecError {
          error.path = Self.prefixed(error.path, with: entryPath)
          throw error
        }
        guard keys.insert(MapKey(key)).inserted else {
          throw CodecError(
            path: entryPath, line: member.keyPosition.line, column: member.keyPosition.column,
            message: "map key \(member.key) is given twice")
        }
        entries.append(MapEntry(key: key, value: value))
      }
      return entries.isEmpty ? nil : .map(entries)
    }
    if field.isRepeated {
      guard case .array(let items) = node.kind else {
        throw Self.error(path, node, "expected an array, got \(node.snippet)")
      }
      var values: [ProtoValue] = []
      values.reserveCapacity(items.count)
      for (position, item) in items.enumerated() {
        var itemPath: String { "\(path)[\(position)]" }
        if case .null = item.kind,
          !(field.kind == .message && field.typeName == "google.protobuf.Value")
        {
          throw Self.error(itemPath, item, "null is not a value of a repeated field")
        }
        do {
          values.append(try value(from: item, field: field, path: "", depth: depth))
        } catch var error as CodecError {
          error.path = Self.prefixed(error.path, with: itemPath)
          throw error
        }
      }
      return values.isEmpty ? nil : .list(values)
    }
    let value = try value(from: node, field: field, path: path, depth: depth)
    if !field.hasPresence, value.isZero { return nil }
    return .single(value)
  }

  func value(from node: JSONNode, field: FieldDescriptor, path: String, depth: Int) throws
    -> ProtoValue
  {
    switch field.kind {
    case .message, .group:
      guard let type = field.messageIndex else { throw Self.error(path, node, "unresolved type") }
      return .message(try message(from: node, type: type, path: path, depth: depth + 1))
    case .enum:
      return try enumValue(from: node, field: field, path: path)
    case .string:
      guard case .string(let text) = node.kind else {
        throw Self.error(path, node, "expected a string, got \(node.snippet)")
      }
      return .string(text)
    case .bytes:
      guard case .string(let text) = node.kind else {
        throw Self.error(path, node, "expected base64 bytes (a string), got \(node.snippet)")
      }
      guard let bytes = Base64.decode(text) else {
        throw Self.error(path, node, "not base64: \(node.snippet)")
      }
      return .bytes(bytes)
    case .bool:
      guard case .bool(let flag) = node.kind else {
        throw Self.error(path, node, "expected true or false, got \(node.snippet)")
      }
      return .bool(flag)
    case .double, .float:
      return try floatValue(from: node, kind: field.kind, path: path)
    default:
      return try integerValue(from: node, kind: field.kind, path: path)
    }
  }

  private func enumValue(from node: JSONNode, field: FieldDescriptor, path: String) throws
    -> ProtoValue
  {
    guard let index = field.enumIndex else { throw Self.error(path, node, "unresolved enum") }
    let enumType = enumList[index]
    switch node.kind {
    case .null where enumType.fullName == "google.protobuf.NullValue":
      return .enumNumber(0)
    case .string(let name):
      guard let number = enumType.number(of: name) else {
        throw Self.error(path, node, "\(node.snippet) is not a value of \(enumType.fullName)")
      }
      return .enumNumber(number)
    case .number:
      guard case .int32(let number) = try integerValue(from: node, kind: .int32, path: path) else {
        throw Self.error(path, node, "not an enum number")
      }
      if enumType.isClosed, enumType.name(of: number) == nil {
        throw Self.error(path, node, "\(number) is not a value of \(enumType.fullName)")
      }
      return .enumNumber(number)
    default:
      throw Self.error(path, node, "expected an enum name or number, got \(node.snippet)")
    }
  }

  private func floatValue(from node: JSONNode, kind: FieldDescriptor.Kind, path: String) throws
    -> ProtoValue
  {
    let number: Double
    switch node.kind {
    case .number(let literal):
      guard let parsed = Double(literal) else {
        throw Self.error(path, node, "not a number: \(literal)")
      }
      number = parsed
    case .string(let text):
      switch text {
      case "NaN": number = .nan
      case "Infinity": number = .infinity
      case "-Infinity": number = -.infinity
      default:
        guard Self.isNumberLiteral(text), let parsed = Double(text) else {
          throw Self.error(path, node, "expected a number, got \(node.snippet)")
        }
        number = parsed
      }
    default:
      throw Self.error(path, node, "expected a number, got \(node.snippet)")
    }
    if kind == .float {
      // Out of range only if it does not round to a finite float: the float maximum written
      // as "3.4028235e+38" is a little above it as a Double, and must read back.
      if number.isFinite, !Float(number).isFinite {
        throw Self.error(path, node, "\(node.snippet) is out of range for float")
      }
      return .float(Float(number))
    }
    if case .number = node.kind, number.isInfinite {
      throw Self.error(path, node, "\(node.snippet) is out of range for double")
    }
    return .double(number)
  }

  private func integerValue(from node: JSONNode, kind: FieldDescriptor.Kind, path: String) throws
    -> ProtoValue
  {
    let literal: String
    switch node.kind {
    case .number(let text):
      literal = text
    case .string(let text):
      // A quoted integer: digits only, as protobuf's parsers take it.
      guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") }),
        Self.isNumberLiteral(text)
      else { throw Self.error(path, node, "expected an integer, got \(node.snippet)") }
      literal = text
    default:
      throw Self.error(path, node, "expected an integer, got \(node.snippet)")
    }
    let signed: Bool
    let wide: Bool
    switch kind {
    case .int32, .sint32, .sfixed32: (signed, wide) = (true, false)
    case .int64, .sint64, .sfixed64: (signed, wide) = (true, true)
    case .uint64, .fixed64: (signed, wide) = (false, true)
    default: (signed, wide) = (false, false)
    }
    // Built only when thrown: the message quotes the input.
    var outOfRange: CodecError {
      Self.error(path, node, "\(node.snippet) is out of range for \(kind.protoName)")
    }
    // Exact for integer literals; through Double (and then exactly integral) for 1e3 or 2.0.
    var signedValue: Int64?
    var unsignedValue: UInt64?
    let digitsOnly = literal.utf8.allSatisfy {
      (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "-")
    }
    if digitsOnly {
      if literal.hasPrefix("-") {
        guard let value = Int64(literal) else { throw outOfRange }
        signedValue = value
      } else {
        guard let value = UInt64(literal) else { throw outOfRange }
        unsignedValue = value
      }
    } else {
      guard let number = Double(literal), number.isFinite else {
        throw Self.error(path, node, "expected an integer, got \(node.snippet)")
      }
      guard number == number.rounded() else {
        throw Self.error(path, node, "\(node.snippet) is not an integer")
      }
      if number < 0 {
        guard number >= -9_223_372_036_854_775_808 else { throw outOfRange }
        signedValue = Int64(number)
      } else {
        guard number < 18_446_744_073_709_551_616 else { throw outOfRange }
        unsignedValue = UInt64(number)
      }
    }
    if let negative = signedValue, negative < 0 {
      guard signed else { throw outOfRange }
      if wide { return .int64(negative) }
      guard let narrow = Int32(exactly: negative) else { throw outOfRange }
      return .int32(narrow)
    }
    let positive = unsignedValue ?? UInt64(signedValue ?? 0)
    switch (signed, wide) {
    case (true, true):
      guard let value = Int64(exactly: positive) else { throw outOfRange }
      return .int64(value)
    case (true, false):
      guard let value = Int32(exactly: positive) else { throw outOfRange }
      return .int32(value)
    case (false, true):
      return .uint64(positive)
    case (false, false):
      guard let value = UInt32(exactly: positive) else { throw outOfRange }
      return .uint32(value)
    }
  }

  private func mapKey(
    _ text: String, field: FieldDescriptor, path: String, at position: JSONPosition
  )
    throws -> ProtoValue
  {
    let node = JSONNode(.string(text), at: position)
    switch field.kind {
    case .string: return .string(text)
    case .bool:
      switch text {
      case "true": return .bool(true)
      case "false": return .bool(false)
      default: throw Self.error(path, node, "a bool map key is true or false, not \(node.snippet)")
      }
    default:
      return try integerValue(from: node, kind: field.kind, path: path)
    }
  }

  static func isNumberLiteral(_ text: String) -> Bool {
    (try? JSONParser.parse(text)).map {
      if case .number = $0.kind { true } else { false }
    } ?? false
  }

  static func error(_ path: String, _ node: JSONNode, _ message: String) -> CodecError {
    CodecError(
      path: path, line: node.position.line > 0 ? node.position.line : nil,
      column: node.position.line > 0 ? node.position.column : nil, message: message)
  }
}
