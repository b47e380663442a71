import Foundation
import Wire

/// Issue 12's TLS goals, our side: sequential unary SayHello over TLS on one connection (as
/// `unary`'s `core` client does in plaintext), and the time to a usable TLS connection (TCP,
/// handshake, the server's first bytes) over `handshakes` fresh connections.
enum TLSBench {
  static func run(
    target: (host: String, port: Int), cacert: String, calls: Int, warmup: Int, handshakes: Int
  ) async throws -> [String: Any] {
    var tls = ClientTLS()
    tls.trust = .pemFile(cacert)
    let prepared = try PreparedTLS.prepare(tls)
    var configuration = ClientCore.Configuration(
      target: Target(host: target.host, port: target.port))
    configuration.tls = prepared
    let client = ClientCore(configuration)
    let events = client.connectionEvents
    let drained = Task { for await _ in events {} }
    let measured = try await Measurement.loop(calls: calls, warmup: warmup) { index in
      let result = await client.call(path: UnaryBench.path, request: UnaryBench.request)
      guard result.status.code == .ok, result.messages == [UnaryBench.reply] else {
        throw BenchError("TLS call \(index): \(result.status)")
      }
    }
    await client.shutdown()
    _ = await drained.value

    // A fresh client each time: the first call's connect time is the handshake's.
    var connects: [Int64] = []
    for index in 0..<handshakes {
      let fresh = ClientCore(configuration)
      let freshEvents = fresh.connectionEvents
      let freshDrained = Task { for await _ in freshEvents {} }
      let result = await fresh.call(path: UnaryBench.path, request: UnaryBench.request)
      guard result.status.code == .ok else {
        throw BenchError("handshake \(index): \(result.status)")
      }
      connects.append(Int64(result.outcome.timing.connectNanos))
      await fresh.shutdown()
      _ = await freshDrained.value
    }
    var report = Percentiles(measured.samples).summary
    report["client"] = "core-tls"
    report["handshake_us_p50"] = Percentiles(connects).summary["p50_us"]
    report["handshakes"] = handshakes
    return report
  }
}
