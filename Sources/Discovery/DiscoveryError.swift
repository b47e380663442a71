/// Why no schema could be had, in one line.
public struct DiscoveryError: Error, Sendable, CustomStringConvertible {
  public var description: String
  /// No connection could be made: `call`'s exit status 2, not 1.
  public var connectionFailed: Bool
  /// Neither reflection version is served (as opposed to reflection failing on the way).
  public var reflectionUnsupported = false
  /// The discovery calls made before it failed, with their frames (for `--frames`/`--json`).
  public var partial: Discovery?

  public init(_ description: String, connectionFailed: Bool = false, partial: Discovery? = nil) {
    self.description = description
    self.connectionFailed = connectionFailed
    self.partial = partial
  }
}
