/// A gRPC length-prefixed message (the 5-byte prefix and its body), reassembled from DATA frames.
public struct GRPCMessage: Sendable {
  public var compressed: Bool
  /// The length the prefix announces.
  public var length: Int
  public var prefixSpans: ByteSpans
  public var bodySpans: ByteSpans
  /// The body, unless it was larger than the decoder keeps (`ConnectionDecoder.Limits`).
  public var body: [UInt8]?
  /// The protobuf fields of the body (with names when the method's schema is known); nil when the
  /// body is compressed, not kept, or not a valid protobuf message.
  public var fields: [ProtobufField]?
  /// The message type the schema names for this method and direction, e.g. `helloworld.HelloReply`.
  public var messageType: String?
}
