extension Catalog {
  /// A request to start from, as the composer shows it: every field of `typeName` at its
  /// default, so the user sees the whole message and edits values instead of recalling names.
  /// Nested messages are filled one level deep (deeper ones are `{}`), repeated fields are `[]`,
  /// maps `{}`, an enum its first value by name, a oneof only its first member; well-known types
  /// take their JSON forms. What it gives always decodes as `typeName`. Nil for an unknown type.
  public func template(for typeName: String) -> String? {
    guard let descriptor = message(typeName) else { return nil }
    return JSONWriter.pretty(templateNode(descriptor, depth: 0))
  }

  private func templateNode(_ descriptor: MessageDescriptor, depth: Int) -> JSONNode {
    if let wellKnown = wellKnownTemplate(descriptor.fullName) { return wellKnown }
    // A oneof's later members would make the message invalid: only its first is shown.
    var oneofsShown = Set<Int>()
    var members: [(String, JSONNode)] = []
    for field in descriptor.fields {
      if let oneof = field.oneofIndex, !descriptor.oneofs[oneof].isSynthetic {
        guard oneofsShown.insert(oneof).inserted else { continue }
      }
      members.append((field.jsonName, templateValue(field, depth: depth)))
    }
    return .object(members)
  }

  private func templateValue(_ field: FieldDescriptor, depth: Int) -> JSONNode {
    if field.isMap { return .object([]) }
    if field.isRepeated { return .array([]) }
    switch field.kind {
    case .message, .group:
      guard let index = field.messageIndex else { return .object([]) }
      let nested = messageList[index]
      if let wellKnown = wellKnownTemplate(nested.fullName) { return wellKnown }
      return depth < 1 ? templateNode(nested, depth: depth + 1) : .object([])
    case .enum:
      guard let index = field.enumIndex, let first = enumList[index].values.first else {
        return .number("0")
      }
      return .string(first.name)
    case .string, .bytes: return .string("")
    case .bool: return .bool(false)
    default: return .number("0")
    }
  }

  /// The JSON form of a well-known type's default value, nil for any other type.
  private func wellKnownTemplate(_ fullName: String) -> JSONNode? {
    switch fullName {
    case "google.protobuf.Timestamp": .string("1970-01-01T00:00:00Z")
    case "google.protobuf.Duration": .string("0s")
    case "google.protobuf.FieldMask": .string("")
    case "google.protobuf.Struct", "google.protobuf.Any", "google.protobuf.Empty": .object([])
    case "google.protobuf.ListValue": .array([])
    case "google.protobuf.Value": JSONNode(.null, at: .synthetic)
    case "google.protobuf.StringValue", "google.protobuf.BytesValue": .string("")
    case "google.protobuf.BoolValue": .bool(false)
    case "google.protobuf.DoubleValue", "google.protobuf.FloatValue", "google.protobuf.Int64Value",
      "google.protobuf.UInt64Value", "google.protobuf.Int32Value", "google.protobuf.UInt32Value":
      .number("0")
    default: nil
    }
  }
}
