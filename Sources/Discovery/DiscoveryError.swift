import WireFormat

/// Why no schema could be had, in one line (protoc's errors: its lines). Made inert as it is
/// made: it quotes names and messages the server sent.
public struct DiscoveryError: Error, Sendable, CustomStringConvertible {
  public var description: String
  /// No connection could be made: `call`'s exit status 2, not 1.
  public var connectionFailed: Bool
  /// When neither reflection version is served (as opposed to reflection failing on the way):
  /// `server does not support the reflection API (tried …)`, without the hint that follows.
  public var reflectionUnsupported: String?
  /// The discovery calls made before it failed, with their frames (for `--frames`/`--json`).
  public var partial: Discovery?

  /// - Parameter keepNewlines: text of several lines (protoc's), each made inert; otherwise
  ///   `description` is made inert as one line.
  public init(
    _ description: String, connectionFailed: Bool = false, partial: Discovery? = nil,
    keepNewlines: Bool = false
  ) {
    self.description = InertText.make(description, keepNewlines: keepNewlines)
    self.connectionFailed = connectionFailed
    self.partial = partial
  }
}
