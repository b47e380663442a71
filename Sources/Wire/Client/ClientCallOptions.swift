import GRPCCore
import WireFormat

/// What a caller can set on one call, grpcurl-style.
public struct ClientCallOptions: Sendable {
  /// Extra request headers in order; names ending in `-bin` carry base64 values (as on the wire).
  public var metadata: [(name: String, value: String)] = []
  /// Sent as `grpc-timeout` and enforced locally: when it passes, the call is cancelled with
  /// RST_STREAM CANCEL and ends DEADLINE_EXCEEDED.
  public var deadline: Duration?
  /// A response message announcing more bytes than this ends the call RESOURCE_EXHAUSTED (the
  /// stream is reset; the connection stays up).
  public var maxReceiveMessageBytes = 4 << 20
  /// Requests compressed this way (`grpc-encoding`, each message flagged compressed); nil sends
  /// them as they are.
  public var compression: MessageCompression?

  public init() {}
}
