import Testing

@testable import WireFormat

@Suite struct JSONSequenceTests {
  @Test(arguments: [
    ("", [String]()),
    (" \n\t\r\n ", []),
    ("{\"a\":1}", [#"{"a":1}"#]),
    ("  [1, 2]  \n", ["[1,2]"]),
    (#"{"a":1}{"a":2}{"a":3}"#, [#"{"a":1}"#, #"{"a":2}"#, #"{"a":3}"#]),
    ("{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n", [#"{"a":1}"#, #"{"a":2}"#, #"{"a":3}"#]),
    (#"1 "two"[3]"#, ["1", #""two""#, "[3]"]),
    ("truefalsenull", ["true", "false", "null"]),
    ("-1-2", ["-1", "-2"]),
    ("\u{FEFF}{}[]", ["{}", "[]"]),
  ])
  func readsValuesBackToBack(input: String, expected: [String]) throws {
    let values = try JSONParser.parseSequence(input)
    #expect(values.map(JSONWriter.compact) == expected)
    #expect(try JSONParser.parseSequence(Array(input.utf8)).map(JSONWriter.compact) == expected)
  }

  @Test func keepsPositionsAcrossValues() throws {
    let values = try JSONParser.parseSequence("{\"a\":1}\n  {\"a\":2} {\"a\":3}")
    #expect(
      values.map(\.position) == [
        JSONPosition(line: 1, column: 1, offset: 0),
        JSONPosition(line: 2, column: 3, offset: 10),
        JSONPosition(line: 2, column: 11, offset: 18),
      ])
  }

  @Test(arguments: [
    ("{\"a\":1} x {\"a\":2}", "line 1, column 9: expected a JSON value, got 'x'"),
    ("{\"a\":1},{\"a\":2}", "line 1, column 8: expected a JSON value, got ','"),
    ("[1]\n]", "line 2, column 1: expected a JSON value, got ']'"),
    ("{\"a\":1}\n{\"a\":2", "line 2, column 7: unexpected end of input, expected ',' or '}'"),
    (
      "1\n2\n\"three",
      "line 3, column 1: unterminated string: expected a closing '\"', got the end of input"
    ),
    ("[] // done", "line 1, column 4: expected a JSON value, got '/'"),
  ])
  func rejectsGarbageBetweenValues(input: String, expected: String) {
    do {
      let values = try JSONParser.parseSequence(input)
      Issue.record("parsed \(values.map(JSONWriter.compact))")
    } catch {
      #expect(error.description == expected)
    }
  }
}
