/// Renders input text for error messages so that printing it cannot move a terminal's cursor or reorder
/// its text: control, format (bidi, zero-width), separator, private-use and unassigned scalars become
/// `\uXXXX` escapes (uppercase hex, a pair of escapes above U+FFFF).
enum JSONInertText {
  /// `'x'`, or `"'"` for a single quote, with every scalar of `text` made inert.
  static func quoted(_ text: String) -> String {
    if text == "'" { return "\"'\"" }
    return "'\(inert(text))'"
  }

  static func inert(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      if needsEscape(scalar) {
        out += escaped(scalar)
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// `\uD800`-style escape of one code unit value.
  static func escape(codeUnit: UInt32) -> String {
    let hex = String(codeUnit, radix: 16, uppercase: true)
    return "\\u" + hex.leftPadded(to: 4)
  }

  /// `0xFF`.
  static func hexByte(_ byte: UInt8) -> String {
    let hex = String(byte, radix: 16, uppercase: true)
    return "0x" + (hex.count < 2 ? "0" : "") + hex
  }

  static func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  static func isWordByte(_ byte: UInt8) -> Bool {
    isDigit(byte) || byte == UInt8(ascii: "_")
      || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
  }

  private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .control, .format, .lineSeparator, .paragraphSeparator, .privateUse, .surrogate,
      .unassigned:
      return true
    default:
      return false
    }
  }

  private static func escaped(_ scalar: Unicode.Scalar) -> String {
    guard scalar.value > 0xFFFF else { return escape(codeUnit: scalar.value) }
    let value = scalar.value - 0x10000
    return escape(codeUnit: 0xD800 + (value >> 10)) + escape(codeUnit: 0xDC00 + (value & 0x3FF))
  }
}
