import Testing

@testable import WireFormat

@Suite struct JSONParserTests {
  static let documents: [String] = [
    "null", "true", "false", "0", "-0", "42", "\"\"", "\"hello\"", "[]", "{}", "[[]]", "[{}]",
    #"{"a":1,"b":[true,null],"c":{"d":"e"}}"#,
    #"[1, -2.5, 3e10, 4E-2, 5.0e+3, "six", false, null, [], {}]"#,
    #"{"nested":{"deeper":{"deepest":[[[1]]]}}}"#,
    #"{"dup":1,"dup":2}"#,
    #"{"":""}"#,
    #"["\u00e9\ud83d\ude00 \"\\\/\b\f\n\r\t", "日本語", "ünï ✓ 😀"]"#,
    " \t\r\n {\r\n \"spaced\" : [ 1 , 2 ] \n} \n ",
    #"{"id":"9007199254740993","n":9007199254740993,"big":123456789012345678901234567890}"#,
  ]

  @Test(arguments: documents)
  func roundTripsThroughCompactAndPretty(document: String) throws {
    let node = try JSONParser.parse(document)
    let compact = JSONWriter.compact(node)
    let pretty = JSONWriter.pretty(node)
    #expect(jsonSameValue(try JSONParser.parse(compact), node))
    #expect(jsonSameValue(try JSONParser.parse(pretty), node))
    #expect(jsonSameValue(try JSONParser.parse(JSONWriter.pretty(node, indent: 0)), node))
    #expect(jsonSameValue(try JSONParser.parse(Array(pretty.utf8)), node))
    #expect(JSONWriter.compact(try JSONParser.parse(compact)) == compact)
  }

  @Test(arguments: [
    "9007199254740993", "-9223372036854775808", "18446744073709551615", "-0", "1.000", "0.1",
    "1e5", "1E+5", "1.5e-3", "-0.0e-0", "123456789012345678901234567890.000000000000000000001",
  ])
  func keepsNumberLiteralsExactly(literal: String) throws {
    let node = try JSONParser.parse("[\(literal)]")
    guard case .array(let items) = node.kind, case .number(let text) = items.first?.kind else {
      Issue.record("not an array of a number: \(node)")
      return
    }
    #expect(text == literal)
    #expect(JSONWriter.compact(node) == "[\(literal)]")
  }

  @Test(arguments: [
    (#""\"""#, "\""), (#""\\""#, "\\"), (#""\/""#, "/"), (#""\b\f\n\r\t""#, "\u{8}\u{C}\n\r\t"),
    (#""\u0041\u00e9\u00E9""#, "Aéé"), (#""\u0000""#, "\u{0}"), (#""\u2028""#, "\u{2028}"),
    (#""\ud83d\ude00""#, "😀"), (#""\uD834\uDD1E""#, "𝄞"), (#""\uDBFF\uDFFF""#, "\u{10FFFF}"),
    (#""a\u0062c\nd""#, "abc\nd"), ("\"raw é 😀 \u{7F}\"", "raw é 😀 \u{7F}"),
  ])
  func decodesEscapesAndSurrogates(literal: String, expected: String) throws {
    let node = try JSONParser.parse(literal)
    guard case .string(let text) = node.kind else {
      Issue.record("not a string: \(node)")
      return
    }
    #expect(text == expected)
    #expect(Array(text.unicodeScalars) == Array(expected.unicodeScalars))
  }

  @Test func recordsPositionsOfValuesAndKeys() throws {
    let text = "{\n  \"é😀\": [10, \"x\"],\n\t\"b\" :\r\n  null\n}"
    let node = try JSONParser.parse(text)
    #expect(node.position == JSONPosition(line: 1, column: 1, offset: 0))
    guard case .object(let members) = node.kind, members.count == 2,
      case .array(let items) = members[0].value.kind
    else {
      Issue.record("unexpected shape")
      return
    }
    #expect(members[0].keyPosition == JSONPosition(line: 2, column: 3, offset: 4))
    #expect(members[0].value.position == JSONPosition(line: 2, column: 9, offset: 14))
    #expect(items[0].position == JSONPosition(line: 2, column: 10, offset: 15))
    // "é😀" is 6 bytes but 2 columns.
    #expect(items[1].position == JSONPosition(line: 2, column: 14, offset: 19))
    // A tab is one column; \r\n is one line break.
    #expect(members[1].keyPosition == JSONPosition(line: 3, column: 2, offset: 26))
    #expect(members[1].value.position == JSONPosition(line: 4, column: 3, offset: 35))
    #expect(members[1].value.position.description == "line 4, column 3")
  }

  @Test func skipsByteOrderMarkAtTheStartOnly() throws {
    let node = try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("[1]".utf8))
    #expect(node.position == JSONPosition(line: 1, column: 1, offset: 3))
    #expect(jsonSameValue(try JSONParser.parse("\u{FEFF}[1]"), node))
    let error = jsonParseError(" \u{FEFF}[1]")
    #expect(error?.description == "line 1, column 2: expected a JSON value, got '\\uFEFF'")
  }

  @Test func countsLoneCarriageReturnAsLineBreak() {
    #expect(
      jsonParseError("[1,\r2,\r\r x]")?.position == JSONPosition(line: 4, column: 2, offset: 9))
  }

  @Test func acceptsExactly512LevelsOfNesting() throws {
    let arrays = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
    #expect(throws: Never.self) { try JSONParser.parse(arrays) }
    let objects =
      String(repeating: "{\"a\":", count: 511) + "{}" + String(repeating: "}", count: 511)
    #expect(throws: Never.self) { try JSONParser.parse(objects) }
  }

  @Test func rejectsNesting513LevelsDeep() {
    let expected = JSONSyntaxError(
      message: "nesting deeper than 512 levels",
      position: JSONPosition(line: 1, column: 513, offset: 512))
    let arrays = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
    #expect(jsonParseError(arrays) == expected)
    // Hostile input: a million brackets, unclosed.
    #expect(jsonParseError(String(repeating: "[", count: 1_000_000)) == expected)
    let objects = String(repeating: "{\"a\":", count: 600)
    #expect(
      jsonParseError(objects)?.description
        == "line 1, column \(512 * 5 + 1): nesting deeper than 512 levels")
  }

  @Test func parsesLargeInputs() throws {
    // About 10 MB over many lines, and one 10 MB line of strings.
    let record = #"{"id":"9007199254740993","name":"dé😀mo","values":[1.5,-2,true,null],"n":{}}"#
    let many = "[" + Array(repeating: record, count: 125_000).joined(separator: ",\n") + "]"
    guard case .array(let items) = try JSONParser.parse(many).kind else {
      Issue.record("not an array")
      return
    }
    #expect(items.count == 125_000)
    #expect(items.last?.position.line == 125_000)

    let long = String(repeating: "é", count: 5_000_000)
    let line = "[\"\(long)\", \"\(long)\"x]"
    #expect(
      jsonParseError(line)?.description
        == "line 1, column 10000008: expected ',' or ']' after an array element, got 'x'")
  }

  @Test func parsesCollectionsWithoutContiguousStorage() throws {
    let bytes = Array(#"{"a":[1,"b"]}"#.utf8)
    let node = try JSONParser.parse(bytes.lazy.map { $0 })
    #expect(JSONWriter.compact(node) == #"{"a":[1,"b"]}"#)
    #expect(try JSONParser.parse(bytes[...]).position.offset == 0)
  }
}
