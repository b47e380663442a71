import CZlib

/// gRPC's message encodings (`grpc-encoding`): `gzip` (RFC 1952) and `deflate` (the zlib format,
/// RFC 1950, as grpc-go and grpcio write it), each message compressed on its own.
public enum MessageCompression: String, Sendable, CaseIterable {
  case gzip
  case deflate

  /// Why a compressed message could not be read.
  public enum Failure: Error, Equatable, CustomStringConvertible {
    /// It decompresses to more than the limit: said as soon as it passes it (a 1 GB bomb costs
    /// the limit, not a gigabyte).
    case tooLarge(limit: Int)
    case corrupt(String)

    public var description: String {
      switch self {
      case .tooLarge(let limit): "decompresses to over \(limit) bytes"
      case .corrupt(let why): "is corrupt: \(why)"
      }
    }
  }

  /// zlib's window bits for the format: 16 + 15 gzip, 15 the zlib format.
  private var windowBits: Int32 { self == .gzip ? 31 : 15 }

  /// `bytes` decompressed, at most `limit` bytes of it.
  ///
  /// Inflated straight into the result, which grows as needed (to `limit` + 1 at most, the byte
  /// that says it is over): no scratch buffer per message, and no copy out of one.
  public func decompress(_ bytes: some Collection<UInt8>, limit: Int) throws(Failure) -> [UInt8] {
    var input = Array(bytes)
    var stream = z_stream()
    guard cz_inflate_init2(&stream, windowBits) == Z_OK else { throw .corrupt("zlib init failed") }
    defer { inflateEnd(&stream) }
    let ceiling = limit + 1
    var output = [UInt8](repeating: 0, count: min(ceiling, max(256, input.count * 4)))
    var filled = 0
    var status: Int32 = Z_OK
    try input.withUnsafeMutableBufferPointer { (inputBuffer) throws(Failure) in
      stream.next_in = inputBuffer.baseAddress
      stream.avail_in = UInt32(inputBuffer.count)
      repeat {
        if filled == output.count {
          output.append(
            contentsOf: repeatElement(0, count: min(ceiling, output.count * 2) - output.count))
        }
        let before = filled
        output.withUnsafeMutableBufferPointer { outputBuffer in
          let room = min(outputBuffer.count - filled, Int(UInt32.max))
          stream.next_out = outputBuffer.baseAddress! + filled
          stream.avail_out = UInt32(room)
          status = CZlib.inflate(&stream, Z_NO_FLUSH)
          filled += room - Int(stream.avail_out)
        }
        guard
          status == Z_OK || status == Z_STREAM_END || (status == Z_BUF_ERROR && filled > before)
        else {
          let message = stream.msg.map { String(cString: $0) } ?? "zlib status \(status)"
          throw .corrupt(status == Z_BUF_ERROR ? "truncated" : message)
        }
        guard filled <= limit else { throw .tooLarge(limit: limit) }
      } while status != Z_STREAM_END
    }
    output.removeLast(output.count - filled)
    return output
  }

  /// `bytes` compressed.
  public func compress(_ bytes: [UInt8]) -> [UInt8] {
    var stream = z_stream()
    guard cz_deflate_init2(&stream, Z_DEFAULT_COMPRESSION, windowBits) == Z_OK else { return [] }
    defer { deflateEnd(&stream) }
    var input = bytes
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))) + 32)
    let written = input.withUnsafeMutableBufferPointer { inputBuffer in
      output.withUnsafeMutableBufferPointer { outputBuffer in
        stream.next_in = inputBuffer.baseAddress
        stream.avail_in = UInt32(inputBuffer.count)
        stream.next_out = outputBuffer.baseAddress
        stream.avail_out = UInt32(outputBuffer.count)
        _ = CZlib.deflate(&stream, Z_FINISH)
        return outputBuffer.count - Int(stream.avail_out)
      }
    }
    return Array(output[0..<written])
  }
}
