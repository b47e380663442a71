// Numbers and the literals true, false and null.

extension JSONReader {
  /// Reads a number at `index` (a `-` or a digit) against RFC 8259's grammar,
  /// `-? (0 | [1-9][0-9]*) (\.[0-9]+)? ([eE][+-]?[0-9]+)?`, and returns it exactly as written.
  mutating func readNumber() throws(JSONSyntaxError) -> String {
    let start = index
    if bytes[index] == UInt8(ascii: "-") {
      index += 1
      guard isDigitAtIndex else { throw unexpected(expected: "a digit", context: " after '-'") }
    }
    if bytes[index] == UInt8(ascii: "0") {
      index += 1
      if isDigitAtIndex {
        throw unexpected(
          expected: "'.', 'e' or the end of the number", context: " after a leading '0'")
      }
    } else {
      skipDigits()
    }
    if peek == UInt8(ascii: ".") {
      index += 1
      guard isDigitAtIndex else {
        throw unexpected(expected: "a digit", context: " after '.' in a number")
      }
      skipDigits()
    }
    if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
      index += 1
      if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
      guard isDigitAtIndex else {
        throw unexpected(expected: "a digit", context: " in the exponent of a number")
      }
      skipDigits()
    }
    return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
  }

  /// Reads `true`, `false` or `null` at `index`, or returns nil (reading nothing).
  mutating func readLiteral() -> JSONNode.Kind? {
    switch bytes[index] {
    case UInt8(ascii: "t"): return readWord("true") ? .bool(true) : nil
    case UInt8(ascii: "f"): return readWord("false") ? .bool(false) : nil
    case UInt8(ascii: "n"): return readWord("null") ? .null : nil
    default: return nil
    }
  }

  /// Reads `word` if the input continues with it.
  private mutating func readWord(_ word: StaticString) -> Bool {
    let length = word.utf8CodeUnitCount
    guard index + length <= bytes.count else { return false }
    let expected = UnsafeBufferPointer(start: word.utf8Start, count: length)
    guard expected.elementsEqual(UnsafeBufferPointer(rebasing: bytes[index..<index + length]))
    else {
      return false
    }
    index += length
    return true
  }

  private var isDigitAtIndex: Bool {
    index < bytes.count && JSONInertText.isDigit(bytes[index])
  }

  private mutating func skipDigits() {
    while index < bytes.count && JSONInertText.isDigit(bytes[index]) { index += 1 }
  }
}
