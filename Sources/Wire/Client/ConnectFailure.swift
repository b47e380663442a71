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
    if let error = error as? NIOConnectionError {
      if let single = error.connectionErrors.first {
        return describe(single.error, target: target)
      }
      if error.dnsAError != nil || error.dnsAAAAError != nil {
        return "cannot resolve \(target.host): \(error.dnsAError ?? error.dnsAAAAError!)"
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
}
