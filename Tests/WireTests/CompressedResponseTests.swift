import GRPCCore
import NIOCore
import NIOHPACK
import Testing

@testable import Wire

/// Compressed replies as the client reads them: decompressed under `--max-receive`, refused
/// with what went wrong otherwise.
@Suite struct CompressedResponseTests {
  static func reply(_ body: [UInt8], encoding: String?, limit: Int) -> [ResponseReader.Output] {
    var reader = ResponseReader(maxReceiveMessageBytes: limit)
    var headers: HPACKHeaders = [":status": "200", "content-type": "application/grpc"]
    if let encoding { headers.add(name: "grpc-encoding", value: encoding) }
    var outputs = reader.headers(headers, endStream: false)
    var data = ByteBuffer()
    data.writeInteger(UInt8(1))
    data.writeInteger(UInt32(body.count))
    data.writeBytes(body)
    outputs += reader.data(data, endStream: false)
    return outputs
  }

  static func ending(_ outputs: [ResponseReader.Output]) -> Status? {
    for case .finish(let status, _) in outputs { return status }
    return nil
  }

  @Test func aGzipReplyIsDecompressed() {
    let outputs = Self.reply(
      MessageCompression.gzip.compress([0x0A, 3] + Array("Ada".utf8)), encoding: "gzip",
      limit: 100)
    let messages = outputs.compactMap { output -> [UInt8]? in
      if case .event(.message(let bytes)) = output { bytes } else { nil }
    }
    #expect(messages == [[0x0A, 3] + Array("Ada".utf8)])
    #expect(Self.ending(outputs) == nil)
  }

  /// 16 MiB of zeros in a few KiB: refused once the limit is passed, the stream reset.
  @Test func aBombIsResourceExhaustedAtTheLimit() {
    let bomb = MessageCompression.gzip.compress([UInt8](repeating: 0, count: 16 << 20))
    let status = Self.ending(Self.reply(bomb, encoding: "gzip", limit: 4 << 20))
    #expect(status?.code == .resourceExhausted)
    #expect(
      status?.message
        == "a gzip message of \(bomb.count) bytes decompresses to over 4194304 bytes")
  }

  @Test func anUnknownEncodingOrCorruptDataIsInternal() {
    let unknown = Self.ending(Self.reply([1, 2, 3], encoding: "snappy", limit: 100))
    #expect(unknown?.code == .internalError)
    #expect(
      unknown?.message
        == "server sent a compressed message with grpc-encoding snappy: only gzip and deflate are offered"
    )
    let unnamed = Self.ending(Self.reply([1, 2, 3], encoding: nil, limit: 100))
    #expect(unnamed?.message.contains("with no grpc-encoding") == true)
    let corrupt = Self.ending(Self.reply([1, 2, 3, 4, 5, 6], encoding: "deflate", limit: 100))
    #expect(corrupt?.code == .internalError)
    #expect(corrupt?.message.hasPrefix("a deflate message of 6 bytes is corrupt: ") == true)
  }
}
