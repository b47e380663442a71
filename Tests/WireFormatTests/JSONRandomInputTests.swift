import GreeterTestSupport
import Testing

@testable import WireFormat

/// Seeded random inputs: the parser never crashes or hangs, errors carry consistent positions and
/// one-line messages, and whatever parses survives a round trip through the writer.
@Suite struct JSONRandomInputTests {
  /// Bytes JSON is made of, so that random inputs get past the first character.
  static let alphabet: [UInt8] =
    Array("{}[]:,\"\\/ \n\r\tnulltruefalse0123456789-+.eEuD8Cx'".utf8)
    + [
      0x00, 0x1F, 0x7F, 0xC3, 0xA9, 0xE2, 0x80, 0xA8, 0xF0, 0x9F, 0x98, 0x80, 0xFF, 0xED, 0xEF,
      0xBB, 0xBF,
    ]

  @Test(arguments: [1, 2, 3, 4] as [UInt64])
  func randomBytesNeverCrash(seed: UInt64) throws {
    var generator = SeededGenerator(seed: seed)
    var parsed = 0
    for _ in 0..<2_500 {
      let length = Int.random(in: 0...48, using: &generator)
      let bytes = (0..<length).map { _ in
        Bool.random(using: &generator)
          ? Self.alphabet.randomElement(using: &generator)!
          : UInt8.random(in: 0...255, using: &generator)
      }
      if try check(bytes) { parsed += 1 }
    }
    #expect(parsed > 0)
  }

  @Test(arguments: [5, 6] as [UInt64])
  func mutatedDocumentsNeverCrash(seed: UInt64) throws {
    var generator = SeededGenerator(seed: seed)
    let document = Array(
      #"{"a":[1,-2.5e3,"x\u00e9\ud83d\ude00",true,null,{}],"b":{"c":[[]],"d":"é😀\n"},"e":0}"#.utf8)
    var parsed = 0
    for _ in 0..<3_000 {
      var bytes = document
      for _ in 0..<Int.random(in: 1...3, using: &generator) {
        let at = Int.random(in: 0..<bytes.count, using: &generator)
        switch Int.random(in: 0..<3, using: &generator) {
        case 0: bytes[at] = Self.alphabet.randomElement(using: &generator)!
        case 1: bytes.remove(at: at)
        default: bytes.insert(Self.alphabet.randomElement(using: &generator)!, at: at)
        }
        if bytes.isEmpty { break }
      }
      if try check(bytes) { parsed += 1 }
    }
    #expect(parsed > 0)
  }

  /// Parses `bytes` one way and as a sequence; true if it parsed as one value.
  private func check(_ bytes: [UInt8]) throws -> Bool {
    do {
      _ = try JSONParser.parseSequence(bytes)
    } catch {
      checkError(error, in: bytes)
    }
    do {
      let node = try JSONParser.parse(bytes)
      let compact = JSONWriter.compact(node)
      #expect(jsonSameValue(try JSONParser.parse(compact), node))
      #expect(jsonSameValue(try JSONParser.parse(JSONWriter.pretty(node)), node))
      return true
    } catch {
      checkError(error, in: bytes)
      return false
    }
  }

  private func checkError(_ error: JSONSyntaxError, in bytes: [UInt8]) {
    #expect((0...bytes.count).contains(error.position.offset))
    let naive = jsonNaivePosition(of: error.position.offset, in: bytes)
    #expect(naive.line == error.position.line, "\(bytes): \(error)")
    #expect(naive.column == error.position.column, "\(bytes): \(error)")
    #expect(!error.message.isEmpty)
    #expect(
      !error.message.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
    )
  }
}
