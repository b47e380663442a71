// String literals: escapes, surrogate pairs, control characters and UTF-8 validation.

extension JSONReader {
  /// Reads a string literal starting at the `"` at `index`; `index` ends just after the closing quote.
  mutating func readString() throws(JSONSyntaxError) -> String {
    let start = index
    index += 1
    var runStart = index
    // Only strings with escapes are copied into a buffer; the others are decoded in place.
    var decoded: [UInt8]? = nil
    while true {
      guard index < bytes.count else {
        throw error("unterminated string: expected a closing '\"', got the end of input", at: start)
      }
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        let run = UnsafeBufferPointer(rebasing: bytes[runStart..<index])
        index += 1
        guard var decoded else { return String(decoding: run, as: UTF8.self) }
        decoded.append(contentsOf: run)
        return String(decoding: decoded, as: UTF8.self)
      } else if byte == UInt8(ascii: "\\") {
        if decoded == nil { decoded = [] }
        decoded!.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
        try readEscape(into: &decoded!, stringStart: start)
        runStart = index
      } else if byte < 0x20 {
        let escape = JSONWriter.quoted(String(UnicodeScalar(byte))).dropFirst().dropLast()
        throw error(
          "unescaped control character '\(JSONInertText.escape(codeUnit: UInt32(byte)))' in a string, "
            + "expected the escape \(escape)",
          at: index)
      } else if byte < 0x80 {
        index += 1
      } else {
        guard let length = scalarLength(at: index) else { throw invalidUTF8(at: index)! }
        index += length
      }
    }
  }

  /// Reads the escape sequence at `index` (a backslash) and appends what it stands for as UTF-8.
  private mutating func readEscape(
    into decoded: inout [UInt8],
    stringStart: Int
  ) throws(JSONSyntaxError) {
    let start = index
    guard start + 1 < bytes.count else {
      throw error(
        "unterminated string: expected a closing '\"', got the end of input", at: stringStart)
    }
    let simple: UInt8
    switch bytes[start + 1] {
    case UInt8(ascii: "\""): simple = UInt8(ascii: "\"")
    case UInt8(ascii: "\\"): simple = UInt8(ascii: "\\")
    case UInt8(ascii: "/"): simple = UInt8(ascii: "/")
    case UInt8(ascii: "b"): simple = 0x08
    case UInt8(ascii: "f"): simple = 0x0C
    case UInt8(ascii: "n"): simple = 0x0A
    case UInt8(ascii: "r"): simple = 0x0D
    case UInt8(ascii: "t"): simple = 0x09
    case UInt8(ascii: "u"):
      try readUnicodeEscape(into: &decoded, stringStart: stringStart)
      return
    default:
      if let invalid = invalidUTF8(at: start + 1) { throw invalid }
      let escape = "\\" + JSONInertText.inert(characterText(at: start + 1))
      throw error(
        "invalid escape '\(escape)' in a string, expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX",
        at: start)
    }
    decoded.append(simple)
    index += 2
  }

  /// Reads `\uXXXX`, or a surrogate pair `\uD83D\uDE00`, at `index`.
  private mutating func readUnicodeEscape(
    into decoded: inout [UInt8],
    stringStart: Int
  ) throws(JSONSyntaxError) {
    let start = index
    let first = try hexQuad(at: start + 2, escapeStart: start, stringStart: stringStart)
    var scalarValue = first
    var length = 6
    switch first {
    case 0xD800...0xDBFF:
      let next = start + 6
      let hasLowEscape =
        next + 1 < bytes.count && bytes[next] == UInt8(ascii: "\\")
        && bytes[next + 1] == UInt8(ascii: "u")
      guard hasLowEscape,
        let second = hexQuadIfValid(at: next + 2), (0xDC00...0xDFFF).contains(second)
      else {
        throw error("lone surrogate \(JSONInertText.escape(codeUnit: first))", at: start)
      }
      scalarValue = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
      length = 12
    case 0xDC00...0xDFFF:
      throw error("lone surrogate \(JSONInertText.escape(codeUnit: first))", at: start)
    default:
      break
    }
    decoded.append(contentsOf: String(UnicodeScalar(scalarValue)!).utf8)
    index += length
  }

  /// The four hex digits at `offset` of a `\u` escape starting at `escapeStart`.
  private mutating func hexQuad(
    at offset: Int,
    escapeStart: Int,
    stringStart: Int
  ) throws(JSONSyntaxError) -> UInt32 {
    var value: UInt32 = 0
    for i in offset..<offset + 4 {
      guard i < bytes.count else {
        throw error(
          "unterminated string: expected a closing '\"', got the end of input", at: stringStart)
      }
      guard let digit = Self.hexValue(bytes[i]) else {
        if let invalid = invalidUTF8(at: i) { throw invalid }
        let written = String(
          decoding: UnsafeBufferPointer(rebasing: bytes[escapeStart..<i]), as: UTF8.self)
        throw error(
          "invalid escape '\(written)\(JSONInertText.inert(characterText(at: i)))' in a string, "
            + "expected 4 hex digits after \\u",
          at: escapeStart)
      }
      value = value << 4 | digit
    }
    return value
  }

  private func hexQuadIfValid(at offset: Int) -> UInt32? {
    guard offset + 4 <= bytes.count else { return nil }
    var value: UInt32 = 0
    for i in offset..<offset + 4 {
      guard let digit = Self.hexValue(bytes[i]) else { return nil }
      value = value << 4 | digit
    }
    return value
  }

  private static func hexValue(_ byte: UInt8) -> UInt32? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
    default: return nil
    }
  }

  /// The scalar at `offset` (valid UTF-8) as text.
  private func characterText(at offset: Int) -> String {
    let length = scalarLength(at: offset) ?? 1
    return String(
      decoding: UnsafeBufferPointer(rebasing: bytes[offset..<offset + length]), as: UTF8.self)
  }
}
