import Foundation
import Wire

/// Many calls through one `ClientCore` in one process, as a long explorer session makes them:
/// frames captured, the connection's events consumed, every kind of call. Every `step` calls it
/// prints the process's resident memory, open descriptors and threads to stderr; the report
/// says whether they stayed bounded.
///
/// Of every 100 calls: 1 server-streaming, 1 bidi (two requests), 1 client-streaming (three
/// requests, one reply), 1 cancelled mid-stream, 1 with its connection closed first (the client
/// reconnects), 95 unary.
enum SoakBench {
  static let streamPath = "/helloworld.Greeter/SayHelloStreamReply"
  static let bidiPath = "/helloworld.Greeter/SayHelloBidiStream"
  static let toAllPath = "/helloworld.Greeter/SayHelloToAll"

  static func run(target: (host: String, port: Int), calls: Int, step: Int) async throws
    -> [String: Any]
  {
    let clock = ContinuousClock()
    let started = clock.now
    var configuration = ClientCore.Configuration(
      target: Target(host: target.host, port: target.port))
    configuration.captureFrames = true
    var client = ClientCore(configuration)
    var drained = drain(client)
    var steps: [[String: Any]] = []
    var frames = 0
    var reconnects = 0
    for index in 1...calls {
      switch index % 100 {
      case 25:
        let result = await client.call(path: streamPath, request: UnaryBench.request)
        try expect(result, replies: 3, index)
        frames += result.frames.count
      case 50:
        let call = client.start(path: bidiPath)
        call.send(UnaryBench.request)
        call.send(UnaryBench.request, endingStream: true)
        let result = await CallResult.collect(call.events)
        try expect(result, replies: 2, index)
        frames += result.frames.count
      case 60:
        let call = client.start(path: toAllPath)
        call.send(UnaryBench.request)
        call.send(UnaryBench.request)
        call.send(UnaryBench.request, endingStream: true)
        let result = await CallResult.collect(call.events)
        try expect(result, replies: 1, index)
        frames += result.frames.count
      case 75:
        let call = client.start(path: bidiPath)
        call.send(UnaryBench.request)
        var result = CallResult.beforeItEnds
        for await event in call.events {
          result.apply(event)
          if case .message = event { call.cancel() }
        }
        guard result.status.code == .cancelled else {
          throw BenchError("call \(index): cancelled call ended \(result.status)")
        }
      case 99:
        // A new client core, as when the explorer's target changes: the old one shuts down.
        await client.shutdown()
        _ = await drained.value
        client = ClientCore(configuration)
        drained = drain(client)
        reconnects += 1
        let result = await client.call(path: UnaryBench.path, request: UnaryBench.request)
        try expect(result, replies: 1, index)
      default:
        let result = await client.call(path: UnaryBench.path, request: UnaryBench.request)
        try expect(result, replies: 1, index)
        frames += result.frames.count
      }
      if index % step == 0 {
        let sample: [String: Any] = [
          "calls": index, "rss_bytes": UIBench.residentBytes(),
          "descriptors": openDescriptors(), "threads": threads(),
          "elapsed_s": (Double(started.duration(to: clock.now).nanoseconds) / 1e9).rounded(
            toPlaces: 1),
        ]
        steps.append(sample)
        let rss = Double(UIBench.residentBytes()) / 1_048_576
        FileHandle.standardError.write(
          Data(
            "soak: \(index) calls, RSS \(String(format: "%.1f", rss)) MiB, \(openDescriptors()) descriptors, \(threads()) threads\n"
              .utf8))
      }
    }
    await client.shutdown()
    _ = await drained.value
    guard let first = steps.first, let last = steps.last,
      let firstRSS = first["rss_bytes"] as? Int, let lastRSS = last["rss_bytes"] as? Int,
      let firstFDs = first["descriptors"] as? Int, let lastFDs = last["descriptors"] as? Int
    else { throw BenchError("no steps") }
    let rssRatio = Double(lastRSS) / Double(max(1, firstRSS))
    return [
      "calls": calls, "step": step, "steps": steps, "frames": frames, "reconnects": reconnects,
      "rss_ratio_last_to_first_step": rssRatio.rounded(toPlaces: 3),
      "descriptor_growth": lastFDs - firstFDs,
      // Bounded: memory within 20 % of the first step's, no descriptor gained.
      "bounded": rssRatio <= 1.2 && lastFDs <= firstFDs,
      "wall_s": (Double(started.duration(to: clock.now).nanoseconds) / 1e9).rounded(toPlaces: 1),
    ]
  }

  /// Consumes the connection's events, as the explorer does.
  static func drain(_ client: ClientCore) -> Task<Int, Never> {
    let events = client.connectionEvents
    return Task {
      var count = 0
      for await _ in events { count += 1 }
      return count
    }
  }

  static func expect(_ result: CallResult, replies: Int, _ index: Int) throws {
    guard result.status.code == .ok, result.messages.count == replies, !result.frames.isEmpty
    else {
      throw BenchError(
        "call \(index): \(result.status), \(result.messages.count) replies, \(result.frames.count) frames"
      )
    }
  }

  static func openDescriptors() -> Int {
    (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1
  }

  static func threads() -> Int {
    (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task").count) ?? -1
  }
}
