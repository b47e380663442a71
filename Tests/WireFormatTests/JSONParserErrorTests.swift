import Testing

@testable import WireFormat

/// An input the parser must reject, with the exact message and position.
struct JSONRejection: Sendable, CustomTestStringConvertible {
  var input: String
  var message: String
  var line: Int
  var column: Int

  init(_ input: String, _ message: String, _ line: Int, _ column: Int) {
    self.input = input
    self.message = message
    self.line = line
    self.column = column
  }

  var testDescription: String { input.debugDescription }
}

@Suite struct JSONParserErrorTests {
  static let structure: [JSONRejection] = [
    JSONRejection("", "unexpected end of input, expected a JSON value", 1, 1),
    JSONRejection(" \n ", "unexpected end of input, expected a JSON value", 2, 2),
    JSONRejection("{", "unexpected end of input, expected a string key or '}'", 1, 2),
    JSONRejection("{\"a\":1", "unexpected end of input, expected ',' or '}'", 1, 7),
    JSONRejection("[1,\n2", "unexpected end of input, expected ',' or ']'", 2, 2),
    JSONRejection("{\"a\"", "unexpected end of input, expected ':'", 1, 5),
    JSONRejection("{\"a\":", "unexpected end of input, expected a value", 1, 6),
    JSONRejection("[1,", "unexpected end of input, expected a value", 1, 4),
    JSONRejection(
      "{\n  \"name\": \"Ada\",\n  \"ages\": 36 x\n}",
      "expected ',' or '}' after an object member, got 'x'", 3, 14),
    JSONRejection("[1 2]", "expected ',' or ']' after an array element, got '2'", 1, 4),
    JSONRejection("{\"a\" 1}", "expected ':' after the object key, got '1'", 1, 6),
    JSONRejection("{a:1}", "expected a string key or '}', got 'a'", 1, 2),
    JSONRejection("[", "unexpected end of input, expected a value or ']'", 1, 2),
    JSONRejection("[}", "expected a value or ']', got '}'", 1, 2),
    JSONRejection("{\"a\":}", "expected a value after ':', got '}'", 1, 6),
    JSONRejection(
      "{\"a\":1 \"b\":2}", "expected ',' or '}' after an object member, got '\"'", 1, 8),
    JSONRejection("[1]]", "unexpected ']' after the JSON value", 1, 4),
    JSONRejection("{} {}", "unexpected '{' after the JSON value", 1, 4),
    JSONRejection("truex", "unexpected 'x' after the JSON value", 1, 5),
    JSONRejection("1 2", "unexpected '2' after the JSON value", 1, 3),
  ]

  static let extensions: [JSONRejection] = [
    // Comments.
    JSONRejection("// note\n1", "expected a JSON value, got '/'", 1, 1),
    JSONRejection("[1 /* two */]", "expected ',' or ']' after an array element, got '/'", 1, 4),
    JSONRejection("{\"a\":1 # x\n}", "expected ',' or '}' after an object member, got '#'", 1, 8),
    // Trailing commas.
    JSONRejection("[1,]", "expected a value after ',', got ']'", 1, 4),
    JSONRejection("{\"a\":1,}", "expected a string key after ',', got '}'", 1, 8),
    JSONRejection("[,1]", "expected a value or ']', got ','", 1, 2),
    // Single quotes.
    JSONRejection("'a'", "expected a JSON value, got \"'\"", 1, 1),
    JSONRejection("{'a':1}", "expected a string key or '}', got \"'\"", 1, 2),
    // Literals.
    JSONRejection("NaN", "expected a JSON value, got 'NaN'", 1, 1),
    JSONRejection("[Infinity]", "expected a value or ']', got 'Infinity'", 1, 2),
    JSONRejection("-Infinity", "expected a digit after '-', got 'Infinity'", 1, 2),
    JSONRejection("True", "expected a JSON value, got 'True'", 1, 1),
    JSONRejection("[tru]", "expected a value or ']', got 'tru'", 1, 2),
    JSONRejection("nul", "expected a JSON value, got 'nul'", 1, 1),
    JSONRejection("undefined", "expected a JSON value, got 'undefined'", 1, 1),
    JSONRejection(
      String(repeating: "x", count: 30),
      "expected a JSON value, got '\(String(repeating: "x", count: 24))…'", 1, 1),
  ]

  static let numbers: [JSONRejection] = [
    JSONRejection(
      "01", "expected '.', 'e' or the end of the number after a leading '0', got '1'", 1, 2),
    JSONRejection(
      "[-007]", "expected '.', 'e' or the end of the number after a leading '0', got '0'", 1, 4),
    JSONRejection("+1", "expected a JSON value, got '+'", 1, 1),
    JSONRejection(".5", "expected a JSON value, got '.'", 1, 1),
    JSONRejection("1.", "unexpected end of input, expected a digit", 1, 3),
    JSONRejection("[1.]", "expected a digit after '.' in a number, got ']'", 1, 4),
    JSONRejection("1.e5", "expected a digit after '.' in a number, got 'e5'", 1, 3),
    JSONRejection("-", "unexpected end of input, expected a digit", 1, 2),
    JSONRejection("[- 1]", "expected a digit after '-', got ' '", 1, 3),
    JSONRejection("1e", "unexpected end of input, expected a digit", 1, 3),
    JSONRejection("[1e+]", "expected a digit in the exponent of a number, got ']'", 1, 5),
    JSONRejection("1E--5", "expected a digit in the exponent of a number, got '-'", 1, 4),
    JSONRejection("0x1F", "unexpected 'x1F' after the JSON value", 1, 2),
    JSONRejection("1.5.3", "unexpected '.' after the JSON value", 1, 4),
  ]

  static let strings: [JSONRejection] = [
    JSONRejection(
      "\"abc", "unterminated string: expected a closing '\"', got the end of input", 1, 1),
    JSONRejection(
      "[\n  1,\n  \"abc\\\"]", "unterminated string: expected a closing '\"', got the end of input",
      3, 3),
    JSONRejection(
      "\"abc\\", "unterminated string: expected a closing '\"', got the end of input", 1, 1),
    JSONRejection(
      "\"\\u12", "unterminated string: expected a closing '\"', got the end of input", 1, 1),
    JSONRejection(
      "\"a\nb\"", "unescaped control character '\\u000A' in a string, expected the escape \\n", 1, 3
    ),
    JSONRejection(
      "\"a\tb\"", "unescaped control character '\\u0009' in a string, expected the escape \\t", 1, 3
    ),
    JSONRejection(
      "[\"é\u{0}\"]",
      "unescaped control character '\\u0000' in a string, expected the escape \\u0000", 1, 4),
    JSONRejection(
      "\"\u{1F}\"",
      "unescaped control character '\\u001F' in a string, expected the escape \\u001f", 1, 2),
    JSONRejection(
      "\"\\x\"",
      "invalid escape '\\x' in a string, expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX",
      1, 2),
    JSONRejection(
      "\"\\'\"",
      "invalid escape '\\'' in a string, expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX",
      1, 2),
    JSONRejection(
      "\"a\\\u{1}\"",
      "invalid escape '\\\\u0001' in a string, expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX",
      1, 3),
    JSONRejection(
      "\"\\u12G4\"", "invalid escape '\\u12G' in a string, expected 4 hex digits after \\u", 1, 2),
    JSONRejection(
      "\"\\u\"", "invalid escape '\\u\"' in a string, expected 4 hex digits after \\u", 1, 2),
    JSONRejection("\"\\uD800\"", "lone surrogate \\uD800", 1, 2),
    JSONRejection("\"ab\\udbff x\"", "lone surrogate \\uDBFF", 1, 4),
    JSONRejection("\"\\uDC00\\uD800\"", "lone surrogate \\uDC00", 1, 2),
    JSONRejection("\"\\uD800\\uD800\"", "lone surrogate \\uD800", 1, 2),
    JSONRejection("\"\\uD83D\\u0041\"", "lone surrogate \\uD83D", 1, 2),
    JSONRejection("{\n\n  \"key\": \"é\\ude00\"}", "lone surrogate \\uDE00", 3, 12),
  ]

  static let inertRendering: [JSONRejection] = [
    JSONRejection("\u{1}", "expected a JSON value, got '\\u0001'", 1, 1),
    JSONRejection("[1\u{7F}]", "expected ',' or ']' after an array element, got '\\u007F'", 1, 3),
    JSONRejection(
      "[1\u{1B}[31m]", "expected ',' or ']' after an array element, got '\\u001B'", 1, 3),
    JSONRejection("1\u{2028}", "unexpected '\\u2028' after the JSON value", 1, 2),
    JSONRejection("1\u{202E}", "unexpected '\\u202E' after the JSON value", 1, 2),
    JSONRejection("[1 é]", "expected ',' or ']' after an array element, got 'é'", 1, 4),
    JSONRejection("[😀]", "expected a value or ']', got '😀'", 1, 2),
    JSONRejection("[\u{E0001}]", "expected a value or ']', got '\\uDB40\\uDC01'", 1, 2),
  ]

  @Test(arguments: structure + extensions + numbers + strings + inertRendering)
  func rejects(_ rejection: JSONRejection) {
    let error = jsonParseError(rejection.input)
    #expect(error?.message == rejection.message)
    #expect(error?.position.line == rejection.line)
    #expect(error?.position.column == rejection.column)
    if let error {
      let bytes = Array(rejection.input.utf8)
      let naive = jsonNaivePosition(of: error.position.offset, in: bytes)
      #expect(naive.line == error.position.line && naive.column == error.position.column)
      #expect(
        error.description
          == "line \(rejection.line), column \(rejection.column): \(rejection.message)")
      #expect(!error.message.contains("\n"))
    }
  }

  /// Bytes that are not UTF-8 (which a String cannot hold).
  @Test(
    arguments: [
      ([0x22, 0xFF, 0x22], "invalid UTF-8: unexpected byte 0xFF", 2),
      (
        [0x5B, 0x22, 0x61, 0xC3, 0x28, 0x22, 0x5D],
        "invalid UTF-8: byte 0xC3 is not followed by a valid sequence", 4
      ),
      ([0x22, 0xC0, 0xAF, 0x22], "invalid UTF-8: unexpected byte 0xC0", 2),  // overlong '/'
      (
        [0x22, 0xE0, 0x80, 0xAF, 0x22],
        "invalid UTF-8: byte 0xE0 is not followed by a valid sequence", 2
      ),
      (
        [0x22, 0xED, 0xA0, 0x80, 0x22],
        "invalid UTF-8: byte 0xED is not followed by a valid sequence", 2
      ),  // U+D800
      (
        [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],
        "invalid UTF-8: byte 0xF4 is not followed by a valid sequence", 2
      ),
      ([0x22, 0xE2, 0x82], "invalid UTF-8: byte 0xE2 is not followed by a valid sequence", 2),
      ([0x22, 0x80, 0x22], "invalid UTF-8: unexpected byte 0x80", 2),
      ([0x22, 0xC3, 0xA9, 0xFE, 0x22], "invalid UTF-8: unexpected byte 0xFE", 3),
      ([0x5B, 0xFF, 0x5D], "invalid UTF-8: unexpected byte 0xFF", 2),
      ([0x31, 0x20, 0xC3], "invalid UTF-8: byte 0xC3 is not followed by a valid sequence", 3),
      (
        [0x22, 0x5C, 0xC3, 0x22], "invalid UTF-8: byte 0xC3 is not followed by a valid sequence", 3
      ),
      (
        [0xEF, 0xBB, 0x5B, 0x5D], "invalid UTF-8: byte 0xEF is not followed by a valid sequence", 1
      ),
    ] as [([UInt8], String, Int)])
  func rejectsInvalidUTF8(bytes: [UInt8], message: String, column: Int) {
    do {
      let node = try JSONParser.parse(bytes)
      Issue.record("parsed \(JSONWriter.compact(node))")
    } catch {
      #expect(error.message == message)
      #expect(error.position.line == 1 && error.position.column == column)
    }
  }
}
