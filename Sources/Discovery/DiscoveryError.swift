import WireFormat

/// Why no schema could be had, in one line (protoc's errors: its lines). Made inert as it is
/// made: it quotes names and messages the server sent.
public struct DiscoveryError: Error, Sendable, CustomStringConvertible {
  public var description: String
  /// No connection could be made: `call`'s exit status 2, not 1.
  public var connectionFailed: Bool
  /// Neither reflection version is served (as opposed to reflection failing on the way).
  public var reflectionUnsupported = false
  /// The discovery calls made before it failed, with their frames (for `--frames`/`--json`).
  public var partial: Discovery?

  /// - Parameter lines: text of several lines already made inert line by line (protoc's);
  ///   otherwise `description` is made inert as one line.
  public init(
    _ description: String, connectionFailed: Bool = false, partial: Discovery? = nil,
    lines: Bool = false
  ) {
    self.description = lines ? description : InertText.make(description)
    self.connectionFailed = connectionFailed
    self.partial = partial
  }
}
