/// Reads the fixed layouts of HTTP/2 frame payloads (RFC 9113 §6). Header blocks and DATA content
/// need state across frames and are finished by `ConnectionDecoder`.
enum FramePayloadParser {
  /// A frame's payload bytes and where its first byte is in the direction's stream.
  struct Payload {
    var bytes: ArraySlice<UInt8>
    var offset: Int

    var count: Int { bytes.count }
    func span(_ range: Range<Int>) -> Range<Int> {
      (offset + range.lowerBound)..<(offset + range.upperBound)
    }
    subscript(_ index: Int) -> UInt8 { bytes[bytes.startIndex + index] }
    func slice(_ range: Range<Int>) -> ArraySlice<UInt8> {
      bytes[(bytes.startIndex + range.lowerBound)..<(bytes.startIndex + range.upperBound)]
    }
    func uint32(at index: Int) -> UInt32 {
      (0..<4).reduce(0) { $0 << 8 | UInt32(self[index + $1]) }
    }
  }

  enum Failure: Error {
    case malformed(String)
  }

  /// The padding (when PADDED) and the range of the content between it and the pad length byte.
  static func unpad(_ payload: Payload, padded: Bool) throws(Failure) -> (Padding?, Range<Int>) {
    guard padded else { return (nil, 0..<payload.count) }
    guard payload.count >= 1 else { throw .malformed("PADDED frame without a Pad Length byte") }
    let padLength = Int(payload[0])
    guard padLength < payload.count else {
      throw .malformed("padding of \(padLength) bytes does not fit a \(payload.count)-byte payload")
    }
    let contentEnd = payload.count - padLength
    return (
      Padding(
        lengthSpan: payload.span(0..<1), paddingSpan: payload.span(contentEnd..<payload.count)),
      1..<contentEnd
    )
  }

  static func priority(_ payload: Payload, at start: Int) -> Priority {
    let dependency = payload.uint32(at: start)
    return Priority(
      exclusive: dependency & 0x8000_0000 != 0,
      streamDependency: dependency & 0x7FFF_FFFF,
      weight: payload[start + 4],
      span: payload.span(start..<(start + 5))
    )
  }

  /// Frames whose payload is complete in itself.
  static func simple(_ type: FrameType, _ payload: Payload) throws(Failure) -> FramePayload {
    switch type {
    case .priority:
      try expect(payload, count: 5, "PRIORITY")
      return .priority(priority(payload, at: 0))
    case .rstStream:
      try expect(payload, count: 4, "RST_STREAM")
      return .rstStream(errorCode: payload.uint32(at: 0))
    case .settings:
      guard payload.count % 6 == 0 else {
        throw .malformed("SETTINGS payload of \(payload.count) bytes is not a multiple of 6")
      }
      return .settings(
        stride(from: 0, to: payload.count, by: 6).map { start in
          Setting(
            identifier: UInt16(payload[start]) << 8 | UInt16(payload[start + 1]),
            value: payload.uint32(at: start + 2),
            span: payload.span(start..<(start + 6))
          )
        }
      )
    case .ping:
      try expect(payload, count: 8, "PING")
      return .ping(opaque: UInt64(payload.uint32(at: 0)) << 32 | UInt64(payload.uint32(at: 4)))
    case .goAway:
      guard payload.count >= 8 else {
        throw .malformed("GOAWAY payload of \(payload.count) bytes is shorter than 8")
      }
      return .goAway(
        lastStreamID: payload.uint32(at: 0) & 0x7FFF_FFFF,
        errorCode: payload.uint32(at: 4),
        debugData: Array(payload.slice(8..<payload.count))
      )
    case .windowUpdate:
      try expect(payload, count: 4, "WINDOW_UPDATE")
      return .windowUpdate(increment: payload.uint32(at: 0) & 0x7FFF_FFFF)
    default:
      return .unknown
    }
  }

  private static func expect(_ payload: Payload, count: Int, _ name: String) throws(Failure) {
    guard payload.count == count else {
      throw .malformed("\(name) payload must be \(count) bytes, not \(payload.count)")
    }
  }
}
