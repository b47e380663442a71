/// A strict RFC 8259 JSON parser that keeps the source position of every value.
///
/// Pure Swift with no dependencies, deliberately not Foundation's `JSONSerialization` or `JSONDecoder`:
/// those turn numbers into `Double` (losing 64-bit integers above 2^53 and exact decimals) and report no
/// line and column. Here numbers stay as written, every value and object key carries a `JSONPosition`, and
/// errors say `line 3, column 14: expected ',' or '}' after an object member, got 'x'`.
///
/// Strict means: no comments, no trailing commas, no single quotes, no `NaN`/`Infinity`, no leading zeros,
/// `+` signs, `.5` or `1.`; no unescaped control characters or lone surrogate escapes in strings; no invalid
/// UTF-8. A UTF-8 byte order mark at the very start is skipped. Nesting deeper than 512 arrays and objects is
/// an error. The parser works on UTF-8 bytes without recursion, in time linear in the input.
public enum JSONParser {
  /// The deepest nesting of arrays and objects accepted.
  public static let maximumDepth = 512

  /// Exactly one value, optional whitespace around it; anything after it is an error
  /// ("unexpected 'x' after the JSON value").
  public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONNode {
    var text = text
    return try text.withUTF8 { bytes in Result { () throws(JSONSyntaxError) in try parseOne(bytes) }
    }
    .get()
  }

  /// Exactly one value from UTF-8 bytes (which are validated), optional whitespace around it.
  public static func parse(_ bytes: some Collection<UInt8>) throws(JSONSyntaxError) -> JSONNode {
    try withBuffer(bytes, parseOne).get()
  }

  /// Zero or more values back to back, whitespace optional between them (`{"a":1}{"a":2}` and
  /// `{"a":1}\n{"a":2}` are two values): how `greeter-tui call -d` reads a stream of requests.
  public static func parseSequence(_ text: String) throws(JSONSyntaxError) -> [JSONNode] {
    var text = text
    return try text.withUTF8 { bytes in
      Result { () throws(JSONSyntaxError) in try parseMany(bytes) }
    }
    .get()
  }

  /// Zero or more values back to back from UTF-8 bytes (which are validated).
  public static func parseSequence(
    _ bytes: some Collection<UInt8>
  ) throws(JSONSyntaxError) -> [JSONNode] {
    try withBuffer(bytes, parseMany).get()
  }

  private static func parseOne(
    _ bytes: UnsafeBufferPointer<UInt8>
  ) throws(JSONSyntaxError) -> JSONNode {
    var reader = JSONReader(bytes)
    let value = try reader.readValue()
    reader.skipWhitespace()
    if !reader.isAtEnd { throw reader.trailingContentError() }
    return value
  }

  private static func parseMany(
    _ bytes: UnsafeBufferPointer<UInt8>
  ) throws(JSONSyntaxError) -> [JSONNode] {
    var reader = JSONReader(bytes)
    var values: [JSONNode] = []
    while true {
      reader.skipWhitespace()
      if reader.isAtEnd { return values }
      values.append(try reader.readValue())
    }
  }

  /// Runs `body` on contiguous bytes, copying them only when the collection has no contiguous storage.
  private static func withBuffer<R>(
    _ bytes: some Collection<UInt8>,
    _ body: (UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> R
  ) -> Result<R, JSONSyntaxError> {
    let run = { (buffer: UnsafeBufferPointer<UInt8>) in
      Result { () throws(JSONSyntaxError) in try body(buffer) }
    }
    if let result = bytes.withContiguousStorageIfAvailable(run) { return result }
    return Array(bytes).withUnsafeBufferPointer(run)
  }
}
