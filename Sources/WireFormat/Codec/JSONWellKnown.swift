/// The well-known types' own JSON forms, read back: Timestamp and Duration strings, FieldMask
/// paths, Struct/Value/ListValue as any JSON, wrappers as their value, Any with `@type`.
extension Catalog {
  /// Fills `message` when its type has a special form; false for ordinary messages.
  func wellKnown(
    from node: JSONNode, into message: inout DynamicMessage, _ descriptor: MessageDescriptor,
    path: String, depth: Int
  ) throws -> Bool {
    guard descriptor.fullName.hasPrefix("google.protobuf.") else { return false }
    func set(_ number: Int32, _ value: FieldContent?) {
      if let index = descriptor.fieldIndex(number: number) { message.values[index] = value }
    }
    func field(_ number: Int32) -> FieldDescriptor? {
      descriptor.fieldIndex(number: number).map { descriptor.fields[$0] }
    }
    func string() throws -> String {
      guard case .string(let text) = node.kind else {
        throw Self.error(
          path, node, "expected a string for \(descriptor.name), got \(node.snippet)")
      }
      return text
    }
    switch descriptor.fullName {
    case "google.protobuf.Timestamp":
      guard let (seconds, nanos) = TimeFormats.parseTimestamp(try string()) else {
        throw Self.error(
          path, node,
          "expected an RFC 3339 time in 0001…9999 (1972-01-01T10:00:20.021Z), got \(node.snippet)")
      }
      set(1, seconds == 0 ? nil : .single(.int64(seconds)))
      set(2, nanos == 0 ? nil : .single(.int32(nanos)))
    case "google.protobuf.Duration":
      guard let (seconds, nanos) = TimeFormats.parseDuration(try string()) else {
        throw Self.error(
          path, node,
          "expected a duration such as \"3.250s\" within ±315576000000s, got \(node.snippet)")
      }
      set(1, seconds == 0 ? nil : .single(.int64(seconds)))
      set(2, nanos == 0 ? nil : .single(.int32(nanos)))
    case "google.protobuf.FieldMask":
      let text = try string()
      var paths: [ProtoValue] = []
      // Split by code point, as protobuf does: "," and a combining mark after it are one
      // Character, which a split by Characters would not cut.
      let parts = text.unicodeScalars.split(separator: ",", omittingEmptySubsequences: false)
      for part in parts where !text.isEmpty {
        guard !part.contains("_") else {
          throw Self.error(path, node, "a FieldMask path in JSON is lowerCamel, not \(part)")
        }
        paths.append(.string(Self.snakeCase(String(String.UnicodeScalarView(part)))))
      }
      set(1, paths.isEmpty ? nil : .list(paths))
    case "google.protobuf.Struct":
      guard case .object = node.kind, let fieldsField = field(1) else {
        throw Self.error(path, node, "expected an object for Struct, got \(node.snippet)")
      }
      guard let entryType = fieldsField.messageIndex,
        let valueIndex = messageList[entryType].fieldIndex(number: 2),
        case .object(let members) = node.kind
      else { return true }
      let valueField = messageList[entryType].fields[valueIndex]
      var entries: [MapEntry] = []
      for member in members {
        // depth + 1 for the map entry, as for any map (`content(from:field:path:depth:)`).
        let value = try value(
          from: member.value, field: valueField, path: Self.join(path, member.key),
          depth: depth + 1)
        entries.removeAll { $0.key == .string(member.key) }
        entries.append(MapEntry(key: .string(member.key), value: value))
      }
      set(1, entries.isEmpty ? nil : .map(entries))
    case "google.protobuf.ListValue":
      guard case .array(let items) = node.kind, let valuesField = field(1) else {
        throw Self.error(path, node, "expected an array for ListValue, got \(node.snippet)")
      }
      let values = try items.enumerated().map {
        try value(from: $1, field: valuesField, path: "\(path)[\($0)]", depth: depth)
      }
      set(1, values.isEmpty ? nil : .list(values))
    case "google.protobuf.Value":
      switch node.kind {
      case .null: set(1, .single(.enumNumber(0)))
      case .number(let literal):
        guard let number = Double(literal), number.isFinite else {
          throw Self.error(path, node, "\(literal) is out of range for a Value")
        }
        set(2, .single(.double(number)))
      case .string(let text): set(3, .single(.string(text)))
      case .bool(let flag): set(4, .single(.bool(flag)))
      case .object:
        guard let structField = field(5) else { return true }
        set(5, .single(try value(from: node, field: structField, path: path, depth: depth)))
      case .array:
        guard let listField = field(6) else { return true }
        set(6, .single(try value(from: node, field: listField, path: path, depth: depth)))
      }
    case "google.protobuf.DoubleValue", "google.protobuf.FloatValue", "google.protobuf.Int64Value",
      "google.protobuf.UInt64Value", "google.protobuf.Int32Value", "google.protobuf.UInt32Value",
      "google.protobuf.BoolValue", "google.protobuf.StringValue", "google.protobuf.BytesValue":
      guard let valueField = field(1) else { return true }
      let value = try value(from: node, field: valueField, path: path, depth: depth)
      set(1, value.isZero ? nil : .single(value))
    case "google.protobuf.Any":
      try anyMessage(from: node, into: &message, descriptor, path: path, depth: depth)
    default:
      return false
    }
    return true
  }

  private func anyMessage(
    from node: JSONNode, into message: inout DynamicMessage, _ descriptor: MessageDescriptor,
    path: String, depth: Int
  ) throws {
    guard case .object(let members) = node.kind else {
      throw Self.error(path, node, "expected an object with \"@type\" for Any, got \(node.snippet)")
    }
    if members.isEmpty { return }
    guard let typeMember = members.first(where: { $0.key == "@type" }),
      case .string(let url) = typeMember.value.kind
    else {
      throw Self.error(path, node, "an Any needs \"@type\": \"type.googleapis.com/NAME\"")
    }
    let typeName = String(url.split(separator: "/").last ?? "")
    guard let type = messageIndex(typeName) else {
      throw Self.error(
        Self.join(path, "@type"), typeMember.value,
        "\(url) names a type the catalog does not have")
    }
    let rest = members.filter { $0.key != "@type" }
    let inner: DynamicMessage
    if Self.hasSpecialJSON(messageList[type].fullName) {
      guard let valueMember = rest.first(where: { $0.key == "value" }), rest.count == 1 else {
        throw Self.error(path, node, "an Any of \(typeName) has its JSON in \"value\"")
      }
      inner = try self.message(
        from: valueMember.value, type: type, path: Self.join(path, "value"), depth: depth + 1)
    } else {
      let object = JSONNode(.object(rest), at: node.position)
      inner = try self.message(from: object, type: type, path: path, depth: depth + 1)
    }
    if let index = descriptor.fieldIndex(number: 1) {
      message.values[index] = .single(.string(url))
    }
    let bytes = encode(inner)
    if let index = descriptor.fieldIndex(number: 2), !bytes.isEmpty {
      message.values[index] = .single(.bytes(bytes))
    }
  }

  /// `fooBar` → `foo_bar`, FieldMask paths from JSON.
  static func snakeCase(_ text: String) -> String {
    var result = ""
    for character in text {
      if character.isUppercase {
        result += "_" + character.lowercased()
      } else {
        result.append(character)
      }
    }
    return result
  }
}
