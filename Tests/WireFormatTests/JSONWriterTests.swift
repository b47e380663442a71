import Testing

@testable import WireFormat

@Suite struct JSONWriterTests {
  static let sample = JSONNode.object([
    ("name", .string("Ada")),
    ("tags", .array([.string("x"), .string("y")])),
    ("empty", .object([])),
    ("none", .array([])),
    (
      "nested",
      .object([
        (
          "deep",
          .object([
            (
              "list",
              .array([.number("1"), .array([.number("2"), .number("3")]), .object([("k", .null)])])
            )
          ])
        ),
        ("flag", .bool(true)),
      ])
    ),
    ("ünï", .string("日本語 ✓")),
  ])

  // From python3 -c 'import json; print(json.dumps(obj, indent=2, ensure_ascii=False))'.
  static let samplePython = """
    {
      "name": "Ada",
      "tags": [
        "x",
        "y"
      ],
      "empty": {},
      "none": [],
      "nested": {
        "deep": {
          "list": [
            1,
            [
              2,
              3
            ],
            {
              "k": null
            }
          ]
        },
        "flag": true
      },
      "ünï": "日本語 ✓"
    }
    """

  static let arraySample = JSONNode.array([
    .object([("id", .number("9007199254740993")), ("ok", .bool(false))]),
    .array([]),
    .array([.array([])]),
    .string("tab\tnewline\n\u{1}quote\"back\\"),
    .number("-0.5"),
  ])

  static let arraySamplePython = """
    [
      {
        "id": 9007199254740993,
        "ok": false
      },
      [],
      [
        []
      ],
      "tab\\tnewline\\n\\u0001quote\\"back\\\\",
      -0.5
    ]
    """

  @Test func prettyMatchesPythonJSONDumps() throws {
    #expect(JSONWriter.pretty(Self.sample) == Self.samplePython)
    #expect(JSONWriter.pretty(Self.arraySample) == Self.arraySamplePython)
    // Parsing Python's output and writing it again gives the same text.
    #expect(JSONWriter.pretty(try JSONParser.parse(Self.samplePython)) == Self.samplePython)
  }

  @Test func compactMatchesPythonWithTightSeparators() {
    #expect(
      JSONWriter.compact(Self.sample)
        == #"{"name":"Ada","tags":["x","y"],"empty":{},"none":[],"nested":{"deep":{"list":[1,[2,3],{"k":null}]},"flag":true},"ünï":"日本語 ✓"}"#
    )
    #expect(
      JSONWriter.compact(Self.arraySample)
        == #"[{"id":9007199254740993,"ok":false},[],[[]],"tab\tnewline\n\u0001quote\"back\\",-0.5]"#
    )
  }

  @Test(arguments: [
    (JSONNode.null, "null", "null"),
    (.bool(true), "true", "true"),
    (.number("-0"), "-0", "-0"),
    (.object([]), "{}", "{}"),
    (.array([]), "[]", "[]"),
    (
      .object([("a", .object([])), ("b", .array([]))]), #"{"a":{},"b":[]}"#,
      "{\n  \"a\": {},\n  \"b\": []\n}"
    ),
    (.array([.array([.array([])])]), "[[[]]]", "[\n  [\n    []\n  ]\n]"),
    (
      .object([("a", .number("1")), ("a", .number("2"))]), #"{"a":1,"a":2}"#,
      "{\n  \"a\": 1,\n  \"a\": 2\n}"
    ),
  ])
  func writesLayouts(node: JSONNode, compact: String, pretty: String) {
    #expect(JSONWriter.compact(node) == compact)
    #expect(JSONWriter.pretty(node) == pretty)
  }

  @Test func prettyHonoursIndentWidth() {
    let node = JSONNode.object([("a", .array([.number("1")]))])
    #expect(JSONWriter.pretty(node, indent: 4) == "{\n    \"a\": [\n        1\n    ]\n}")
    #expect(JSONWriter.pretty(node, indent: 0) == "{\n\"a\": [\n1\n]\n}")
  }

  @Test(arguments: [
    ("", #""""#),
    ("plain", #""plain""#),
    ("\"\\/", #""\"\\/""#),
    ("\u{8}\u{C}\n\r\t", #""\b\f\n\r\t""#),
    ("\u{0}\u{1}\u{1B}[31m\u{1F}", #""\u0000\u0001\u001b[31m\u001f""#),
    ("\u{7F}\u{80}\u{85}\u{9F}\u{A0}", "\"\\u007f\\u0080\\u0085\\u009f\u{A0}\""),
    ("a\u{2028}b\u{2029}c", #""a\u2028b\u2029c""#),
    ("é日本語😀 ✓ \u{2027}\u{2030}\u{200D}", "\"é日本語😀 ✓ \u{2027}\u{2030}\u{200D}\""),
    // Bidi controls would reorder the terminal's text: escaped, so output stays inert.
    (
      "\u{61C}\u{200E}\u{200F}\u{202A}\u{202E}\u{2066}\u{2069}",
      #""\u061c\u200e\u200f\u202a\u202e\u2066\u2069""#
    ),
  ])
  func quotesStrings(text: String, expected: String) throws {
    #expect(JSONWriter.quoted(text) == expected)
    guard case .string(let back) = try JSONParser.parse(expected).kind else {
      Issue.record("not a string")
      return
    }
    #expect(back == text)
  }

  @Test(arguments: [
    (JSONNode.null, "null", "null"),
    (.bool(true), "true", "true"),
    (.bool(false), "false", "false"),
    (.number("1.50"), "a number", "1.50"),
    (.string("abc"), "a string", #""abc""#),
    (.string("line\nbreak"), "a string", #""line\nbreak""#),
    (
      .string(String(repeating: "é", count: 40)), "a string",
      "\"" + String(repeating: "é", count: 40) + "\""
    ),
    (
      .string(String(repeating: "é", count: 41)), "a string",
      "\"" + String(repeating: "é", count: 40) + "…\""
    ),
    (.array([]), "an array", "[]"),
    (.array([.null]), "an array", "[…]"),
    (.object([]), "an object", "{}"),
    (.object([("a", .null)]), "an object", "{…}"),
  ])
  func describesValuesForErrorMessages(node: JSONNode, kind: String, snippet: String) {
    #expect(node.kindDescription == kind)
    #expect(node.snippet == snippet)
  }

  @Test func builtValuesHaveSyntheticPositions() {
    #expect(JSONNode.null.position == JSONPosition(line: 0, column: 0, offset: 0))
    guard case .object(let members) = JSONNode.object([("k", .string("v"))]).kind else {
      Issue.record("not an object")
      return
    }
    #expect(members[0].keyPosition == .synthetic)
    #expect(members[0].value.position == .synthetic)
  }
}
