import Foundation
import GreeterProtos
import GreeterTestSupport
import SwiftProtobuf
import Testing

@testable import WireFormat

/// A short, deterministic smoke of what `make fuzz` does to the codec at length (CodecFuzzer in
/// tools/fuzz): every committed seed and mutations of them through `CodecProperties.check`, the
/// fuzzer's own property checks, in-process. Plus the fuzzer's finds, as the inputs it found.
@Suite struct CodecFuzzSmokeTests {
  static let seedFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fuzz/seed")

  /// The fuzzer's schema: the kitchen sink (with its well-known types) and the Greeter.
  static let properties: CodecProperties = {
    let path = TestEnvironment.repositoryRoot.appendingPathComponent(
      "Tests/WireFormatTests/Fixtures/kitchen_sink.protoset")
    do {
      let kitchenSink = Array(try Data(contentsOf: path))
      return CodecProperties(
        catalog: try Catalog(descriptorSets: [kitchenSink, GreeterDescriptorSet.bytes]))
    } catch {
      fatalError("the fuzz schema does not load: \(error)")
    }
  }()

  /// A fuzz input: the control byte for `type` in binary or JSON mode, then `data`.
  static func input(_ type: String, json: Bool = false, _ data: [UInt8]) throws -> [UInt8] {
    [try #require(properties.control(json: json, type: type))] + data
  }

  @Test func seedsAndMutationsOfThemKeepEveryProperty() throws {
    let seeds = try FileManager.default.contentsOfDirectory(
      at: Self.seedFolder, includingPropertiesForKeys: nil
    )
    .sorted { $0.path < $1.path }
    #expect(seeds.count >= 100)
    let properties = Self.properties
    var generator = SeededGenerator(seed: 0xC0DEC)
    var decoded = 0
    var mutations = 0
    // Hand-written JSON seeds that hold several values back to back (for parseSequence).
    let sequences = 1  // helloworld.HelloRequest-extra-0.json
    for url in seeds {
      let data = Array(try Data(contentsOf: url))
      #expect(properties.check(data) == nil, "\(url.lastPathComponent)")
      let type = properties.types[Int(data[0] & 0x7F) % properties.types.count]
      if data[0] & 0x80 == 0 {
        if (try? properties.catalog.decode(Array(data.dropFirst()), as: type)) != nil {
          decoded += 1
        }
      } else {
        do {
          _ = try properties.catalog.decodeJSON(
            String(decoding: data.dropFirst(), as: UTF8.self), as: type)
          decoded += 1
        } catch {
          print("codec fuzz smoke: \(url.lastPathComponent) does not decode: \(error)")
        }
      }
      for _ in 0..<12 {
        var mutated = data
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
          guard mutated.count > 1 else { break }
          let index = Int.random(in: 1..<mutated.count, using: &generator)
          switch Int.random(in: 0..<4, using: &generator) {
          case 0: mutated.remove(at: index)
          case 1: mutated.insert(UInt8.random(in: 0...255, using: &generator), at: index)
          default: mutated[index] = UInt8.random(in: 0...255, using: &generator)
          }
        }
        // Sometimes the other mode or another type for the same bytes.
        if Int.random(in: 0..<4, using: &generator) == 0 {
          mutated[0] = UInt8.random(in: 0...255, using: &generator)
        }
        let failure = properties.check(mutated)
        #expect(failure == nil, "\(url.lastPathComponent) mutated: \(mutated)")
        mutations += 1
      }
    }
    print("codec fuzz smoke: \(seeds.count) seeds (\(decoded) decode), \(mutations) mutations")
    // Every seed is a real message of its type (the oracle's), so each decodes; a sequence does
    // not decode as one message.
    #expect(decoded == seeds.count - sequences)
  }
}

/// What `make fuzz`'s CodecFuzzer found, as the inputs it found.
@Suite struct CodecFuzzFindingsTests {
  /// Found after 28,668 runs (the first campaign): WellKnown.null_value holding 66, a number
  /// NullValue does not list, is written as JSON `null` (as protobuf's json_format does) and
  /// reads back as 0, so the JSON round trip changed it. Not a codec bug: such a message is not
  /// JSON-exact, and `CodecProperties` now checks it for a stable second round instead.
  @Test func nullValueFieldWithAnUnlistedNumberIsNotJSONExact() throws {
    let input: [UInt8] = [
      0x22, 0x31, 0x37, 0x35, 0x35, 0x30, 0x8f, 0x32, 0x38, 0x36, 0x38, 0x42, 0x39, 0x35, 0x2d,
      0x37, 0x37, 0x34, 0x35, 0x38, 0x22,
    ]
    let properties = CodecFuzzSmokeTests.properties
    #expect(properties.types[Int(input[0])] == "kitchensink.WellKnown")
    #expect(properties.check(input) == nil)
    let message = try properties.catalog.decode(
      Array(input.dropFirst()), as: "kitchensink.WellKnown")
    #expect(try properties.catalog.compactJSONText(message).contains(#""nullValue":null"#))
    #expect(!properties.isJSONExact(message))
  }

  /// Found after 11,315 runs (the second campaign): the FieldMask path `Flvjy1u` was written as
  /// JSON `Flvjy1u`, which reads back as the path `_flvjy1u`. A path whose lowerCamel form does
  /// not bring it back has no JSON form: `json` refuses it, as protobuf's json_format does.
  @Test func fieldMaskPathWithoutALowerCamelFormIsRefused() throws {
    let input: [UInt8] = [
      0x06, 0x0a, 0x0b, 0x68, 0x7a, 0x79, 0x5f, 0x76, 0x6c, 0x61, 0x79, 0x77, 0x6f, 0x6f, 0x0a,
      0x0a, 0x6b, 0x6e, 0x73, 0x67, 0x5f, 0x6e, 0x5f, 0x7a, 0x66, 0x30, 0x0a, 0x07, 0x46, 0x6c,
      0x76, 0x6a, 0x79, 0x31, 0x75,
    ]
    let properties = CodecFuzzSmokeTests.properties
    let catalog = properties.catalog
    #expect(properties.types[Int(input[0])] == "google.protobuf.FieldMask")
    #expect(properties.check(input) == nil)
    let mask = try catalog.decode(Array(input.dropFirst()), as: "google.protobuf.FieldMask")
    #expect(throws: CodecError.self) { try catalog.json(mask) }
    for path in ["Foo", "a_1", "a_", "a,b", ""] {
      let bytes = [0x0a, UInt8(path.utf8.count)] + Array(path.utf8)
      let message = try catalog.decode(bytes, as: "google.protobuf.FieldMask")
      #expect(throws: CodecError.self, "\(path)") { try catalog.json(message) }
    }
    let fine = try catalog.decode(
      [0x0a, 0x07] + Array("foo_bar".utf8), as: "google.protobuf.FieldMask")
    #expect(try catalog.compactJSONText(fine) == #""fooBar""#)
  }
}

/// Bugs found while reading the codec for the fuzzer's properties (CodecFuzzer had not reached
/// them in its first 1.17 million runs); each input trapped or broke a property before its fix.
@Suite struct CodecReviewFindingsTests {
  /// A Duration of Int64.min seconds (or Int32.min nanos) trapped in `abs` when written as JSON.
  @Test func durationAtTheIntegerLimitsIsAnErrorNotATrap() throws {
    let properties = CodecFuzzSmokeTests.properties
    let minSeconds: [UInt8] = [0x08] + [UInt8](repeating: 0x80, count: 9) + [0x01]
    let minNanos: [UInt8] = [0x10, 0x80, 0x80, 0x80, 0x80, 0xf8, 0xff, 0xff, 0xff, 0xff, 0x01]
    for bytes in [minSeconds, minNanos] {
      let duration = try properties.catalog.decode(bytes, as: "google.protobuf.Duration")
      #expect(throws: CodecError.self) { try properties.catalog.json(duration) }
      #expect(
        properties.check(try CodecFuzzSmokeTests.input("google.protobuf.Duration", bytes)) == nil)
    }
  }

  /// A group's fields ended where the bytes before its END_GROUP tag stopped having the high bit
  /// set, so a group whose last field ended in a byte ≥ 0x80 (a fixed32, a string in UTF-8, a
  /// bytes value) was cut short: the valid message did not decode. (The kitchen sink has no
  /// group, so the fuzzer could not get there: a proto2 schema with one, built here.)
  @Test func groupWhoseLastByteHasTheHighBitSetDecodes() throws {
    typealias Field = Google_Protobuf_FieldDescriptorProto
    let file = Google_Protobuf_FileDescriptorProto.with {
      $0.name = "group.proto"
      $0.package = "g"
      $0.syntax = "proto2"
      $0.messageType = [
        .with {
          $0.name = "Outer"
          $0.field = [
            Field.with {
              $0.name = "inner"
              $0.number = 1
              $0.label = .optional
              $0.type = .group
              $0.typeName = ".g.Outer.Inner"
            }
          ]
          $0.nestedType = [
            .with {
              $0.name = "Inner"
              $0.field = [
                Field.with {
                  $0.name = "data"
                  $0.number = 2
                  $0.label = .optional
                  $0.type = .bytes
                }
              ]
            }
          ]
        }
      ]
    }
    let catalog = try Catalog(files: [file])
    // inner { data: "\x01\xff" }: 0b (group 1) 12 02 01 ff (data) 0c (end group 1).
    let bytes: [UInt8] = [0x0b, 0x12, 0x02, 0x01, 0xff, 0x0c]
    let message = try catalog.decode(bytes, as: "g.Outer")
    #expect(catalog.encode(message) == bytes)
    #expect(try catalog.compactJSONText(message) == #"{"inner":{"data":"Af8="}}"#)
  }

  /// JSON counted no level for a map entry, binary does: 40 Structs nested in JSON (80 levels
  /// read from JSON) encoded to 120 levels of binary, which the binary decoder refused.
  @Test func nestedStructsReadFromJSONDecodeFromTheirEncoding() throws {
    let properties = CodecFuzzSmokeTests.properties
    for levels in [30, 40, 60] {
      let text =
        String(repeating: #"{"a":"#, count: levels) + "1" + String(repeating: "}", count: levels)
      #expect(
        properties.check(
          try CodecFuzzSmokeTests.input("google.protobuf.Struct", json: true, Array(text.utf8)))
          == nil, "\(levels)")
    }
  }

  /// An Any's payload is bytes, decoded afresh when written as JSON, so `json` went as deep as
  /// the Anys were nested: 101 of them (2,519 bytes) made JSON that `decodeJSON` refuses (more
  /// than 100 deep), and thousands would have run out of stack. `json` now counts depth as
  /// `decodeJSON` does and refuses what it could not read back.
  @Test func anysNestedDeeperThanTheLimitHaveNoJSON() throws {
    let properties = CodecFuzzSmokeTests.properties
    func nested(_ levels: Int) -> [UInt8] {
      let url = Array("/google.protobuf.Any".utf8)
      var bytes: [UInt8] = []
      for _ in 0..<levels {
        bytes = [0x0a, UInt8(url.count)] + url + [0x12] + varint(bytes.count) + bytes
      }
      return bytes
    }
    func varint(_ value: Int) -> [UInt8] {
      var value = value
      var bytes: [UInt8] = []
      while value >= 0x80 {
        bytes.append(UInt8(value & 0x7F) | 0x80)
        value >>= 7
      }
      return bytes + [UInt8(value)]
    }
    for levels in [99, 100, 101, 300] {
      let bytes = nested(levels)
      let input = try CodecFuzzSmokeTests.input("google.protobuf.Any", bytes)
      #expect(properties.check(input) == nil, "\(levels)")
      let any = try properties.catalog.decode(bytes, as: "google.protobuf.Any")
      if levels < 100 {
        let text = try properties.catalog.compactJSONText(any)
        #expect(throws: Never.self) {
          try properties.catalog.decodeJSON(text, as: "google.protobuf.Any")
        }
      } else {
        #expect(throws: CodecError.self, "\(levels)") { try properties.catalog.json(any) }
      }
    }
  }
}
