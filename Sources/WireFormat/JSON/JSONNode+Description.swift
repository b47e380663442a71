// Short texts about a value for error messages such as `expected a number, got "abc"`.
extension JSONNode {
  /// "an object", "a string", "a number", "true", "false", "null", "an array".
  public var kindDescription: String {
    switch kind {
    case .null: return "null"
    case .bool(let value): return value ? "true" : "false"
    case .number: return "a number"
    case .string: return "a string"
    case .array: return "an array"
    case .object: return "an object"
    }
  }

  /// A short rendering of the value: strings quoted (escaped as by `JSONWriter.quoted`) and cut to 40
  /// characters with …, numbers as written, objects as `{…}`, arrays as `[…]` (`{}` and `[]` when empty).
  public var snippet: String {
    switch kind {
    case .null: return "null"
    case .bool(let value): return value ? "true" : "false"
    case .number(let literal): return literal
    case .string(let text):
      let limit = 40
      guard text.count > limit else { return JSONWriter.quoted(text) }
      let quoted = JSONWriter.quoted(String(text.prefix(limit)))
      return String(quoted.dropLast()) + "…\""
    case .array(let items): return items.isEmpty ? "[]" : "[…]"
    case .object(let members): return members.isEmpty ? "{}" : "{…}"
    }
  }
}
