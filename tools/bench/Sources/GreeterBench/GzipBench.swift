import Foundation
import GreeterServer
import Wire

/// The passive decoder over gzip-compressed 64 KiB messages, against `gunzip` of the same
/// compressed bytes.
///
/// 1. Records SayHello calls with a 64 KiB name of prose-like text (seeded words, about 4:1 under
///    gzip) through our client core compressing its requests, against our embedded server in this
///    process compressing its replies (`replyCompression: .gzip`): both directions carry gzip
///    messages of 64 KiB.
/// 2. Builds ≥ `megabytes` MB of wire bytes from it and times `runs` decodes by fresh
///    `ConnectionDecoder`s, as `decode` does: HTTP/2, HPACK, the gRPC prefix, gunzipping each
///    message (bounded), its protobuf fields read when shown (not timed, as in `decode`).
/// 3. Writes every compressed message body of the stream, one gzip member each, to one file and
///    times `gzip -d -c FILE > /dev/null` (`runs` times; what Debian's `gunzip` script runs, GNU
///    gzip with its own inflate), and zlib's inflate alone over the same members in this process
///    (our binding, no decoder around it: the floor for the decoder).
/// Rates are in decompressed MB per second (10^6 bytes), the same bytes for all three.
enum GzipBench {
  static func run(megabytes: Int, runs: Int, messageBytes: Int, gunzip: String) async throws
    -> [String: Any]
  {
    let server = EmbeddedServer()
    let address = try await server.start(host: "127.0.0.1", port: 0, replyCompression: .gzip)
    let request = DecoderBench.request(text: prose(bytes: messageBytes - 8))
    let recording: DecoderBench.Recording
    do {
      recording = try await DecoderBench.record(
        (address.host, address.port), request: request, calls: 60, skipped: 4,
        compression: .gzip)
    } catch {
      await server.stop()
      throw error
    }
    await server.stop()

    let streams = try DecoderBench.build(recording, bytes: megabytes * 1_000_000)
    let feeds = DecoderBench.schedule(streams, chunk: 16_384)
    let members = try compressedMembers(feeds)
    let plainBytes = members.plain
    let clock = ContinuousClock()

    var decoderRates: [Double] = []
    for _ in 0..<runs {
      var decoder = ConnectionDecoder()
      var plain = 0
      let start = clock.now
      for feed in feeds {
        for item in decoder.feed(feed.bytes, direction: feed.direction) {
          guard case .frame(let frame) = item, case .data(let data) = frame.payload,
            case .grpc(let messages, _) = data.content
          else { continue }
          for message in messages { plain &+= message.plain?.count ?? 0 }
        }
      }
      let elapsed = seconds(start.duration(to: clock.now))
      guard plain == plainBytes else {
        throw BenchError("a run decompressed \(plain) bytes, the check \(plainBytes)")
      }
      decoderRates.append(Double(plain) / 1e6 / elapsed)
    }

    var zlibRates: [Double] = []
    for _ in 0..<runs {
      var plain = 0
      let start = clock.now
      for body in members.bodies {
        plain &+= try MessageCompression.gzip.decompress(body, limit: 16 << 20).count
      }
      zlibRates.append(Double(plain) / 1e6 / seconds(start.duration(to: clock.now)))
    }

    let file = FileManager.default.temporaryDirectory
      .appendingPathComponent("greeter-bench-\(getpid()).gz").path
    defer { try? FileManager.default.removeItem(atPath: file) }
    try Data(members.bodies.joined()).write(to: URL(fileURLWithPath: file))
    let written = try gunzipOutputBytes(gunzip, file)
    guard written == plainBytes else {
      throw BenchError("gunzip wrote \(written) bytes, the decoder \(plainBytes)")
    }
    var gunzipRates: [Double] = []
    for _ in 0..<runs {
      let start = clock.now
      try runGunzip(gunzip, file, output: FileHandle(forWritingAtPath: "/dev/null")!)
      gunzipRates.append(Double(plainBytes) / 1e6 / seconds(start.duration(to: clock.now)))
    }

    func median(_ rates: [Double]) -> Double { rates.sorted()[rates.count / 2] }
    return [
      "wire_bytes": streams.outbound.count + streams.inbound.count,
      "compressed_bytes": members.bodies.reduce(0) { $0 + $1.count },
      "decompressed_bytes": plainBytes,
      "messages": members.bodies.count,
      "message_bytes": messageBytes,
      "decoder_runs_mb_per_s": decoderRates.map { $0.rounded(toPlaces: 1) },
      "decoder_median_mb_per_s": median(decoderRates).rounded(toPlaces: 1),
      "zlib_median_mb_per_s": median(zlibRates).rounded(toPlaces: 1),
      "gunzip_runs_mb_per_s": gunzipRates.map { $0.rounded(toPlaces: 1) },
      "gunzip_median_mb_per_s": median(gunzipRates).rounded(toPlaces: 1),
    ]
  }

  /// Text of `bytes` bytes from a fixed list of words in a seeded order: compresses like prose
  /// (about 4:1), unlike a repeated letter (1000:1) or random bytes (1:1).
  static func prose(bytes: Int) -> [UInt8] {
    let words = """
      the of and to in is that for it as was with be by on not he this are or his from at which
      but have an they you were her she there one all we their been has when who will more no if
      out so said what up its about into than them can only other new some could time these two
      may then do first any my now such like our over man me even most made after also did many
      before must through back years where much your way well down should because each just those
      people how too little state good very make world still own see men work long get here
      between both life being under never day same another know while last might us great old
      year off come since against go came right used take three
      """.split(whereSeparator: \.isWhitespace).map { Array($0.utf8) }
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    var text: [UInt8] = []
    text.reserveCapacity(bytes + 16)
    while text.count < bytes {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      text += words[Int(state >> 33) % words.count]
      text.append(state >> 20 & 15 == 0 ? UInt8(ascii: ".") : UInt8(ascii: " "))
    }
    return Array(text.prefix(bytes))
  }

  /// Every compressed message body in the stream, and their decompressed size, from one
  /// untimed decode that also checks that nothing failed.
  static func compressedMembers(_ feeds: [DecoderBench.Feed]) throws -> (
    bodies: [[UInt8]], plain: Int
  ) {
    var decoder = ConnectionDecoder()
    var bodies: [[UInt8]] = []
    var plain = 0
    for feed in feeds {
      for item in decoder.feed(feed.bytes, direction: feed.direction) {
        switch item {
        case .error(let error): throw BenchError("the decoder reported \(error)")
        case .frame(let frame):
          guard case .data(let data) = frame.payload, case .grpc(let messages, _) = data.content
          else { continue }
          for message in messages {
            guard message.compressed, message.encoding == "gzip", let body = message.body,
              let decompressed = message.plain
            else {
              throw BenchError(
                "a message was not gzip: \(message.decompressionProblem ?? "not compressed")")
            }
            bodies.append(body)
            plain += decompressed.count
          }
        }
      }
    }
    guard !bodies.isEmpty else { throw BenchError("no compressed messages") }
    return (bodies, plain)
  }

  static func runGunzip(_ gunzip: String, _ file: String, output: FileHandle) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: gunzip)
    process.arguments = ["-d", "-c", file]
    process.standardOutput = output
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw BenchError("\(gunzip) -d -c \(file) exited \(process.terminationStatus)")
    }
  }

  /// How many bytes `gzip -d -c file` writes: a check that it reads every member.
  static func gunzipOutputBytes(_ gunzip: String, _ file: String) throws -> Int {
    let out = file + ".out"
    FileManager.default.createFile(atPath: out, contents: nil)
    defer { try? FileManager.default.removeItem(atPath: out) }
    try runGunzip(gunzip, file, output: FileHandle(forWritingAtPath: out)!)
    let size = try FileManager.default.attributesOfItem(atPath: out)[.size] as? Int
    return size ?? -1
  }

  static func seconds(_ duration: Duration) -> Double { Double(duration.nanoseconds) / 1e9 }
}
