import NIOCore
import NIOPosix

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why a connection could not be made, in the words a user needs: the address and the OS reason.
enum ConnectFailure: Error {
  case shutDown

  static func describe(_ error: any Error, target: Target) -> String {
    if case .shutDown? = error as? ConnectFailure {
      return "client for \(target) is shut down"
    }
    if let error = error as? TLSConnectError { return error.description }
    if let error = error as? NIOConnectionError {
      if let single = error.connectionErrors.first {
        return describe(single.error, target: target)
      }
      if let dnsError = error.dnsAError ?? error.dnsAAAAError {
        return "cannot resolve \(target.host): \(resolverReason(dnsError))"
      }
    }
    if let error = error as? IOError {
      let code = error.errnoCode
      let reason = String(cString: strerror(code))
      if code == ECONNREFUSED { return "connection refused \(target)" }
      return "cannot connect to \(target): \(reason) (errno \(code))"
    }
    if let error = error as? ChannelError, case .connectTimeout(let amount) = error {
      return "no answer from \(target) within \(amount.nanoseconds / 1_000_000) ms"
    }
    return "cannot connect to \(target): \(error)"
  }

  /// What getaddrinfo said (`Name or service not known`); NIO's description repeats the host and
  /// port the message already names.
  private static func resolverReason(_ error: any Error) -> String {
    guard let unknown = error as? SocketAddressError.UnknownHost, !unknown.errorDescription.isEmpty
    else { return "\(error)" }
    return unknown.errorDescription
  }
}
