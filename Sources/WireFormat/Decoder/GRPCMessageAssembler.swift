/// Reassembles gRPC length-prefixed messages (1 byte compressed flag, 4 bytes big-endian length,
/// then the body; gRPC over HTTP/2 spec) from the DATA of one direction of one stream, whatever
/// the frame boundaries. Bodies larger than `maxKeptBody` are counted and skipped, not stored.
struct GRPCMessageAssembler {
  struct Completed {
    var compressed: Bool
    var length: Int
    var prefixSpans: ByteSpans
    var bodySpans: ByteSpans
    var body: [UInt8]?
  }

  let maxKeptBody: Int
  private var prefix: [UInt8] = []
  private var prefixSpans: ByteSpans = []
  private var body: [UInt8] = []
  private var bodySpans: ByteSpans = []
  private var bodyReceived = 0

  init(maxKeptBody: Int) {
    self.maxKeptBody = maxKeptBody
  }

  /// The message still being received, if any.
  var partial: PartialMessage? {
    if prefix.isEmpty { return nil }
    return PartialMessage(
      received: prefix.count + bodyReceived, expected: expectedLength.map { $0 + 5 })
  }

  private var expectedLength: Int? {
    guard prefix.count == 5 else { return nil }
    return Int(prefix[1]) << 24 | Int(prefix[2]) << 16 | Int(prefix[3]) << 8 | Int(prefix[4])
  }

  /// Takes the data of one DATA frame, `offset` being where its first byte is in the stream.
  mutating func append(_ data: ArraySlice<UInt8>, at offset: Int) -> [Completed] {
    var completed: [Completed] = []
    var index = data.startIndex
    while index < data.endIndex {
      let position = offset + (index - data.startIndex)
      if prefix.count < 5 {
        let take = min(5 - prefix.count, data.endIndex - index)
        prefix += data[index..<(index + take)]
        Self.extend(&prefixSpans, position..<(position + take))
        index += take
      } else if let length = expectedLength {
        let take = min(length - bodyReceived, data.endIndex - index)
        if length <= maxKeptBody { body += data[index..<(index + take)] }
        Self.extend(&bodySpans, position..<(position + take))
        bodyReceived += take
        index += take
      }
      if let length = expectedLength, bodyReceived == length {
        completed.append(
          Completed(
            compressed: prefix[0] & 1 != 0,
            length: length,
            prefixSpans: prefixSpans,
            bodySpans: bodySpans,
            body: length <= maxKeptBody ? body : nil
          )
        )
        prefix.removeAll(keepingCapacity: true)
        prefixSpans.removeAll()
        body = []
        bodySpans.removeAll()
        bodyReceived = 0
      }
    }
    return completed
  }

  /// Adds `range` to `spans`, merging it with the last span when they touch.
  private static func extend(_ spans: inout ByteSpans, _ range: Range<Int>) {
    if let last = spans.last, last.upperBound == range.lowerBound {
      spans[spans.count - 1] = last.lowerBound..<range.upperBound
    } else if !range.isEmpty {
      spans.append(range)
    }
  }
}
