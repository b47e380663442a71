import Foundation
import GreeterTestSupport
import Testing

@testable import Wire
@testable import WireFormat

/// A short, deterministic smoke of what `make fuzz` does at length: the committed seed corpus
/// and mutations of it through the decoder, checking that nothing crashes, every frame is as long
/// as its header says, and every span lies within the bytes fed. Plus the fuzzer's finds.
@Suite struct FuzzSmokeTests {
  static let seedFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fuzz/seed")

  /// A seed's records (tools/fuzz/README.md, control byte 0): `[h][h & 0x7F bytes]…`, inbound
  /// when `h & 0x80`.
  static func records(_ data: ArraySlice<UInt8>) -> [(Direction, ArraySlice<UInt8>)] {
    var records: [(Direction, ArraySlice<UInt8>)] = []
    var index = data.startIndex
    while index < data.endIndex {
      let header = data[index]
      let end = min(data.endIndex, index + 1 + Int(header & 0x7F))
      records.append((header & 0x80 != 0 ? .inbound : .outbound, data[(index + 1)..<end]))
      index = end
    }
    return records
  }

  /// Feeds the preface and the records; checks the invariants; returns the items.
  @discardableResult
  static func decode(_ records: [(Direction, ArraySlice<UInt8>)]) -> [DecodedItem] {
    var decoder = ConnectionDecoder()
    var fed: [Direction: Int] = [.outbound: ConnectionDecoder.clientPreface.count]
    var items = decoder.feed(ConnectionDecoder.clientPreface, direction: .outbound)
    for (direction, bytes) in records {
      fed[direction, default: 0] += bytes.count
      let new = decoder.feed(bytes, direction: direction)
      for case .frame(let frame) in new {
        #expect(frame.span.upperBound <= fed[frame.direction, default: 0])
        if let header = frame.header { #expect(frame.bytes.count == 9 + Int(header.length)) }
        _ = frame.summary
      }
      items += new
    }
    items += decoder.end()
    return items
  }

  @Test func seedsDecodeAndMutationsOfThemNeverCrash() throws {
    let seeds = try FileManager.default.contentsOfDirectory(
      at: Self.seedFolder, includingPropertiesForKeys: nil
    )
    .filter { $0.pathExtension == "bin" }.sorted { $0.path < $1.path }
    #expect(seeds.count >= 10)
    var generator = SeededGenerator(seed: 0xF022)
    var decodedFrames = 0
    var mutations = 0
    for url in seeds {
      let data = Array(try Data(contentsOf: url))
      guard data.first == 0x00 else {
        // A protobuf seed: schemaless and with the schema.
        _ = ProtobufDecoder(catalog: greeterCatalog).decode(
          Array(data.dropFirst()), spans: [0..<(data.count - 1)])
        continue
      }
      let clean = Self.decode(Self.records(data.dropFirst()))
      decodedFrames += clean.count { if case .frame = $0 { true } else { false } }
      #expect(
        !clean.contains { if case .error = $0 { true } else { false } },
        "\(url.lastPathComponent) decodes cleanly")
      for _ in 0..<400 {
        var mutated = data
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
          let index = Int.random(in: 1..<mutated.count, using: &generator)
          mutated[index] = UInt8.random(in: 0...255, using: &generator)
        }
        Self.decode(Self.records(mutated.dropFirst()))
        mutations += 1
      }
    }
    print("fuzz smoke: \(seeds.count) seeds, \(decodedFrames) frames, \(mutations) mutations")
    #expect(decodedFrames > 100)
  }

  /// Found by `make fuzz` (after 7.85 million inputs): an HPACK integer padded with zero
  /// continuation bytes shifted its last byte past Int's sign bit, and the negative string
  /// length moved the decoder backwards (a trap on `block[start..<index]`).
  @Test func hpackIntegerPaddedWithZeroContinuationBytesIsAnErrorNotATrap() throws {
    var index = 0
    let padded: [UInt8] = [0x7F] + [UInt8](repeating: 0x80, count: 8) + [0x7F]
    #expect(HeaderBlockDecoder.integer(padded, &index, prefixBits: 7) == nil)
    index = 0
    #expect(
      HeaderBlockDecoder.integer([0x7F, 0x80, 0x80, 0x80, 0x80, 0x07], &index, prefixBits: 7)
        == 127 + (7 << 28))
    // The same in a response HEADERS: a literal whose value length is such an integer.
    var decoder = ConnectionDecoder()
    _ = decoder.feed(
      ConnectionDecoder.clientPreface + [0, 0, 0, 4, 0, 0, 0, 0, 0], direction: .outbound)
    _ = decoder.feed([0, 0, 0, 4, 0, 0, 0, 0, 0], direction: .inbound)
    let block: [UInt8] = [0x00, 0x01, 0x61] + padded
    let frame = [0, 0, UInt8(block.count), 1, 4, 0, 0, 0, 1] + block
    let items = decoder.feed(frame, direction: .inbound)
    guard case .frame(let decoded) = try #require(items.last),
      case .headers(let headers) = decoded.payload
    else {
      Issue.record("expected a HEADERS frame, got \(items)")
      return
    }
    #expect(headers.block?.error?.contains("invalid HPACK") == true)
  }

  /// Found by `make fuzz`: SETTINGS_HEADER_TABLE_SIZE 0xFFFFFFFF made NIOHPACK allocate 2 GiB.
  @Test func hugeHeaderTableSizeIsBoundedAndHeadersStillDecode() throws {
    var decoder = ConnectionDecoder()
    let settings: [UInt8] = [0, 0, 6, 4, 0, 0, 0, 0, 0, 0, 1, 0xFF, 0xFF, 0xFF, 0xFF]
    _ = decoder.feed(settings, direction: .inbound)
    _ = decoder.feed(ConnectionDecoder.clientPreface + settings, direction: .outbound)
    // A response HEADERS (":status: 200", indexed) still decodes.
    let items = decoder.feed([0, 0, 1, 1, 4, 0, 0, 0, 1, 0x88], direction: .inbound)
    guard case .frame(let frame) = try #require(items.last),
      case .headers(let headers) = frame.payload
    else {
      Issue.record("expected a HEADERS frame, got \(items)")
      return
    }
    #expect(headers.block?.value(":status") == "200")
  }
}
