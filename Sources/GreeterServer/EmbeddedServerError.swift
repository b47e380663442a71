import GRPCCore
import NIOCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why the embedded server could not start, worded for a person: no stack traces, no type names.
public enum EmbeddedServerError: Error, Equatable, CustomStringConvertible {
  /// Another process (or another server here) already listens on the address.
  case addressInUse(ServerAddress)
  /// The OS refused the bind for another reason (not a local address, permission, …).
  case cannotListen(ServerAddress, reason: String)
  /// `start` was called while the server was already listening.
  case alreadyRunning(ServerAddress)

  public var description: String {
    switch self {
    case .addressInUse(let address):
      return "\(address) is already in use"
    case .cannotListen(let address, let reason):
      return "cannot listen on \(address): \(reason)"
    case .alreadyRunning(let address):
      return "the embedded server is already listening on \(address)"
    }
  }

  /// Maps whatever the transport threw while binding to one of the cases above.
  static func binding(_ address: ServerAddress, failedWith error: any Error) -> Self {
    if let ioError = Self.first(IOError.self, in: error) {
      if ioError.errnoCode == EADDRINUSE { return .addressInUse(address) }
      return .cannotListen(address, reason: String(cString: strerror(ioError.errnoCode)))
    }
    if Self.first(SocketAddressError.self, in: error) != nil {
      return .cannotListen(address, reason: "\"\(address.host)\" is not an IP address")
    }
    return .cannotListen(address, reason: Self.innermostMessage(of: error))
  }

  /// grpc-swift wraps the socket error in `RuntimeError`/`RPCError` causes; walk down to it.
  private static func first<Wanted: Error>(_: Wanted.Type, in error: any Error) -> Wanted? {
    var current: (any Error)? = error
    while let error = current {
      if let wanted = error as? Wanted { return wanted }
      current = Self.cause(of: error)
    }
    return nil
  }

  private static func innermostMessage(of error: any Error) -> String {
    var current = error
    while let next = Self.cause(of: current) { current = next }
    if let runtime = current as? RuntimeError { return runtime.message }
    if let rpc = current as? RPCError { return rpc.message }
    return String(describing: current)
  }

  private static func cause(of error: any Error) -> (any Error)? {
    if let runtime = error as? RuntimeError { return runtime.cause }
    if let rpc = error as? RPCError { return rpc.cause }
    return nil
  }
}
