@testable import WireFormat

/// Whether two nodes hold the same JSON value (positions ignored; numbers compared as written).
func jsonSameValue(_ a: JSONNode, _ b: JSONNode) -> Bool {
  switch (a.kind, b.kind) {
  case (.null, .null): return true
  case (.bool(let x), .bool(let y)): return x == y
  case (.number(let x), .number(let y)): return x == y
  case (.string(let x), .string(let y)): return x == y
  case (.array(let x), .array(let y)):
    return x.count == y.count && zip(x, y).allSatisfy { jsonSameValue($0, $1) }
  case (.object(let x), .object(let y)):
    return x.count == y.count
      && zip(x, y).allSatisfy { $0.key == $1.key && jsonSameValue($0.value, $1.value) }
  default: return false
  }
}

/// The error `JSONParser.parse` throws for `text`, or nil if it parses.
func jsonParseError(_ text: String) -> JSONSyntaxError? {
  do {
    _ = try JSONParser.parse(text)
    return nil
  } catch {
    return error
  }
}

/// The line and column of `offset` counted the slow, obvious way (lines end at \n, \r\n or \r; columns
/// count bytes that are not UTF-8 continuation bytes), to check the parser's incremental counting.
func jsonNaivePosition(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
  var line = 1
  var lineStart = 0
  if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { lineStart = 3 }
  var i = lineStart
  while i < offset {
    if bytes[i] == 0x0A || (bytes[i] == 0x0D && (i + 1 >= bytes.count || bytes[i + 1] != 0x0A)) {
      line += 1
      lineStart = i + 1
    }
    i += 1
  }
  let column = 1 + bytes[lineStart..<offset].filter { $0 & 0xC0 != 0x80 }.count
  return (line, column)
}
