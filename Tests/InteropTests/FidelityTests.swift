import Foundation
import GreeterTestSupport
import Testing
import Wire

/// What `call --json` says crossed the wire, checked against tshark capturing the same calls on
/// loopback, and against tshark reading `--pcap`: every byte, every frame's type, flags, stream
/// and length, every header name and value, every gRPC message length.
@Suite(.serialized) struct FidelityTests {
  struct Tally {
    var frames = 0
    var fields = 0
    var bytes = 0
  }

  /// Our view of one direction of a connection, from the JSON.
  struct Side {
    var bytes: [UInt8] = []
    var frames: [(type: Int, stream: Int, length: Int, flags: Int)] = []
    var headers: [(name: String, value: String)] = []
    var messageLengths: [Int] = []
  }

  static func sides(_ call: CallProcess) throws -> (out: Side, in: Side) {
    sides(try call.frames)
  }

  static func sides(_ frames: [[String: Any]]) -> (out: Side, in: Side) {
    var out = Side()
    var inbound = Side()
    for frame in frames {
      let bytes = Hex.bytes(frame["hex"] as? String ?? "")
      var side = frame["dir"] as? String == "out" ? out : inbound
      side.bytes += bytes
      if frame["type"] as? String != "PREFACE", bytes.count >= 9 {
        side.frames.append(
          (
            Int(bytes[3]), frame["stream"] as? Int ?? -1, frame["length"] as? Int ?? -1,
            Int(bytes[4])
          ))
        side.headers += (frame["headers"] as? [[String: Any]] ?? []).map {
          ($0["name"] as? String ?? "", $0["value"] as? String ?? "")
        }
        side.messageLengths += (frame["messages"] as? [[String: Any]] ?? []).compactMap {
          $0["length"] as? Int
        }
      }
      if frame["dir"] as? String == "out" { out = side } else { inbound = side }
    }
    return (out, inbound)
  }

  /// - Parameter bytes: whether to compare the TCP payload (not over TLS: it is ciphertext).
  static func compare(
    _ ours: Side, _ packets: [TsharkCapture.Packet], _ what: String, _ tally: inout Tally,
    bytes compareBytes: Bool = true
  ) {
    let bytes = packets.flatMap(\.payload)
    if compareBytes {
      #expect(
        bytes == ours.bytes,
        "\(what): bytes differ (\(bytes.count) captured, \(ours.bytes.count) in --json)")
    }
    let frames = packets.flatMap(\.frames)
    #expect(
      frames.map { [$0.type, $0.stream, $0.length, $0.flags] }
        == ours.frames.map { [$0.type, $0.stream, $0.length, $0.flags] }, "\(what): frames differ")
    let headers = packets.flatMap(\.headers)
    #expect(
      headers.map { "\($0.name): \($0.value)" } == ours.headers.map { "\($0.name): \($0.value)" },
      "\(what): headers differ")
    let lengths = packets.flatMap(\.messageLengths)
    #expect(lengths == ours.messageLengths, "\(what): gRPC message lengths differ")
    tally.frames += frames.count
    tally.fields += frames.count * 4 + headers.count * 2 + lengths.count
    tally.bytes += bytes.count
  }

  static let calls: [[String]] = [
    ["SayHello", "Ada"], ["SayHelloAgain", "Ada"], ["SayHelloStreamReply", "Ada"],
    ["SayHelloBidiStream", "Ada", "Grace"], ["SayHelloToAll", "Ada", "Grace", "Lin"],
  ]

  func checkAgainstTshark(port: Int, peer: String) async throws {
    let capture = try await TsharkCapture.start(port: port)
    var results: [CallProcess] = []
    for call in Self.calls {
      // The schema given, so that each call is one connection (no discovery before it).
      let result = try await CallProcess.run(
        ["--json", "--protoset", TestEnvironment.greeterProtoset, "--target", "127.0.0.1:\(port)"]
          + call)
      #expect(result.status == 0, "\(result.output)")
      results.append(result)
    }
    let packets = try await capture.stop(connectionsSinceStart: Self.calls.count)
    // The marks' connections carry no client preface (the server may still have sent SETTINGS).
    let preface = Array("PRI * HTTP/2.0".utf8)
    let connections = Dictionary(grouping: packets, by: \.connection).sorted { $0.key < $1.key }
      .filter { $0.value.first { !$0.fromServer }?.payload.starts(with: preface) == true }
    try #require(connections.count == Self.calls.count, "one connection per call")
    var tally = Tally()
    for ((_, packets), (call, result)) in zip(connections, zip(Self.calls, results)) {
      let (out, inbound) = try Self.sides(result)
      Self.compare(out, packets.filter { !$0.fromServer }, "\(peer) \(call[0]) out", &tally)
      Self.compare(inbound, packets.filter(\.fromServer), "\(peer) \(call[0]) in", &tally)
    }
    print(
      "fidelity vs tshark, \(peer): \(tally.frames) frames, \(tally.fields) fields, \(tally.bytes) bytes compared"
    )
    #expect(tally.frames > 40)
  }

  @Test func callJSONMatchesTsharkAgainstServe() async throws {
    let serve = try await ServeProcess.start()
    defer { serve.process.terminate() }
    try await checkAgainstTshark(port: serve.address.port, peer: "greeter-tui serve")
  }

  @Test func callJSONMatchesTsharkAgainstPythonGrpcio() async throws {
    let peers = try TestEnvironment.pythonPeers()
    let server = try ChildProcess(
      try TestEnvironment.python(), ["\(peers)/greeter_server.py", "0"])
    defer { server.terminate() }
    let port = try #require(
      Int(try await server.waitForLine(startingWith: "listening on 127.0.0.1:")))
    try await checkAgainstTshark(port: port, peer: "Python grpcio")
  }

  @Test func pcapFileDecodesInTsharkAsTheSameFrames() async throws {
    let serve = try await ServeProcess.start()
    defer { serve.process.terminate() }
    let file = FileManager.default.temporaryDirectory.appendingPathComponent(
      "call-\(UUID().uuidString).pcap"
    ).path
    let result = try await CallProcess.run(
      [
        "--json", "--pcap", file, "--target", "127.0.0.1:\(serve.address.port)",
        "SayHelloBidiStream", "Ada", "Grace",
      ])
    #expect(result.status == 0)
    let packets = try TsharkCapture.read(file, port: serve.address.port)
    let (out, inbound) = try Self.sides(result)
    var tally = Tally()
    Self.compare(out, packets.filter { !$0.fromServer }, "pcap out", &tally)
    Self.compare(inbound, packets.filter(\.fromServer), "pcap in", &tally)
    print(
      "fidelity of --pcap: \(tally.frames) frames, \(tally.fields) fields, \(tally.bytes) bytes compared"
    )
    #expect(inbound.headers.contains { $0.name == "grpc-status" && $0.value == "0" })
  }

  /// The discovery is a call like any other: `list --json`'s `discovery.frames` (two reflection
  /// streams on one connection: v1 refused, then v1alpha) are what tshark saw.
  @Test func discoveryJSONMatchesTsharkAgainstGrpcioReflection() async throws {
    let (server, target) = try await DiscoveryTests.kitchenSink(["--reflection", "v1alpha"])
    defer { server.terminate() }
    let port = try #require(Int(target.split(separator: ":").last ?? ""))
    let capture = try await TsharkCapture.start(port: port)
    let list = try await CallProcess.run(
      ["--json", "--frames", "--target", target], command: "list")
    #expect(list.status == 0, "\(list.errorOutput)")
    let packets = try await capture.stop(connectionsSinceStart: 1)
    let preface = Array("PRI * HTTP/2.0".utf8)
    let connections = Dictionary(grouping: packets, by: \.connection).values
      .filter { $0.first { !$0.fromServer }?.payload.starts(with: preface) == true }
    try #require(connections.count == 1, "one connection for the discovery")
    let discovery = try #require(try list.json["discovery"] as? [String: Any])
    let (out, inbound) = Self.sides(discovery["frames"] as? [[String: Any]] ?? [])
    var tally = Tally()
    Self.compare(out, connections[0].filter { !$0.fromServer }, "discovery out", &tally)
    Self.compare(inbound, connections[0].filter(\.fromServer), "discovery in", &tally)
    #expect(
      out.headers.filter { $0.name == ":path" }.map(\.value) == [
        "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
        "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
      ])
    print(
      "fidelity of discovery vs tshark: \(tally.frames) frames, \(tally.fields) fields, \(tally.bytes) bytes compared"
    )
  }
}
