import NIOCore
import NIOHPACK
import NIOHTTP2
import WireFormat

/// Decides, per RPC, whether the server compresses its replies, by rewriting the request's
/// `grpc-accept-encoding` before grpc-swift-nio-transport reads it.
///
/// Why a handler: grpc-swift-nio-transport has one set of algorithms for both directions. A server
/// that accepts gzip requests also compresses replies with the first of them a client lists in
/// `grpc-accept-encoding` (ours lists `gzip, deflate`; grpc-go, with its gzip package, `gzip`;
/// grpcio lists `identity` first). `serve` must accept compressed requests always but compress
/// replies only when told (`--compress`), so this handler, first in each stream's pipeline,
/// leaves the transport to see:
/// - without `--compress`: no `grpc-accept-encoding` (replies go as they are);
/// - with `--compress ALG`: only `ALG`, when the client offered it; else none.
final class ReplyEncodingChoice: ChannelInboundHandler, RemovableChannelHandler {
  typealias InboundIn = HTTP2Frame.FramePayload
  typealias InboundOut = HTTP2Frame.FramePayload

  private static let acceptEncoding = "grpc-accept-encoding"
  private let compression: MessageCompression?

  init(compression: MessageCompression?) {
    self.compression = compression
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    // Only the request's headers matter, the first HEADERS of the stream; then it steps aside.
    guard case .headers(var headers) = unwrapInboundIn(data) else {
      context.fireChannelRead(data)
      return
    }
    headers.headers = Self.rewritten(headers.headers, compression: compression)
    context.fireChannelRead(wrapInboundOut(.headers(headers)))
    context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
  }

  /// `request` with `grpc-accept-encoding` cut down to what the server should compress with.
  static func rewritten(_ request: HPACKHeaders, compression: MessageCompression?) -> HPACKHeaders {
    let offered = request[canonicalForm: acceptEncoding].map { $0.lowercased() }
    guard !offered.isEmpty else { return request }
    if let compression, offered == [compression.rawValue] { return request }
    var headers = request
    headers.remove(name: acceptEncoding)
    if let compression, offered.contains(compression.rawValue) {
      headers.add(name: acceptEncoding, value: compression.rawValue)
    }
    return headers
  }
}
