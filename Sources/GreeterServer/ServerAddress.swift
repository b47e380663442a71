import GRPCNIOTransportHTTP2Posix

/// A host and TCP port a server listens on, printed as `127.0.0.1:50051` (IPv6 as `[::1]:50051`).
public struct ServerAddress: Hashable, Sendable, CustomStringConvertible {
  public var host: String
  public var port: Int

  public init(host: String, port: Int) {
    self.host = host
    self.port = port
  }

  public var description: String {
    host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
  }

  /// The transport's address; `localhost` means the IPv4 loopback, as it does for the default bind.
  var socketAddress: SocketAddress {
    if host.contains(":") { return .ipv6(host: host, port: port) }
    return .ipv4(host: host == "localhost" ? "127.0.0.1" : host, port: port)
  }
}
