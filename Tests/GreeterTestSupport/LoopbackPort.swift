import Foundation

/// Loopback ports for tests that stop a server and start it again on the same port.
///
/// A port the kernel picked for `bind(port 0)` lies in the ephemeral range, where, once freed, the
/// kernel may hand it to any other test's server or outgoing connection. A port below that range
/// is only ever taken by asking for it by number, which no other test does.
public enum LoopbackPort {
  /// A port below the ephemeral range that nothing listens on now.
  public static func outsideEphemeralRange() throws -> Int {
    let lowestEphemeral = ephemeralRange().lowerBound
    let candidates = 10_000..<max(10_001, lowestEphemeral)
    for _ in 0..<100 {
      let port = Int.random(in: candidates)
      if canBind(port) { return port }
    }
    throw TestFailure("no free loopback port in \(candidates)")
  }

  /// True when a TCP connection to 127.0.0.1:`port` is refused: nothing listens there.
  public static func refuses(_ port: Int) -> Bool {
    withSocket { descriptor in
      var address = loopback(port)
      let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
      }
      return connected != 0 && errno == ECONNREFUSED
    }
  }

  private static func canBind(_ port: Int) -> Bool {
    withSocket { descriptor in
      var address = loopback(port)
      return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
        }
      }
    }
  }

  /// /proc/sys/net/ipv4/ip_local_port_range, or Linux's default.
  private static func ephemeralRange() -> ClosedRange<Int> {
    let text =
      (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8))
      ?? ""
    let bounds = text.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
    guard bounds.count == 2, bounds[0] <= bounds[1] else { return 32768...60999 }
    return bounds[0]...bounds[1]
  }

  private static func loopback(_ port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = UInt16(port).bigEndian
    return address
  }

  private static func withSocket(_ body: (Int32) -> Bool) -> Bool {
    #if canImport(Glibc)
      let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
      let descriptor = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    return body(descriptor)
  }
}
