import Foundation
import SwiftProtobuf
import Testing
import Wire

/// Schemaless decoding of messages encoded by swift-protobuf, and naming with the Greeter schema.
@Suite struct ProtobufDecoderTests {
  @Test func schemalessShowsEveryWireType() throws {
    // google.protobuf.Type: name (string), fields (nested messages with varints), source_context
    // (nested message), syntax (enum varint); Timestamp and the wrapper types for the fixed ones.
    let type = Google_Protobuf_Type.with {
      $0.name = "Greeting"
      $0.fields = [
        .with {
          $0.number = 7
          $0.name = "count"
          $0.kind = .typeSint64
        }
      ]
      $0.syntax = .proto3
    }
    let bytes: [UInt8] = try type.serializedBytes()
    let fields = try #require(ProtobufDecoder().decode(bytes, spans: [1000..<(1000 + bytes.count)]))
    #expect(fields.map(\.number) == [1, 2, 6])
    #expect(fields[0].value == .string("Greeting"))
    #expect(fields[0].name == nil)
    guard case .message(let nested) = fields[1].value else {
      Issue.record("field 2 should decode as a nested message: \(fields[1].value)")
      return
    }
    #expect(nested.first { $0.number == 3 }?.value == .varint(7))
    #expect(nested.first { $0.number == 4 }?.value == .string("count"))
    #expect(fields[2].value == .varint(1))
    #expect(fields.first?.spans.first?.lowerBound == 1000)
    #expect(fields.last?.spans.last?.upperBound == 1000 + bytes.count)

    let double: [UInt8] = try Google_Protobuf_DoubleValue(1.5).serializedBytes()
    #expect(
      ProtobufDecoder().decode(double, spans: [0..<double.count])?.first?.value
        == .fixed64(1.5.bitPattern))
    let float: [UInt8] = try Google_Protobuf_FloatValue(2.5).serializedBytes()
    #expect(
      ProtobufDecoder().decode(float, spans: [0..<float.count])?.first?.value
        == .fixed32(Float(2.5).bitPattern))
    let blob: [UInt8] = try Google_Protobuf_BytesValue(Data([0, 1, 2, 0xFF])).serializedBytes()
    #expect(
      ProtobufDecoder().decode(blob, spans: [0..<blob.count])?.first?.value
        == .bytes([0, 1, 2, 0xFF]))
    #expect(ProtobufValue.zigzag(3) == -2)
    #expect(ProtobufValue.zigzag(4) == 2)
  }

  @Test func spansFollowAMessageSplitAcrossFrames() throws {
    let bytes = helloRequest("Ada")  // 0A 03 41 64 61
    let fields = try #require(ProtobufDecoder().decode(bytes, spans: [10..<12, 50..<53]))
    #expect(fields.first?.spans == [10..<12, 50..<53])
  }

  @Test func schemaNamesFieldsAndDecidesStringVersusBytes() throws {
    let decoder = ProtobufDecoder(catalog: greeterCatalog)
    let bytes = helloRequest("\u{1B}]0;pwned\u{07}")
    let fields = try #require(
      decoder.decode(bytes, spans: [0..<bytes.count], messageType: "helloworld.HelloRequest"))
    // Declared string: kept as a string even with control characters (the UI makes them inert).
    #expect(fields.first?.value == .string("\u{1B}]0;pwned\u{07}"))
    #expect(fields.first?.name == "name")
    // Without the schema the same bytes are not readable text, so they show as bytes.
    let raw = try #require(ProtobufDecoder().decode(bytes, spans: [0..<bytes.count]))
    guard case .bytes = raw.first?.value else {
      Issue.record("control characters should not pass as text without a schema")
      return
    }
  }

  @Test(
    arguments: [
      [0x08], [0x0A, 0x05, 0x41], [0x00, 0x01], [0x0B, 0x00],
      [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01],
    ] as [[UInt8]])
  func invalidMessagesAreNil(bytes: [UInt8]) {
    #expect(ProtobufDecoder().decode(bytes, spans: [0..<bytes.count]) == nil)
  }

  @Test func deepNestingStopsAtMaxDepth() {
    var nested: [UInt8] = [0x08, 0x01]
    for _ in 0..<40 { nested = [0x12] + varint(nested.count) + nested }
    let fields = ProtobufDecoder().decode(nested, spans: [0..<nested.count])
    var depth = 0
    var current = fields
    while let field = current?.first, case .message(let inner) = field.value {
      depth += 1
      current = inner
    }
    #expect(depth == 16)
  }

  @Test func greeterCatalogListsMethodsInProtoOrder() {
    #expect(
      greeterCatalog.methods.map(\.name) == [
        "SayHello", "SayHelloAgain", "SayHelloStreamReply", "SayHelloBidiStream", "SayHelloToAll",
      ])
    #expect(greeterCatalog.methods.map(\.serverStreaming) == [false, false, true, true, false])
    #expect(greeterCatalog.methods.map(\.clientStreaming) == [false, false, false, true, true])
    #expect(
      greeterCatalog.method(path: "/helloworld.Greeter/SayHello")?.outputType
        == "helloworld.HelloReply")
    #expect(greeterCatalog.method(path: "/helloworld.Greeter/SayGoodbye") == nil)
    #expect(
      greeterCatalog.method(path: "helloworld.Greeter/SayHello") == nil, "a :path starts with /")
  }

  private func varint(_ value: Int) -> [UInt8] {
    var value = value
    var out: [UInt8] = []
    while value >= 0x80 {
      out.append(UInt8(value & 0x7F) | 0x80)
      value >>= 7
    }
    return out + [UInt8(value)]
  }
}
