/// A gRPC length-prefixed message (the 5-byte prefix and its body), reassembled from DATA frames.
///
/// Capture keeps it schemaless: its fields are read, and named from the catalog in effect, only
/// when shown (`fields(in:direction:)`), so a schema that arrives after the frames still names them.
public struct GRPCMessage: Sendable {
  public var compressed: Bool
  /// The length the prefix announces.
  public var length: Int
  public var prefixSpans: ByteSpans
  public var bodySpans: ByteSpans
  /// The body, unless it was larger than the decoder keeps (`ConnectionDecoder.Limits`).
  public var body: [UInt8]?
  /// The `:path` of the stream that carried it (`/helloworld.Greeter/SayHello`), when its
  /// HEADERS were seen.
  public var path: String?
  /// For a compressed message: its stream's `grpc-encoding` (`gzip`), the body decompressed
  /// (at most as much as a body is kept), or why it could not be.
  public var encoding: String?
  public var plain: [UInt8]?
  public var decompressionProblem: String?

  public init(
    compressed: Bool, length: Int, prefixSpans: ByteSpans, bodySpans: ByteSpans, body: [UInt8]?,
    path: String?
  ) {
    self.compressed = compressed
    self.length = length
    self.prefixSpans = prefixSpans
    self.bodySpans = bodySpans
    self.body = body
    self.path = path
  }

  mutating func decompress(_ body: [UInt8], limit: Int) {
    guard let encoding else {
      decompressionProblem = "compressed, but its stream named no grpc-encoding"
      return
    }
    guard let compression = MessageCompression(rawValue: encoding) else {
      decompressionProblem = "compressed with \(encoding), which is not gzip or deflate"
      return
    }
    do {
      plain = try compression.decompress(body, limit: limit)
    } catch {
      decompressionProblem = "\(encoding) \(error)"
    }
  }
}

extension GRPCMessage {
  /// The message type `catalog` gives this method in `direction` (`helloworld.HelloReply`).
  public func messageType(in catalog: Catalog?, direction: Direction) -> String? {
    guard let catalog, let path, let method = catalog.method(path: path) else { return nil }
    return direction == .outbound ? method.inputType : method.outputType
  }

  /// The protobuf fields of the body, named and typed from `catalog` when it has the method; nil
  /// when the body is compressed, not kept, or not a valid protobuf message.
  public func fields(in catalog: Catalog?, direction: Direction) -> [ProtobufField]? {
    let type = messageType(in: catalog, direction: direction)
    if compressed {
      // The decompressed bytes are not on the wire: their fields point at offsets of their own.
      guard let plain else { return nil }
      return ProtobufDecoder(catalog: catalog).decode(
        plain, spans: [0..<plain.count], messageType: type)
    }
    guard let body else { return nil }
    return ProtobufDecoder(catalog: catalog).decode(body, spans: bodySpans, messageType: type)
  }
}
