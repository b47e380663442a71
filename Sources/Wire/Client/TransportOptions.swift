/// How the client core reaches a server beyond its address: TLS or not, and the `:authority`.
/// One value for the call and for the reflection calls before it.
public struct TransportOptions: Sendable {
  public var tls: PreparedTLS?
  public var authority: String?

  public init(tls: PreparedTLS? = nil, authority: String? = nil) {
    self.tls = tls
    self.authority = authority
  }

  /// A client core's configuration for `target` over this transport.
  public func configuration(for target: Target) -> ClientCore.Configuration {
    var configuration = ClientCore.Configuration(target: target)
    configuration.tls = tls
    configuration.authority = authority
    return configuration
  }
}
