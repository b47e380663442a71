import NIOCore
import NIOHPACK

/// One direction's HPACK decoding: NIOHPACK's `HPACKDecoder` keeps the dynamic table and decodes
/// names, values and Huffman codes; this type adds what NIOHPACK does not report — how each field
/// was represented and where its bytes are — by reading each representation's first bytes
/// (RFC 7541 §6) and handing NIOHPACK one representation at a time, so that a broken field keeps
/// the fields before it.
struct HeaderBlockDecoder {
  private var decoder: HPACKDecoder
  private var hasDecodedABlock = false
  /// One representation at a time goes through it; kept so its storage is reused.
  private var scratch = ByteBuffer()

  init(tableSize: Int = 4096) {
    decoder = Self.makeDecoder(tableSize: tableSize)
  }

  /// The decoding side announced SETTINGS_HEADER_TABLE_SIZE. The encoder may use the new size
  /// from its next block on; before the first block the decoder is simply made that size. Later
  /// changes are followed through the size updates the encoder must then send.
  mutating func decodingSideAnnounced(tableSize: Int) {
    if !hasDecodedABlock {
      decoder = Self.makeDecoder(tableSize: min(tableSize, Self.maxTableSize))
    }
  }

  /// NIOHPACK sets aside room for a table's entries up front (a 4 GiB announcement would cost
  /// 2 GiB at once, as the fuzzer found), so an announced size is followed up to this; an
  /// encoder that really uses more shows up as an HPACK error, not as memory.
  static let maxTableSize = 1 << 20

  private static func makeDecoder(tableSize: Int) -> HPACKDecoder {
    // A passive observer should show big header lists rather than refuse them; frame size
    // limits already bound the memory.
    HPACKDecoder(
      allocator: ByteBufferAllocator(),
      maxDynamicTableSize: tableSize,
      maxHeaderListSize: 16 << 20
    )
  }

  mutating func decode(_ block: [UInt8], spans: ByteSpans) -> HeaderBlock {
    hasDecodedABlock = true
    let locator = SpanLocator(spans)
    var entries: [HPACKEntry] = []
    var index = 0
    while index < block.count {
      let start = index
      guard let shape = Self.representation(block, &index) else {
        return HeaderBlock(
          entries: entries, error: "truncated or invalid HPACK at block byte \(start)")
      }
      scratch.clear()
      scratch.writeBytes(block[start..<index])
      let decoded: HPACKHeaders
      do {
        decoded = try decoder.decodeHeaders(from: &scratch)
      } catch {
        return HeaderBlock(
          entries: entries,
          error: "HPACK error at block byte \(start): \(Self.describe(error))"
        )
      }
      let spans = locator.spans(for: start..<index)
      switch shape.kind {
      case .sizeUpdate(let size):
        entries.append(.tableSizeUpdate(size: size, spans: spans))
      case .field(let representation):
        guard let header = decoded.first else {
          return HeaderBlock(
            entries: entries, error: "HPACK field at block byte \(start) decoded to nothing")
        }
        entries.append(
          .field(
            HeaderField(
              name: header.name,
              value: header.value,
              representation: representation,
              nameHuffman: shape.nameHuffman,
              valueHuffman: shape.valueHuffman,
              spans: spans
            )
          )
        )
      }
    }
    return HeaderBlock(entries: entries, error: nil)
  }

  private static func describe(_ error: any Error) -> String {
    String(describing: error)
  }

  // MARK: - The shape of one representation (RFC 7541 §6)

  private struct Shape {
    enum Kind {
      case field(HPACKRepresentation)
      case sizeUpdate(Int)
    }
    var kind: Kind
    var nameHuffman: Bool?
    var valueHuffman: Bool?
  }

  /// Reads one representation starting at `index` and moves `index` past it.
  private static func representation(_ block: [UInt8], _ index: inout Int) -> Shape? {
    let first = block[index]
    if first & 0x80 != 0 {
      guard let table = integer(block, &index, prefixBits: 7) else { return nil }
      return Shape(kind: .field(.indexed(index: table)))
    }
    if first & 0xE0 == 0x20 {
      guard let size = integer(block, &index, prefixBits: 5) else { return nil }
      return Shape(kind: .sizeUpdate(size))
    }
    let prefixBits = first & 0xC0 == 0x40 ? 6 : 4
    guard let nameIndex = integer(block, &index, prefixBits: prefixBits) else { return nil }
    var nameHuffman: Bool?
    if nameIndex == 0 {
      guard let huffman = skipString(block, &index) else { return nil }
      nameHuffman = huffman
    }
    guard let valueHuffman = skipString(block, &index) else { return nil }
    let name = nameIndex == 0 ? nil : nameIndex
    let representation: HPACKRepresentation =
      switch first & 0xF0 {
      case 0x10: .literalNeverIndexed(nameIndex: name)
      case 0x00: .literalWithoutIndexing(nameIndex: name)
      default: .literalWithIndexing(nameIndex: name)
      }
    return Shape(kind: .field(representation), nameHuffman: nameHuffman, valueHuffman: valueHuffman)
  }

  /// An HPACK integer (RFC 7541 §5.1); nil when truncated or larger than 2^31.
  static func integer(_ block: [UInt8], _ index: inout Int, prefixBits: Int) -> Int? {
    guard index < block.count else { return nil }
    let mask = (1 << prefixBits) - 1
    var value = Int(block[index]) & mask
    index += 1
    if value < mask { return value }
    var shift = 0
    while index < block.count {
      let byte = Int(block[index])
      index += 1
      // 2^31 needs at most five continuation bytes. More (zeros padding it out, as the fuzzer
      // sent) would shift bits past Int's sign: a negative length that moved `index` back.
      guard shift <= 28 else { return nil }
      value += (byte & 0x7F) << shift
      if value > Int(Int32.max) { return nil }
      if byte & 0x80 == 0 { return value }
      shift += 7
    }
    return nil
  }

  /// Skips a string literal (RFC 7541 §5.2); returns its Huffman flag, nil when truncated.
  private static func skipString(_ block: [UInt8], _ index: inout Int) -> Bool? {
    guard index < block.count else { return nil }
    let huffman = block[index] & 0x80 != 0
    guard let length = integer(block, &index, prefixBits: 7), length <= block.count - index else {
      return nil
    }
    index += length
    return huffman
  }
}
