/// `DynamicMessage` → proto3 JSON (https://protobuf.dev/programming-guides/json/): lowerCamel
/// `json_name`s, 64-bit integers as strings, NaN and infinities as strings, bytes as base64,
/// enums by name, fields at their defaults left out unless they have presence, and the
/// well-known types in their own forms.
extension Catalog {
  public func json(_ message: DynamicMessage) throws -> JSONNode {
    try json(message, path: "", depth: 0)
  }

  /// Indented, for the terminal and `call` output.
  public func jsonText(_ message: DynamicMessage) throws -> String {
    JSONWriter.pretty(try json(message))
  }

  /// On one line, for `-d` arguments and history.
  public func compactJSONText(_ message: DynamicMessage) throws -> String {
    JSONWriter.compact(try json(message))
  }

  /// `depth` counts nesting as `decodeJSON` does (a map entry is a level, an Any's payload is
  /// one more), so JSON too deep for it to read back is refused here rather than written: an
  /// Any's payload is bytes, decoded afresh, so nested Anys are not bounded by binary decoding.
  func json(_ message: DynamicMessage, path: String, depth: Int) throws -> JSONNode {
    guard depth < Self.recursionLimit else {
      throw CodecError(path: path, message: "nested more than \(Self.recursionLimit) deep")
    }
    let descriptor = messageList[message.type]
    if let special = try wellKnownJSON(message, descriptor, path: path, depth: depth) {
      return special
    }
    // Paths are made only for an error, on its way out (each level puts its part in front):
    // joining them for every value written cost more than writing it.
    var members: [(String, JSONNode)] = []
    for index in message.values.indices {
      guard let content = message.values[index] else { continue }
      let field = descriptor.fields[index]
      do {
        switch content {
        case .single(let value):
          members.append((field.jsonName, try json(value, field: field, path: "", depth: depth)))
        case .list(let values):
          guard !values.isEmpty else { continue }
          var items: [JSONNode] = []
          items.reserveCapacity(values.count)
          for (position, value) in values.enumerated() {
            do {
              items.append(try json(value, field: field, path: "", depth: depth))
            } catch var error as CodecError {
              error.path = Self.prefixed(error.path, with: "[\(position)]")
              throw error
            }
          }
          members.append((field.jsonName, .array(items)))
        case .map(let entries):
          guard !entries.isEmpty, let entryType = field.messageIndex,
            let valueIndex = messageList[entryType].fieldIndex(number: 2)
          else { continue }
          let valueField = messageList[entryType].fields[valueIndex]
          var object: [(String, JSONNode)] = []
          object.reserveCapacity(entries.count)
          for entry in entries {
            let key = Self.mapKey(entry.key)
            do {
              object.append(
                (key, try json(entry.value, field: valueField, path: "", depth: depth + 1)))
            } catch var error as CodecError {
              error.path = Self.prefixed(error.path, with: "[\(key)]")
              throw error
            }
          }
          members.append((field.jsonName, .object(object)))
        }
      } catch var error as CodecError {
        error.path = Self.prefixed(error.path, with: field.jsonName)
        throw error
      }
    }
    return .object(members)
  }

  /// One value of `field` (an element of a list, say) as JSON.
  public func json(_ value: ProtoValue, field: FieldDescriptor) throws -> JSONNode {
    do {
      return try json(value, field: field, path: "", depth: 0)
    } catch var error as CodecError {
      error.path = Self.prefixed(error.path, with: field.jsonName)
      throw error
    }
  }

  /// `depth`: that of the message the value is in.
  func json(_ value: ProtoValue, field: FieldDescriptor, path: String, depth: Int) throws
    -> JSONNode
  {
    switch value {
    case .double(let number): return Self.json(number)
    case .float(let number): return Self.json(number)
    case .int32(let number): return .number(String(number))
    case .uint32(let number): return .number(String(number))
    case .int64(let number): return .string(String(number))
    case .uint64(let number): return .string(String(number))
    case .bool(let flag): return .bool(flag)
    case .string(let text): return .string(text)
    case .bytes(let data): return .string(Base64.encode(data))
    case .enumNumber(let number):
      guard let index = field.enumIndex else { return .number(String(number)) }
      let enumType = enumList[index]
      if enumType.fullName == "google.protobuf.NullValue" { return .null }
      return enumType.name(of: number).map { .string($0) } ?? .number(String(number))
    case .message(let message):
      return try json(message, path: path, depth: depth + 1)
    }
  }

  static func json(_ number: Double) -> JSONNode {
    if number.isNaN { return .string("NaN") }
    if number.isInfinite { return .string(number < 0 ? "-Infinity" : "Infinity") }
    return .number(number.description)
  }

  static func json(_ number: Float) -> JSONNode {
    if number.isNaN { return .string("NaN") }
    if number.isInfinite { return .string(number < 0 ? "-Infinity" : "Infinity") }
    return .number(number.description)
  }

  static func mapKey(_ key: ProtoValue) -> String {
    switch key {
    case .string(let text): text
    case .bool(let flag): flag ? "true" : "false"
    case .int32(let number): String(number)
    case .int64(let number): String(number)
    case .uint32(let number): String(number)
    case .uint64(let number): String(number)
    default: ""
    }
  }

  static func join(_ path: String, _ name: String) -> String {
    path.isEmpty ? name : path + "." + name
  }

  /// `head` in front of a path made further in: `items` + `[2].price` → `items[2].price`.
  static func prefixed(_ path: String, with head: String) -> String {
    if path.isEmpty { return head }
    return path.hasPrefix("[") ? head + path : head + "." + path
  }

  // MARK: - Well-known types

  private func wellKnownJSON(
    _ message: DynamicMessage, _ descriptor: MessageDescriptor, path: String, depth: Int
  )
    throws -> JSONNode?
  {
    guard descriptor.fullName.hasPrefix("google.protobuf.") else { return nil }
    func scalar(_ number: Int32) -> ProtoValue? {
      descriptor.fieldIndex(number: number).flatMap { message.value(at: $0) }
    }
    func int64(_ number: Int32) -> Int64 {
      if case .int64(let value)? = scalar(number) { return value }
      return 0
    }
    func int32(_ number: Int32) -> Int32 {
      if case .int32(let value)? = scalar(number) { return value }
      return 0
    }
    switch descriptor.fullName {
    case "google.protobuf.Timestamp":
      guard let text = TimeFormats.timestamp(seconds: int64(1), nanos: int32(2)) else {
        throw CodecError(
          path: path,
          message: "Timestamp \(int64(1))s \(int32(2))ns is outside 0001-01-01…9999-12-31")
      }
      return .string(text)
    case "google.protobuf.Duration":
      guard let text = TimeFormats.duration(seconds: int64(1), nanos: int32(2)) else {
        throw CodecError(
          path: path, message: "Duration \(int64(1))s \(int32(2))ns is out of range or mixes signs")
      }
      return .string(text)
    case "google.protobuf.FieldMask":
      var paths: [String] = []
      if let index = descriptor.fieldIndex(number: 1),
        case .list(let values)? = message.values[index]
      {
        for case .string(let text) in values {
          // As protobuf's json_format: a path its JSON form cannot bring back (`Foo`, `a_1`,
          // `a_`, `a,b`, a lone empty one) has no JSON form.
          let camel = Self.lowerCamel(text)
          // The comma by code point: "," and a combining mark after it are one Character.
          guard Self.snakeCase(camel) == text, !text.unicodeScalars.contains(","), !text.isEmpty
          else {
            throw CodecError(
              path: path, message: "FieldMask path \"\(text)\" has no JSON (lowerCamel) form")
          }
          paths.append(camel)
        }
      }
      return .string(paths.joined(separator: ","))
    case "google.protobuf.Struct":
      guard let index = descriptor.fieldIndex(number: 1) else { return .object([]) }
      let field = descriptor.fields[index]
      guard case .map(let entries)? = message.values[index], let entryType = field.messageIndex,
        let valueIndex = messageList[entryType].fieldIndex(number: 2)
      else { return .object([]) }
      let valueField = messageList[entryType].fields[valueIndex]
      return .object(
        try entries.map { entry in
          let key = Self.mapKey(entry.key)
          return (
            key,
            try json(
              entry.value, field: valueField, path: Self.join(path, key), depth: depth + 1)
          )
        })
    case "google.protobuf.ListValue":
      guard let index = descriptor.fieldIndex(number: 1) else { return .array([]) }
      guard case .list(let values)? = message.values[index] else { return .array([]) }
      let field = descriptor.fields[index]
      return .array(
        try values.enumerated().map {
          try json($1, field: field, path: "\(path)[\($0)]", depth: depth)
        })
    case "google.protobuf.Value":
      for (index, field) in descriptor.fields.enumerated() {
        guard let value = message.value(at: index) else { continue }
        if case .double(let number) = value, !number.isFinite {
          throw CodecError(path: path, message: "a Value cannot hold \(number) in JSON")
        }
        return try json(value, field: field, path: path, depth: depth)
      }
      return .null
    case "google.protobuf.DoubleValue", "google.protobuf.FloatValue", "google.protobuf.Int64Value",
      "google.protobuf.UInt64Value", "google.protobuf.Int32Value", "google.protobuf.UInt32Value",
      "google.protobuf.BoolValue", "google.protobuf.StringValue", "google.protobuf.BytesValue":
      guard let index = descriptor.fieldIndex(number: 1) else { return .null }
      let field = descriptor.fields[index]
      return try json(
        message.value(at: index) ?? .zero(field.kind), field: field, path: path, depth: depth)
    case "google.protobuf.Any":
      return try anyJSON(message, descriptor, path: path, depth: depth)
    default:
      return nil
    }
  }

  private func anyJSON(
    _ message: DynamicMessage, _ descriptor: MessageDescriptor, path: String, depth: Int
  ) throws -> JSONNode {
    var url = ""
    var bytes: [UInt8] = []
    if let index = descriptor.fieldIndex(number: 1),
      case .string(let text)? = message.value(at: index)
    {
      url = text
    }
    if let index = descriptor.fieldIndex(number: 2),
      case .bytes(let data)? = message.value(at: index)
    {
      bytes = data
    }
    if url.isEmpty, bytes.isEmpty { return .object([]) }
    let typeName = String(url.split(separator: "/").last ?? "")
    guard let type = messageIndex(typeName) else {
      throw CodecError(
        path: path, message: "Any holds \(url), a type the catalog does not have")
    }
    let inner = try decode(bytes, type: type)
    let node = try json(inner, path: path, depth: depth + 1)
    if Self.hasSpecialJSON(messageList[type].fullName) {
      return .object([("@type", .string(url)), ("value", node)])
    }
    guard case .object(let members) = node.kind else { return node }
    return .object([("@type", .string(url))] + members.map { ($0.key, $0.value) })
  }

  /// Well-known types whose JSON is not an object of their fields.
  static func hasSpecialJSON(_ fullName: String) -> Bool {
    [
      "google.protobuf.Timestamp", "google.protobuf.Duration", "google.protobuf.FieldMask",
      "google.protobuf.Struct", "google.protobuf.Value", "google.protobuf.ListValue",
      "google.protobuf.DoubleValue", "google.protobuf.FloatValue", "google.protobuf.Int64Value",
      "google.protobuf.UInt64Value", "google.protobuf.Int32Value", "google.protobuf.UInt32Value",
      "google.protobuf.BoolValue", "google.protobuf.StringValue", "google.protobuf.BytesValue",
      "google.protobuf.Any",
    ].contains(fullName)
  }
}
