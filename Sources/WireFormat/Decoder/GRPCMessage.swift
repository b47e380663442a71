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
    guard !compressed, let body else { return nil }
    return ProtobufDecoder(catalog: catalog).decode(
      body, spans: bodySpans, messageType: messageType(in: catalog, direction: direction))
  }
}
