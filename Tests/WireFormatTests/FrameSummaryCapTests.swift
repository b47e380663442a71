import Testing
import WireFormat

/// A frame's one-line summary stays short however big its message: the Frames pane draws it on
/// every screen, and the Decoded pane has the fields whole.
@Suite struct FrameSummaryCapTests {
  /// `tag 1, length-delimited` string fields, `count` of them, each `text`.
  static func message(count: Int, text: String) -> [UInt8] {
    let bytes = Array(text.utf8)
    precondition(bytes.count < 128)
    return (0..<count).flatMap { _ in [0x0A, UInt8(bytes.count)] + bytes }
  }

  @Test func manyFieldsAreCutWithHowManyAreLeft() throws {
    let body = Self.message(count: 18_000, text: "item")
    let fields = try #require(ProtobufDecoder().decode(body, spans: [0..<body.count]))
    #expect(fields.count == 18_000)
    let summary = DecodedFrame.describe(fields)
    #expect(summary.utf8.count < 300, "\(summary.utf8.count)")
    #expect(summary.hasPrefix(#"1: "item", 1: "item""#))
    let shown = summary.components(separatedBy: #"1: "item""#).count - 1
    #expect(summary.hasSuffix("… \(18_000 - shown) more fields"), "\(summary)")
  }

  @Test func aLongStringIsCutInTheSummaryOnly() throws {
    let long = String(repeating: "x", count: 100) + String(repeating: "y", count: 27)
    let body = Self.message(count: 1, text: long)
    let fields = try #require(ProtobufDecoder().decode(body, spans: [0..<body.count]))
    #expect(DecodedFrame.describe(fields) == "1: \"\(long)\"", "under the limit: whole")
    let longer = String(repeating: "z", count: 300)
    var big: [UInt8] = [0x0A, 0xAC, 0x02] + Array(longer.utf8)
    big += [0x10, 0x2A]
    let bigFields = try #require(ProtobufDecoder().decode(big, spans: [0..<big.count]))
    let summary = DecodedFrame.describe(bigFields)
    #expect(summary == "1: \"\(String(repeating: "z", count: 120))\"… (300 B), 2: 42")
    #expect(bigFields[0].shortDescription.contains(longer), "the field itself keeps it all")
  }
}
