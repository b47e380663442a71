/// The four RPC shapes; they decide when the client half-closes.
public enum CallKind: String, Sendable, Hashable, CaseIterable {
  case unary
  case serverStreaming = "server stream"
  case clientStreaming = "client stream"
  case bidirectional = "bidi"

  public init(clientStreaming: Bool, serverStreaming: Bool) {
    switch (clientStreaming, serverStreaming) {
    case (false, false): self = .unary
    case (false, true): self = .serverStreaming
    case (true, false): self = .clientStreaming
    case (true, true): self = .bidirectional
    }
  }

  /// Whether the client sends more than the one message it starts with.
  public var clientStreams: Bool { self == .clientStreaming || self == .bidirectional }
}

extension MethodDescriptor {
  public var kind: CallKind {
    CallKind(clientStreaming: clientStreaming, serverStreaming: serverStreaming)
  }
}
