/// Writes `JSONNode`s as JSON text. Numbers are written exactly as their literals; positions are ignored.
public enum JSONWriter {
  /// Compact: `{"a":1,"b":[true,null]}`.
  public static func compact(_ node: JSONNode) -> String {
    var output = JSONOutput()
    output.write(node, layout: nil, level: 0)
    return output.text
  }

  /// Indented by `indent` spaces per level, one member per line, `"key": value`, empty object `{}` and
  /// empty array `[]` on one line — the layout of Python's json.dumps(indent=2) and of protobuf's
  /// json_format.MessageToJson (so outputs can be compared as text). No newline at the end.
  public static func pretty(_ node: JSONNode, indent: Int = 2) -> String {
    var output = JSONOutput()
    output.write(node, layout: max(0, indent), level: 0)
    return output.text
  }

  /// A JSON string literal: `"` and `\` escaped, \b \f \n \r \t as such, other U+0000–U+001F (and
  /// U+007F–U+009F, U+2028, U+2029 and the bidi controls U+061C, U+200E–U+200F, U+202A–U+202E,
  /// U+2066–U+2069) as \uXXXX lowercase hex; everything else as UTF-8 (not \u-escaped), so output is
  /// safe on a terminal and loses nothing.
  public static func quoted(_ text: String) -> String {
    var output = JSONOutput()
    output.writeQuoted(text)
    return output.text
  }
}

/// UTF-8 output under construction.
private struct JSONOutput {
  var bytes: [UInt8] = []

  var text: String { String(decoding: bytes, as: UTF8.self) }

  /// Writes `node`; `layout` is the indent per level for pretty output, nil for compact. Recursion is as
  /// deep as the tree (the parser accepts at most 512 levels).
  mutating func write(_ node: JSONNode, layout: Int?, level: Int) {
    switch node.kind {
    case .null: append("null")
    case .bool(let value): append(value ? "true" : "false")
    case .number(let literal): append(literal)
    case .string(let text): writeQuoted(text)
    case .array(let items):
      guard !items.isEmpty else { return append("[]") }
      bytes.append(UInt8(ascii: "["))
      for (i, item) in items.enumerated() {
        if i > 0 { bytes.append(UInt8(ascii: ",")) }
        newLine(layout, level: level + 1)
        write(item, layout: layout, level: level + 1)
      }
      newLine(layout, level: level)
      bytes.append(UInt8(ascii: "]"))
    case .object(let members):
      guard !members.isEmpty else { return append("{}") }
      bytes.append(UInt8(ascii: "{"))
      for (i, member) in members.enumerated() {
        if i > 0 { bytes.append(UInt8(ascii: ",")) }
        newLine(layout, level: level + 1)
        writeQuoted(member.key)
        append(layout == nil ? ":" : ": ")
        write(member.value, layout: layout, level: level + 1)
      }
      newLine(layout, level: level)
      bytes.append(UInt8(ascii: "}"))
    }
  }

  private mutating func newLine(_ layout: Int?, level: Int) {
    guard let layout else { return }
    bytes.append(UInt8(ascii: "\n"))
    bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: layout * level))
  }

  private mutating func append(_ text: String) {
    bytes.append(contentsOf: text.utf8)
  }

  mutating func writeQuoted(_ text: String) {
    bytes.append(UInt8(ascii: "\""))
    var text = text
    text.withUTF8 { utf8 in
      var i = 0
      var runStart = 0
      while i < utf8.count {
        let byte = utf8[i]
        // How many input bytes the escape replaces, and the code point it is for.
        var length = 1
        var escaped: UInt32? = nil
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), 0x00..<0x20, 0x7F:
          escaped = UInt32(byte)
        case 0xC2 where i + 1 < utf8.count && (0x80...0x9F).contains(utf8[i + 1]):
          // U+0080–U+009F
          escaped = UInt32(utf8[i + 1])
          length = 2
        case 0xE2
        where i + 2 < utf8.count && utf8[i + 1] == 0x80
          && ((utf8[i + 2] | 1) == 0xA9 || (0xAA...0xAE).contains(utf8[i + 2])
            || (utf8[i + 2] | 1) == 0x8F):
          // U+2028, U+2029; bidi U+202A–U+202E, U+200E, U+200F
          escaped = 0x2000 + UInt32(utf8[i + 2]) - 0x80
          length = 3
        case 0xE2
        where i + 2 < utf8.count && utf8[i + 1] == 0x81 && (0xA6...0xA9).contains(utf8[i + 2]):
          // bidi U+2066–U+2069
          escaped = 0x2040 + UInt32(utf8[i + 2]) - 0x80
          length = 3
        case 0xD8 where i + 1 < utf8.count && utf8[i + 1] == 0x9C:
          // bidi U+061C
          escaped = 0x061C
          length = 2
        default:
          break
        }
        guard let escaped else {
          i += 1
          continue
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i]))
        appendEscape(escaped)
        i += length
        runStart = i
      }
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
    }
    bytes.append(UInt8(ascii: "\""))
  }

  private mutating func appendEscape(_ codePoint: UInt32) {
    switch codePoint {
    case 0x22: append("\\\"")
    case 0x5C: append("\\\\")
    case 0x08: append("\\b")
    case 0x0C: append("\\f")
    case 0x0A: append("\\n")
    case 0x0D: append("\\r")
    case 0x09: append("\\t")
    default:
      let hex = String(codePoint, radix: 16)
      append("\\u" + hex.leftPadded(to: 4))
    }
  }
}
