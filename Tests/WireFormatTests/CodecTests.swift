import GreeterProtos
import SwiftProtobuf
import Testing

@testable import WireFormat

/// The dynamic codec on the Greeter (against swift-protobuf's generated code) and on the shop
/// fixture: JSON forms, round trips, and the one-line errors with path and line:column.
@Suite struct CodecTests {
  @Test func helloRequestMatchesGeneratedCodeBothWays() throws {
    let catalog = try CatalogTests.greeter()
    let generated = Helloworld_HelloRequest.with { $0.name = "세종 😀" }
    let bytes: [UInt8] = try generated.serializedBytes()
    let message = try catalog.decode(bytes, as: "helloworld.HelloRequest")
    #expect(catalog.encode(message) == bytes)
    #expect(try catalog.compactJSONText(message) == #"{"name":"세종 😀"}"#)
    let fromJSON = try catalog.decodeJSON(#"{"name": "세종 😀"}"#, as: "helloworld.HelloRequest")
    #expect(catalog.encode(fromJSON) == bytes)
    #expect(try catalog.compactJSONText(catalog.decode([], as: "helloworld.HelloReply")) == "{}")
  }

  static func order(_ json: String) throws -> String {
    let catalog = try ProtoFixture.shopCatalog()
    let message = try catalog.decodeJSON(json, as: "shop.Order")
    let again = try catalog.decode(catalog.encode(message), as: "shop.Order")
    return try catalog.compactJSONText(again)
  }

  @Test(arguments: [
    (
      #"{"id":"a","items":[{"name":"x","price":1.5,"quantity":"9007199254740993"}]}"#,
      #"{"id":"a","items":[{"name":"x","price":1.5,"quantity":"9007199254740993"}]}"#
    ),
    (
      #"{"items":[{"quantity":12,"color":"GREEN","tag":"AP8=","count":"7","weight":"NaN"}]}"#,
      #"{"items":[{"quantity":"12","color":"GREEN","tag":"AP8=","count":7,"weight":"NaN"}]}"#
    ),
    (
      #"{"items":[{"color":7,"price":"-Infinity","delta":-3,"maybe":0}]}"#,
      #"{"items":[{"price":"-Infinity","color":7,"delta":-3,"maybe":0}]}"#
    ),
    (#"{"items":[{"tag":"-_8"}]}"#, #"{"items":[{"tag":"+/8="}]}"#),
    (#"{"customer_name":"Ada","id":null,"cash":0}"#, #"{"cash":0,"buyer":"Ada"}"#),
    (
      #"{"stock":{"b":2,"a":1},"notes":{"-5":"x"},"flagged":{"true":{"name":"y"}}}"#,
      #"{"stock":{"b":2,"a":1},"notes":{"-5":"x"},"flagged":{"true":{"name":"y"}}}"#
    ),
    (
      #"{"placed":"1972-01-01T10:00:20.021+01:00","wait":"-1.5s","limit":"0"}"#,
      #"{"placed":"1972-01-01T09:00:20.021Z","wait":"-1.500s","limit":"0"}"#
    ),
    (
      #"{"placed":"0001-01-01T00:00:00Z","wait":"0.000000001s"}"#,
      #"{"placed":"0001-01-01T00:00:00Z","wait":"0.000000001s"}"#
    ),
    (
      #"{"mask":"fooBar,baz","anything":null,"meta":{"a":[1,"x",true,null,{"b":{}}]}}"#,
      #"{"meta":{"a":[1.0,"x",true,null,{"b":{}}]},"mask":"fooBar,baz","anything":null}"#
    ),
    (
      #"{"extra":{"@type":"type.googleapis.com/shop.Item","name":"in any"}}"#,
      #"{"extra":{"@type":"type.googleapis.com/shop.Item","name":"in any"}}"#
    ),
    (
      #"{"extra":{"@type":"type.googleapis.com/google.protobuf.Duration","value":"2s"}}"#,
      #"{"extra":{"@type":"type.googleapis.com/google.protobuf.Duration","value":"2s"}}"#
    ),
    (
      #"{"numbers":[1,-2,3],"loose":[4,5],"parent":{"parent":{"id":"deep"}}}"#,
      #"{"numbers":[1,-2,3],"loose":[4,5],"parent":{"parent":{"id":"deep"}}}"#
    ),
    (
      #"{"items":[{"quantity":1e3,"price":1E-7,"count":2.0}]}"#,
      #"{"items":[{"price":1e-07,"quantity":"1000","count":2}]}"#
    ),
  ])
  func jsonEdgeCasesComeBackInCanonicalForm(input: String, canonical: String) throws {
    #expect(try Self.order(input) == canonical)
  }

  @Test(arguments: [
    (
      "{\n  \"items\": [\n    {},\n    {},\n    {\"price\": \"abc\"}\n  ]\n}",
      #"items[2].price (line 5, column 15): expected a number, got "abc""#
    ),
    (#"{"nope": 1}"#, #"nope (line 1, column 2): no field nope in shop.Order"#),
    (#"{"id": 5}"#, #"id (line 1, column 8): expected a string, got 5"#),
    (#"{"items": {}}"#, #"items (line 1, column 11): expected an array, got {}"#),
    (
      #"{"items": [{"quantity": "12x"}]}"#,
      #"items[0].quantity (line 1, column 25): expected an integer, got "12x""#
    ),
    (
      #"{"items": [{"count": -1}]}"#,
      #"items[0].count (line 1, column 22): -1 is out of range for uint32"#
    ),
    (
      #"{"items": [{"delta": 2147483648}]}"#,
      #"items[0].delta (line 1, column 22): 2147483648 is out of range for sint32"#
    ),
    (
      #"{"items": [{"quantity": 9223372036854775808}]}"#,
      #"items[0].quantity (line 1, column 25): 9223372036854775808 is out of range for int64"#
    ),
    (
      #"{"items": [{"quantity": 1.5}]}"#,
      #"items[0].quantity (line 1, column 25): 1.5 is not an integer"#
    ),
    (
      #"{"items": [{"weight": 1e39}]}"#,
      #"items[0].weight (line 1, column 23): 1e39 is out of range for float"#
    ),
    (
      #"{"items": [{"color": "BLUE"}]}"#,
      #"items[0].color (line 1, column 22): "BLUE" is not a value of shop.Color"#
    ),
    (#"{"items": [{"tag": "***"}]}"#, #"items[0].tag (line 1, column 20): not base64: "***""#),
    (
      #"{"card": "x", "cash": 1}"#,
      #"cash (line 1, column 15): oneof payment already has card; only one member may be set"#
    ),
    (
      #"{"buyer": "a", "customer_name": "b"}"#,
      #"customer_name (line 1, column 16): customer_name is given twice (as buyer and as customer_name)"#
    ),
    (
      #"{"numbers": [1, null]}"#,
      #"numbers[1] (line 1, column 17): null is not a value of a repeated field"#
    ),
    (#"{"stock": {"a": "x"}}"#, #"stock[a] (line 1, column 17): expected an integer, got "x""#),
    (#"{"notes": {"z": "x"}}"#, #"notes[z] (line 1, column 12): expected an integer, got "z""#),
    (
      #"{"placed": "1972-13-01T00:00:00Z"}"#,
      #"placed (line 1, column 12): expected an RFC 3339 time in 0001…9999 (1972-01-01T10:00:20.021Z), got "1972-13-01T00:00:00Z""#
    ),
    (
      #"{"wait": "3 s"}"#,
      #"wait (line 1, column 10): expected a duration such as "3.250s" within ±315576000000s, got "3 s""#
    ),
    (
      #"{"extra": {"name": "x"}}"#,
      #"extra (line 1, column 11): an Any needs "@type": "type.googleapis.com/NAME""#
    ),
    (
      #"{"extra": {"@type": "type.googleapis.com/no.Such"}}"#,
      #"extra.@type (line 1, column 21): type.googleapis.com/no.Such names a type the catalog does not have"#
    ),
    (#"{"id": "a"} x"#, #"(line 1, column 13): unexpected 'x' after the JSON value"#),
    (#"[1]"#, #"(line 1, column 1): expected an object for shop.Order, got […]"#),
  ])
  func badJSONIsRefusedWithPathAndPlace(input: String, message: String) throws {
    let catalog = try ProtoFixture.shopCatalog()
    do {
      _ = try catalog.decodeJSON(input, as: "shop.Order")
      Issue.record("accepted: \(input)")
    } catch {
      #expect("\(error)" == message)
    }
  }

  @Test func binaryRoundTripsKeepUnknownFieldsAndRefuseTruncation() throws {
    let catalog = try ProtoFixture.shopCatalog()
    // Field 1 "a", an unknown varint field 99, an unknown group 100 holding a varint.
    let bytes: [UInt8] = [0x0A, 0x01, 0x61, 0x98, 0x06, 0x2A, 0xA3, 0x06, 0x08, 0x01, 0xA4, 0x06]
    let message = try catalog.decode(bytes, as: "shop.Order")
    #expect(message.unknownFields == Array(bytes[3...]))
    #expect(catalog.encode(message) == bytes)
    #expect(
      throws: CodecError(
        path: "id", offset: 1, message: "length 5 runs past the end of the message")
    ) {
      try catalog.decode([0x0A, 0x05, 0x61], as: "shop.Order")
    }
    #expect(throws: CodecError(offset: 0, message: "truncated varint")) {
      try catalog.decode([0x80], as: "shop.Order")
    }
  }

  @Test func packedAndUnpackedAreBothReadAndWrittenAsTheSchemaSays() throws {
    let catalog = try ProtoFixture.shopCatalog()
    // numbers (16) unpacked on the wire, loose (17) packed on the wire: both accepted.
    let message = try catalog.decode(
      [0x80, 0x01, 0x01, 0x80, 0x01, 0x02, 0x8A, 0x01, 0x02, 0x03, 0x04], as: "shop.Order")
    #expect(try catalog.compactJSONText(message) == #"{"numbers":[1,2],"loose":[3,4]}"#)
    #expect(
      catalog.encode(message) == [0x82, 0x01, 0x02, 0x01, 0x02, 0x88, 0x01, 0x03, 0x88, 0x01, 0x04])
  }

  @Test func aMapKeySeenTwiceKeepsItsFirstPlaceAndItsLastValue() throws {
    let catalog = try ProtoFixture.shopCatalog()
    // stock (3): {"a": 1}, {"b": 2}, {"a": 3} as three entries on the wire.
    func entry(_ key: Character, _ value: UInt8) -> [UInt8] {
      [0x1A, 0x05, 0x0A, 0x01, UInt8(ascii: key.unicodeScalars.first!), 0x10, value]
    }
    let message = try catalog.decode(
      entry("a", 1) + entry("b", 2) + entry("a", 3), as: "shop.Order")
    #expect(try catalog.compactJSONText(message) == #"{"stock":{"a":3,"b":2}}"#)
    #expect(catalog.encode(message) == entry("a", 3) + entry("b", 2))
  }

  /// ASCII takes a shortcut past validation; anything else is validated: valid UTF-8 reads,
  /// invalid is refused, an ASCII prefix or not.
  @Test func stringFieldsAreReadAsUTF8AndInvalidOnesRefused() throws {
    let catalog = try CatalogTests.greeter()
    func decoded(_ name: [UInt8]) throws -> String {
      let message = try catalog.decode(
        [0x0A, UInt8(name.count)] + name, as: "helloworld.HelloRequest")
      return try catalog.compactJSONText(message)
    }
    #expect(try decoded(Array("Ada".utf8)) == #"{"name":"Ada"}"#)
    #expect(try decoded(Array("Ada 세종".utf8)) == #"{"name":"Ada 세종"}"#)
    #expect(try decoded([]) == "{}")
    for invalid: [UInt8] in [[0xFF], Array("Ada".utf8) + [0xC3], [0xED, 0xA0, 0x80]] {
      #expect(
        throws: CodecError(path: "name", offset: 1, message: "string field is not valid UTF-8")
      ) {
        try decoded(invalid)
      }
    }
  }

  @Test func aBinaryErrorNamesTheFieldsOnItsWay() throws {
    let catalog = try ProtoFixture.shopCatalog()
    // parent (19) → items (2) → name (1) whose length runs past the end.
    let bytes: [UInt8] = [0x9A, 0x01, 0x04, 0x12, 0x02, 0x0A, 0x05]
    #expect(
      throws: CodecError(
        path: "parent.items.name", offset: 6, message: "length 5 runs past the end of the message")
    ) {
      try catalog.decode(bytes, as: "shop.Order")
    }
  }

  @Test func longRepeatedFieldsAndMapsReadInOrder() throws {
    let catalog = try ProtoFixture.shopCatalog()
    var bytes: [UInt8] = []
    for value in 0..<20_000 {
      bytes += [0x88, 0x01]  // loose (17), unpacked
      var number = UInt64(value)
      while number >= 0x80 {
        bytes.append(UInt8(number & 0x7F) | 0x80)
        number >>= 7
      }
      bytes.append(UInt8(number))
    }
    let message = try catalog.decode(bytes, as: "shop.Order")
    guard case .list(let values)? = message.values[16] else {
      Issue.record("no list")
      return
    }
    #expect(values.count == 20_000)
    #expect(values.last == .int32(19_999))
    #expect(catalog.encode(message) == bytes)
  }

  @Test func theLargestFloatReadsBackFromItsOwnJSON() throws {
    let catalog = try ProtoFixture.shopCatalog()
    var message = try catalog.decodeJSON("{}", as: "shop.Item")
    let weight = try #require(catalog.message("shop.Item")?.fieldIndex(jsonKey: "weight"))
    for value in [
      Float.greatestFiniteMagnitude, -Float.greatestFiniteMagnitude, .leastNonzeroMagnitude,
    ] {
      message.values[weight] = .single(.float(value))
      let json = try catalog.compactJSONText(message)
      #expect(try catalog.decodeJSON(json, as: "shop.Item") == message, "\(json)")
    }
    #expect(throws: CodecError.self) {
      try catalog.decodeJSON(#"{"weight": 3.5e38}"#, as: "shop.Item")
    }
  }

  @Test func aFieldMaskPathWithACommaUnderACombiningMarkHasNoJSONForm() throws {
    let catalog = try ProtoFixture.shopCatalog()
    var message = try catalog.decodeJSON("{}", as: "shop.Order")
    let mask = try #require(catalog.message("shop.Order")?.fieldIndex(jsonKey: "mask"))
    var inner = try catalog.decodeJSON(#""a""#, as: "google.protobuf.FieldMask")
    inner.values[0] = .list([.string("a,\u{618}b")])  // "," + U+0618 is one Character
    message.values[mask] = .single(.message(inner))
    #expect(throws: CodecError.self) { try catalog.json(message) }
    let read = try catalog.decodeJSON(#"{"mask": "a,\u0618b"}"#, as: "shop.Order")
    guard case .single(.message(let paths))? = read.values[mask] else {
      Issue.record("no mask")
      return
    }
    #expect(paths.values[0] == .list([.string("a"), .string("\u{618}b")]))
  }
}
