/// A JSON document built in order and written with every character that could act on a terminal
/// escaped (C0, DEL, C1, bidi controls, U+2028/9), so `--json` output is safe to print as is.
///
/// Written here rather than with Foundation's JSONEncoder because that leaves C1 and bidi
/// controls raw and does not embed an already-encoded document (swift-protobuf's proto3 JSON).
indirect enum JSONValue {
  case null
  case bool(Bool)
  case int(Int)
  case string(String)
  case array([JSONValue])
  case object([(String, JSONValue)])
  /// JSON text that is already valid (it is re-escaped where needed, not re-parsed).
  case raw(String)

  func rendered(indent: String = "  ") -> String {
    var out = ""
    write(to: &out, indent: indent, level: 0)
    return out
  }

  private func write(to out: inout String, indent: String, level: Int) {
    let pad = String(repeating: indent, count: level + 1)
    let closePad = String(repeating: indent, count: level)
    switch self {
    case .null: out += "null"
    case .bool(let value): out += value ? "true" : "false"
    case .int(let value): out += String(value)
    case .string(let text): Self.writeString(text, to: &out)
    case .raw(let text): Self.writeRaw(text, to: &out)
    case .array(let items):
      if items.isEmpty {
        out += "[]"
        return
      }
      // Arrays of scalars stay on one line (flags, names); others get a line per item.
      if items.allSatisfy(\.isScalar) {
        out += "["
        for (index, item) in items.enumerated() {
          if index > 0 { out += ", " }
          item.write(to: &out, indent: indent, level: level + 1)
        }
        out += "]"
        return
      }
      out += "[\n"
      for (index, item) in items.enumerated() {
        out += pad
        item.write(to: &out, indent: indent, level: level + 1)
        out += index == items.count - 1 ? "\n" : ",\n"
      }
      out += closePad + "]"
    case .object(let members):
      if members.isEmpty {
        out += "{}"
        return
      }
      out += "{\n"
      for (index, (key, value)) in members.enumerated() {
        out += pad
        Self.writeString(key, to: &out)
        out += ": "
        value.write(to: &out, indent: indent, level: level + 1)
        out += index == members.count - 1 ? "\n" : ",\n"
      }
      out += closePad + "}"
    }
  }

  private var isScalar: Bool {
    switch self {
    case .array, .object, .raw: false
    default: true
    }
  }

  private static func writeString(_ text: String, to out: inout String) {
    out += "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if needsEscape(scalar) {
          out += "\\u" + String(scalar.value, radix: 16).leftPadded(to: 4)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out += "\""
  }

  /// Valid JSON from elsewhere: only the characters JSON allows raw but a terminal would act on
  /// are escaped (inside strings they are legal raw; escaped they mean the same).
  private static func writeRaw(_ text: String, to out: inout String) {
    for scalar in text.unicodeScalars {
      if scalar.value >= 0x7F && needsEscape(scalar) {
        out += "\\u" + String(scalar.value, radix: 16).leftPadded(to: 4)
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
  }

  private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069,
      0x2028, 0x2029:
      true
    default: false
    }
  }
}

extension String {
  fileprivate func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: "0", count: width - count) + self
  }
}

extension JSONValue {
  /// The proto3 JSON of a Greeter request (`HelloRequest`) for `name`, as `call` and the
  /// explorer send it.
  static func helloRequest(name: String) -> String {
    "{\"name\": \(JSONValue.string(name).rendered())}"
  }
}
