/// Maps offsets within a reassembled byte sequence (a header block, a gRPC message) back to the
/// spans of the direction's stream the bytes came from, which may be several frames apart.
struct SpanLocator: Sendable {
  private let pieces: ByteSpans

  init(_ pieces: ByteSpans) {
    self.pieces = pieces
  }

  /// The stream spans covering logical offsets `range` (offset 0 = first byte of the pieces).
  func spans(for range: Range<Int>) -> ByteSpans {
    var result: ByteSpans = []
    var logical = 0
    for piece in pieces {
      let pieceRange = logical..<(logical + piece.count)
      let overlap = pieceRange.clamped(to: range)
      if !overlap.isEmpty {
        let start = piece.lowerBound + (overlap.lowerBound - logical)
        result.append(start..<(start + overlap.count))
      }
      logical += piece.count
      if logical >= range.upperBound { break }
    }
    return result
  }
}
