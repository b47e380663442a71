import GRPCCore
import GRPCNIOTransportHTTP2Posix
import Wire

/// Sequential unary SayHello calls on one connection: `warmup` calls not measured, then `calls`
/// calls each timed with `ContinuousClock` from the moment the call is made to the moment its
/// reply is in hand.
enum UnaryBench {
  static let path = "/helloworld.Greeter/SayHello"
  /// `HelloRequest { name: "you" }`, serialized.
  static let request: [UInt8] = [0x0A, 0x03, 0x79, 0x6F, 0x75]
  /// `HelloReply { message: "Hello, you!" }`, serialized.
  static let reply: [UInt8] = [0x0A, 0x0B] + Array("Hello, you!".utf8)

  static func run(client: String, target: (host: String, port: Int), calls: Int, warmup: Int)
    async throws -> [String: Any]
  {
    let clock = ContinuousClock()
    let started = clock.now
    let measured: Measurement
    switch client {
    case "core": measured = try await core(target, capture: true, calls: calls, warmup: warmup)
    case "core-nocapture":
      measured = try await core(target, capture: false, calls: calls, warmup: warmup)
    case "grpc-swift": measured = try await grpcSwift(target, calls: calls, warmup: warmup)
    case "floor": measured = try await FloorClient.run(target, calls: calls, warmup: warmup)
    default: throw BenchError("unknown client \(client)")
    }
    var report = Percentiles(measured.samples).summary
    report.merge(measured.usage.perCall(calls)) { $1 }
    report["client"] = client
    report["target"] = "\(target.host):\(target.port)"
    report["warmup"] = warmup
    report["wall_s"] = (Double(started.duration(to: clock.now).nanoseconds) / 1e9).rounded(
      toPlaces: 2)
    return report
  }

  /// Our client core (`Wire.ClientCore`), with the byte tap and decoder on or off. With capture on,
  /// the connection-level frames are consumed as the explorer would.
  static func core(_ target: (host: String, port: Int), capture: Bool, calls: Int, warmup: Int)
    async throws -> Measurement
  {
    var configuration = ClientCore.Configuration(
      target: Target(host: target.host, port: target.port))
    configuration.captureFrames = capture
    let client = ClientCore(configuration)
    let events = client.connectionEvents
    let drained = Task {
      var count = 0
      for await _ in events { count += 1 }
      return count
    }
    var frames = 0
    let measured: Measurement
    do {
      measured = try await Measurement.loop(calls: calls, warmup: warmup) { index in
        let result = await client.call(path: path, request: request)
        guard result.status.code == .ok, result.messages == [reply] else {
          throw BenchError("call \(index): \(result.status), messages \(result.messages)")
        }
        frames += result.frames.count
      }
    } catch {
      await client.shutdown()
      throw error
    }
    await client.shutdown()
    _ = await drained.value
    if capture && frames == 0 { throw BenchError("capture is on but no frames were captured") }
    if !capture && frames != 0 { throw BenchError("capture is off but \(frames) frames came") }
    return measured
  }

  /// grpc-swift-2's client on its HTTP/2 Posix transport, with the request and reply passed as
  /// bytes (no protobuf code on either side, like our client core).
  static func grpcSwift(_ target: (host: String, port: Int), calls: Int, warmup: Int)
    async throws -> Measurement
  {
    let transport = try HTTP2ClientTransport.Posix(
      target: .ipv4(address: target.host, port: target.port),
      transportSecurity: .plaintext)
    let descriptor = MethodDescriptor(
      fullyQualifiedService: "helloworld.Greeter", method: "SayHello")
    return try await withGRPCClient(transport: transport) { client in
      try await Measurement.loop(calls: calls, warmup: warmup) { index in
        let message = try await client.unary(
          request: ClientRequest(message: request),
          descriptor: descriptor,
          serializer: BytesSerializer(),
          deserializer: BytesDeserializer(),
          options: .defaults
        ) { response in try response.message }
        guard message == reply else { throw BenchError("call \(index): reply \(message)") }
      }
    }
  }
}

struct BytesSerializer: MessageSerializer {
  func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes {
    Bytes(message)
  }
}

struct BytesDeserializer: MessageDeserializer {
  func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> [UInt8] {
    serializedMessageBytes.withUnsafeBytes { Array($0) }
  }
}

/// The timed calls' latencies, and what the whole process spent on them.
struct Measurement: Sendable {
  var samples: [Int64]
  var usage: Usage

  /// Calls `call` `warmup + calls` times in sequence, timing each of the last `calls`.
  static func loop(
    calls: Int, warmup: Int, isolation: isolated (any Actor)? = #isolation,
    _ call: (Int) async throws -> Void
  ) async throws -> Measurement {
    let clock = ContinuousClock()
    var samples: [Int64] = []
    samples.reserveCapacity(calls)
    var before = Usage.now()
    for index in 0..<(warmup + calls) {
      if index == warmup { before = Usage.now() }
      let start = clock.now
      try await call(index)
      let elapsed = start.duration(to: clock.now)
      if index >= warmup { samples.append(elapsed.nanoseconds) }
    }
    return Measurement(samples: samples, usage: Usage.now() - before)
  }
}
