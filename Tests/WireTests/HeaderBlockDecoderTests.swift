import Testing

@testable import Wire
@testable import WireFormat

/// RFC 7541 Appendix C: the same three requests without (C.3) and with (C.4) Huffman coding,
/// decoded in order on one connection so the dynamic table carries over.
@Suite struct HeaderBlockDecoderTests {
  struct Expected {
    var fields: [(String, String, HPACKRepresentation)]
  }

  static let requests: [Expected] = [
    Expected(fields: [
      (":method", "GET", .indexed(index: 2)), (":scheme", "http", .indexed(index: 6)),
      (":path", "/", .indexed(index: 4)),
      (":authority", "www.example.com", .literalWithIndexing(nameIndex: 1)),
    ]),
    Expected(fields: [
      (":method", "GET", .indexed(index: 2)), (":scheme", "http", .indexed(index: 6)),
      (":path", "/", .indexed(index: 4)), (":authority", "www.example.com", .indexed(index: 62)),
      ("cache-control", "no-cache", .literalWithIndexing(nameIndex: 24)),
    ]),
    Expected(fields: [
      (":method", "GET", .indexed(index: 2)), (":scheme", "https", .indexed(index: 7)),
      (":path", "/index.html", .indexed(index: 5)),
      (":authority", "www.example.com", .indexed(index: 63)),
      ("custom-key", "custom-value", .literalWithIndexing(nameIndex: nil)),
    ]),
  ]

  @Test(arguments: [
    (
      huffman: false,
      blocks: [
        "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
        "8286 84be 5808 6e6f 2d63 6163 6865",
        "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65",
      ]
    ),
    (
      huffman: true,
      blocks: [
        "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff",
        "8286 84be 5886 a8eb 1064 9cbf",
        "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf",
      ]
    ),
  ])
  func rfc7541AppendixC(huffman: Bool, blocks: [String]) {
    var decoder = HeaderBlockDecoder()
    var offset = 0
    for (hexBlock, expected) in zip(blocks, Self.requests) {
      let block = bytes(hex: hexBlock)
      let decoded = decoder.decode(block, spans: [offset..<(offset + block.count)])
      #expect(decoded.error == nil)
      #expect(decoded.fields.map(\.name) == expected.fields.map(\.0))
      #expect(decoded.fields.map(\.value) == expected.fields.map(\.1))
      #expect(decoded.fields.map(\.representation) == expected.fields.map(\.2))
      for field in decoded.fields where field.valueHuffman != nil {
        #expect(field.valueHuffman == huffman)
      }
      // Spans tile the block.
      let spans = decoded.fields.flatMap(\.spans)
      #expect(spans.first?.lowerBound == offset && spans.last?.upperBound == offset + block.count)
      #expect(zip(spans, spans.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
      offset += block.count
    }
  }

  @Test func sizeUpdateAndNeverIndexedAreNamed() {
    var decoder = HeaderBlockDecoder()
    // size update to 0; never-indexed literal "password: secret" with a literal name.
    let block: [UInt8] = [0x20, 0x10, 8] + Array("password".utf8) + [6] + Array("secret".utf8)
    let decoded = decoder.decode(block, spans: [100..<(100 + block.count)])
    #expect(decoded.error == nil)
    guard case .tableSizeUpdate(let size, let spans) = decoded.entries.first else {
      Issue.record("expected a size update first")
      return
    }
    #expect(size == 0 && spans == [100..<101])
    #expect(decoded.fields.first?.representation == .literalNeverIndexed(nameIndex: nil))
    #expect(decoded.fields.first?.nameHuffman == false)
    #expect(decoded.fields.first?.value == "secret")
  }

  @Test func truncatedBlockKeepsTheFieldsBeforeIt() {
    var decoder = HeaderBlockDecoder()
    let decoded = decoder.decode([0x82, 0x86, 0x41, 0x0F, 0x77], spans: [0..<5])
    #expect(decoded.fields.map(\.name) == [":method", ":scheme"])
    #expect(decoded.error == "truncated or invalid HPACK at block byte 2")
  }

  @Test func indexOutsideTheTableIsAnError() {
    var decoder = HeaderBlockDecoder()
    let decoded = decoder.decode([0x82, 0xFF, 0x00], spans: [0..<3])
    #expect(decoded.fields.count == 1)
    #expect(decoded.error?.hasPrefix("HPACK error at block byte 1") == true)
  }
}
