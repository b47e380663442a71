import Foundation
import GreeterTestSupport
import NIOCore
import NIOPosix
import Wire

/// tshark capturing a TCP port on loopback, then reading the capture back as HTTP/2 + gRPC:
/// the independent view of what crossed the wire. `make test` installs tshark; tests run as root.
struct TsharkCapture {
  let process: ChildProcess
  let file: String
  let port: Int

  static func tshark() throws -> String {
    for folder in ["/usr/bin", "/usr/local/bin"]
    where FileManager.default.isExecutableFile(atPath: "\(folder)/tshark") {
      return "\(folder)/tshark"
    }
    throw TestFailure("tshark not found: run `make test`, which installs Debian's tshark")
  }

  static func start(port: Int) async throws -> TsharkCapture {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent(
      "capture-\(UUID().uuidString).pcapng"
    ).path
    let process = try ChildProcess(
      try tshark(), ["-i", "lo", "-f", "tcp port \(port)", "-w", file, "-P", "-l"])
    let capture = TsharkCapture(process: process, file: file, port: port)
    try await capture.mark(expectingSYNs: 1)
    return capture
  }

  /// Connects to the port and closes, then waits until tshark has printed that many SYNs in
  /// all: once it shows the mark, it has everything before it. How the test knows the capture
  /// started and has caught up, without guessing a time.
  func mark(expectingSYNs count: Int) async throws {
    let deadline = ContinuousClock.now + .seconds(20)
    while ContinuousClock.now < deadline {
      let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .connect(host: "127.0.0.1", port: port).get()
      try await channel.close()
      let seen = try? await waitFor("tshark to show the mark", timeout: .milliseconds(500)) {
        process.output.components(separatedBy: "[SYN]").count - 1 >= count ? true : nil
      }
      if seen != nil { return }
    }
    throw TestFailure("tshark never showed traffic on port \(port):\n\(process.errorOutput)")
  }

  /// Stops capturing (after a last mark, so nothing is still in flight) and decodes the file;
  /// TLS with the secrets of `keylog` (NSS key log format), when given.
  func stop(connectionsSinceStart calls: Int, keylog: String? = nil) async throws -> [Packet] {
    let before = process.output.components(separatedBy: "[SYN]").count - 1
    try await mark(expectingSYNs: max(before + 1, calls + 2))
    process.signal(SIGTERM)
    try await process.waitForExit()
    return try Self.read(file, port: port, keylog: keylog)
  }

  /// One TCP segment with payload, and the HTTP/2 frames tshark completed in it.
  struct Packet {
    var connection: Int
    var fromServer: Bool
    var payload: [UInt8]
    var frames: [(type: Int, stream: Int, length: Int, flags: Int)]
    var headers: [(name: String, value: String)]
    var messageLengths: [Int]
    /// Each gRPC message's compressed flag (1: compressed), as tshark's gRPC dissector reads it.
    var compressedFlags: [Int]
  }

  static let aggregator = "\u{1E}"

  static func read(_ file: String, port: Int, keylog: String? = nil) throws -> [Packet] {
    let fields = [
      "tcp.stream", "tcp.srcport", "tcp.payload", "http2.type", "http2.streamid", "http2.length",
      "http2.flags", "http2.header.name", "http2.header.value", "grpc.message_length",
      "tcp.analysis.retransmission", "tcp.analysis.spurious_retransmission",
      "grpc.compressed_flag",
    ]
    let (status, output) = try Spawn.run(
      try tshark(),
      ["-r", file]
        + (keylog.map { ["-o", "tls.keylog_file:\($0)", "-d", "tcp.port==\(port),tls"] }
          ?? ["-d", "tcp.port==\(port),http2"])
        + ["-T", "fields", "-E", "separator=/t", "-E", "aggregator=\(aggregator)"]
        + fields.flatMap { ["-e", $0] }, keepErrors: false)
    guard status == 0 else { throw TestFailure("tshark -r \(file) failed") }
    return output.split(separator: "\n").compactMap { line in
      let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
      guard columns.count == fields.count, !columns[2].isEmpty else { return nil }
      // TCP sent these bytes again (loopback under load does): the stream holds them once.
      guard columns[10].isEmpty, columns[11].isEmpty else { return nil }
      func list(_ index: Int) -> [String] {
        columns[index].isEmpty ? [] : columns[index].components(separatedBy: aggregator)
      }
      let types = list(3).compactMap { Int($0) }
      let streams = list(4).compactMap { Int($0) }
      let lengths = list(5).compactMap { Int($0) }
      let flags = list(6).compactMap { Int($0.dropFirst(2), radix: 16) }
      return Packet(
        connection: Int(columns[0]) ?? -1,
        fromServer: Int(columns[1]) == port,
        payload: Hex.bytes(columns[2].replacingOccurrences(of: ":", with: "")),
        frames: types.indices.map { (types[$0], streams[$0], lengths[$0], flags[$0]) },
        headers: zip(list(7), list(8)).map { ($0, $1) },
        messageLengths: list(9).compactMap { Int($0) },
        compressedFlags: list(12).compactMap { Int($0) }
      )
    }
  }

  /// Over TLS: each connection's decrypted HTTP/2 bytes per direction, as tshark shows them with
  /// the secrets of `keylog` (every HTTP/2 item's raw bytes, the client preface's included, in
  /// capture order; retransmitted segments left out).
  static func decryptedBytes(_ file: String, port: Int, keylog: String) throws -> [Int: (
    client: [UInt8], server: [UInt8]
  )] {
    let (status, output) = try Spawn.run(
      try tshark(),
      [
        "-r", file, "-o", "tls.keylog_file:\(keylog)", "-d", "tcp.port==\(port),tls", "-Y",
        "http2 && !tcp.analysis.retransmission && !tcp.analysis.spurious_retransmission", "-T",
        "json", "--no-duplicate-keys", "-x", "-j",
        "tcp http2",
      ], keepErrors: false)
    guard status == 0,
      let packets = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]]
    else { throw TestFailure("tshark -T json -r \(file) failed") }
    var connections: [Int: (client: [UInt8], server: [UInt8])] = [:]
    for packet in packets {
      let layers = (packet["_source"] as? [String: Any])?["layers"] as? [String: Any] ?? [:]
      let tcp = layers["tcp"] as? [String: Any] ?? [:]
      guard let stream = Int(tcp["tcp.stream"] as? String ?? ""),
        let source = Int(tcp["tcp.srcport"] as? String ?? "")
      else { continue }
      // One item: [hex, offset, length, mask, type]; several: a list of those.
      let raw = layers["http2_raw"] as? [Any] ?? []
      let items = raw.first is String ? [raw] : raw.compactMap { $0 as? [Any] }
      let bytes = items.flatMap { Hex.bytes($0.first as? String ?? "") }
      var connection = connections[stream] ?? ([], [])
      if source == port { connection.server += bytes } else { connection.client += bytes }
      connections[stream] = connection
    }
    return connections
  }
}
