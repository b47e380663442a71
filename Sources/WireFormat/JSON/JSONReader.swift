/// A cursor over UTF-8 bytes: whitespace, positions and error messages. The value grammar is in
/// JSONReader+Values.swift, strings in JSONReader+Strings.swift, numbers and literals in
/// JSONReader+Scalars.swift.
struct JSONReader {
  let bytes: UnsafeBufferPointer<UInt8>
  /// The next byte to read.
  var index: Int
  /// The line of `index`; lines only end in whitespace (a raw line break inside a string is an error).
  private var line = 1
  /// Where the current line starts.
  private var lineStart: Int
  /// Columns are counted lazily from the last position asked for, so that asking in source order costs
  /// time linear in the input however long its lines are.
  private var columnMarkOffset: Int
  private var columnMarkColumn = 1

  init(_ bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
    let hasByteOrderMark =
      bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    index = hasByteOrderMark ? 3 : 0
    lineStart = index
    columnMarkOffset = index
  }

  var isAtEnd: Bool { index >= bytes.count }

  /// The byte at `index`, or nil at the end of the input.
  var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

  /// Skips JSON whitespace: space, tab, line feed, carriage return.
  mutating func skipWhitespace() {
    while index < bytes.count {
      switch bytes[index] {
      case UInt8(ascii: " "), UInt8(ascii: "\t"):
        index += 1
      case UInt8(ascii: "\n"):
        index += 1
        startLine()
      case UInt8(ascii: "\r"):
        index += 1
        if index < bytes.count && bytes[index] == UInt8(ascii: "\n") { index += 1 }
        startLine()
      default:
        return
      }
    }
  }

  private mutating func startLine() {
    line += 1
    lineStart = index
    columnMarkOffset = index
    columnMarkColumn = 1
  }

  /// The position of `offset`, which must be on the current line.
  mutating func position(at offset: Int) -> JSONPosition {
    if offset < columnMarkOffset {
      columnMarkOffset = lineStart
      columnMarkColumn = 1
    }
    var column = columnMarkColumn
    var i = columnMarkOffset
    while i < offset {
      // Every byte that is not a continuation byte starts a scalar.
      if bytes[i] & 0xC0 != 0x80 { column += 1 }
      i += 1
    }
    columnMarkOffset = offset
    columnMarkColumn = column
    return JSONPosition(line: line, column: column, offset: offset)
  }

  var position: JSONPosition {
    mutating get { position(at: index) }
  }

  // MARK: - Errors

  mutating func error(_ message: String, at offset: Int) -> JSONSyntaxError {
    JSONSyntaxError(message: message, position: position(at: offset))
  }

  /// "expected <expected><context>, got 'x'" at `index`, or "unexpected end of input, expected <expected>"
  /// just after the last byte; invalid UTF-8 at `index` is reported as such.
  mutating func unexpected(expected: String, context: String = "") -> JSONSyntaxError {
    guard index < bytes.count else {
      return error("unexpected end of input, expected \(expected)", at: bytes.count)
    }
    if let invalid = invalidUTF8(at: index) { return invalid }
    return error("expected \(expected)\(context), got \(found(at: index))", at: index)
  }

  /// "unexpected 'x' after the JSON value" at `index`.
  mutating func trailingContentError() -> JSONSyntaxError {
    if let invalid = invalidUTF8(at: index) { return invalid }
    return error("unexpected \(found(at: index)) after the JSON value", at: index)
  }

  /// An error for the UTF-8 sequence at `offset` if it is invalid.
  mutating func invalidUTF8(at offset: Int) -> JSONSyntaxError? {
    if scalarLength(at: offset) != nil { return nil }
    let byte = bytes[offset]
    let isLeadByte = byte >= 0xC2 && byte <= 0xF4
    let message =
      isLeadByte
      ? "invalid UTF-8: byte \(JSONInertText.hexByte(byte)) is not followed by a valid sequence"
      : "invalid UTF-8: unexpected byte \(JSONInertText.hexByte(byte))"
    return error(message, at: offset)
  }

  /// What is at `offset` (valid UTF-8), quoted and inert: a word of ASCII letters and digits as a whole
  /// (`'NaN'`, `'tru'`), else one scalar (`'x'`, `'\u0000'`, `"'"`).
  func found(at offset: Int) -> String {
    if JSONInertText.isWordByte(bytes[offset]) && !JSONInertText.isDigit(bytes[offset]) {
      var end = offset
      while end < bytes.count && end - offset < 24 && JSONInertText.isWordByte(bytes[end]) {
        end += 1
      }
      let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<end]), as: UTF8.self)
      let more = end < bytes.count && JSONInertText.isWordByte(bytes[end])
      return "'\(word)\(more ? "…" : "")'"
    }
    let length = scalarLength(at: offset) ?? 1
    let text = String(
      decoding: UnsafeBufferPointer(rebasing: bytes[offset..<offset + length]), as: UTF8.self)
    return JSONInertText.quoted(text)
  }

  // MARK: - UTF-8

  /// The length of the valid UTF-8 sequence starting at `offset`, or nil if it is invalid or cut short
  /// (overlong forms, encoded surrogates and scalars above U+10FFFF are invalid).
  func scalarLength(at offset: Int) -> Int? {
    let lead = bytes[offset]
    if lead < 0x80 { return 1 }
    let length: Int
    var secondRange: ClosedRange<UInt8> = 0x80...0xBF
    switch lead {
    case 0xC2...0xDF: length = 2
    case 0xE0:
      length = 3
      secondRange = 0xA0...0xBF
    case 0xED:
      length = 3
      secondRange = 0x80...0x9F
    case 0xE1...0xEF: length = 3
    case 0xF0:
      length = 4
      secondRange = 0x90...0xBF
    case 0xF4:
      length = 4
      secondRange = 0x80...0x8F
    case 0xF1...0xF3: length = 4
    default: return nil
    }
    guard offset + length <= bytes.count, secondRange.contains(bytes[offset + 1]) else {
      return nil
    }
    for i in offset + 2..<offset + length where bytes[i] & 0xC0 != 0x80 { return nil }
    return length
  }
}
