import Foundation
import Wire

/// Throughput of the passive decoder (`ConnectionDecoder`) over real bytes.
///
/// 1. Records: sequential SayHello calls (3,000; 400 with a name over 1,000 bytes) through our
///    client core with capture on, against the server at `target`; every frame of the connection
///    (the calls' and the connection-level ones) comes back with its direction, its offset in that
///    direction and its bytes, so each direction's byte stream is rebuilt exactly (and checked to
///    be contiguous). `--recording FILE` saves it, or replays it without a server.
/// 2. Builds ≥ `megabytes` MB (10^6 bytes, both directions together): the recording up to the
///    steady state (preface, SETTINGS, the first 100 calls filling the HPACK tables), then the
///    steady-state calls repeated, each repetition's stream IDs moved past the previous ones, as
///    on one long-lived connection.
/// 3. Checks one untimed decode of the first ~16 MB (no decode error; every gRPC message typed by
///    the Greeter's catalog when shown), then times `runs` decodes of the whole stream, each by a fresh
///    `ConnectionDecoder()`, fed in `chunk`-byte reads: the larger direction in
///    `chunk`-byte pieces and the other in proportional ones, a client piece first and the
///    server's piece of the step before after it, so that every response is decoded after the
///    request that names its method, as on the wire.
enum DecoderBench {
  /// Calls recorded, and how many of them are left out of the repeated steady state.
  static func calls(nameBytes: Int) -> (recorded: Int, skipped: Int) {
    nameBytes > 1_000 ? (400, 20) : (3_000, 100)
  }

  /// `HelloRequest { name: "you" }`, or with a name of `nameBytes` letters.
  static func request(nameBytes: Int) -> [UInt8] {
    guard nameBytes != 3 else { return UnaryBench.request }
    return request(text: (0..<nameBytes).map { UInt8(ascii: "a") + UInt8($0 % 26) })
  }

  /// `HelloRequest { name: text }`.
  static func request(text: [UInt8]) -> [UInt8] {
    var bytes: [UInt8] = [0x0A]
    var length = text.count
    while length >= 0x80 {
      bytes.append(UInt8(length & 0x7F) | 0x80)
      length >>= 7
    }
    bytes.append(UInt8(length))
    return bytes + text
  }

  static func run(
    target: (host: String, port: Int)?, recordingFile: String?, megabytes: Int, runs: Int,
    chunk: Int, nameBytes: Int
  ) async throws -> [String: Any] {
    let recording: Recording
    if let target {
      recording = try await record(target, nameBytes: nameBytes)
      if let recordingFile { try recording.write(to: recordingFile) }
    } else if let recordingFile {
      recording = try Recording(contentsOf: recordingFile)
    } else {
      throw BenchError("decode needs --target or --recording")
    }
    let streams = try build(recording, bytes: megabytes * 1_000_000)
    let feeds = schedule(streams, chunk: chunk)
    let total = streams.outbound.count + streams.inbound.count

    // One untimed decode of the first feeds, looking at every item.
    let check = validate(feeds.prefix(checkedFeeds))
    guard check.errors.isEmpty else {
      throw BenchError("the decoder reported errors: \(check.errors.prefix(3))")
    }
    guard check.messages > 0, check.typedMessages == check.messages else {
      throw BenchError(
        "\(check.messages) gRPC messages, only \(check.typedMessages) of them typed by the schema")
    }

    let clock = ContinuousClock()
    var rates: [Double] = []
    for _ in 0..<runs {
      var decoder = ConnectionDecoder()
      var items = 0
      let start = clock.now
      for feed in feeds {
        items &+= decoder.feed(feed.bytes, direction: feed.direction).count
      }
      let elapsed = Double(start.duration(to: clock.now).nanoseconds) / 1e9
      // Each frame is one item; an error would end a direction early.
      guard items == streams.frames else {
        throw BenchError("a run decoded \(items) items from \(streams.frames) frames")
      }
      rates.append(Double(total) / 1e6 / elapsed)
    }
    let median = rates.sorted()[rates.count / 2]
    return [
      "bytes": total,
      "outbound_bytes": streams.outbound.count,
      "inbound_bytes": streams.inbound.count,
      "chunk": chunk,
      "feeds": feeds.count,
      "frames": streams.frames,
      "messages_checked": check.messages,
      "steady_state_calls": recording.callsInSegment,
      "name_bytes": nameBytes,
      "bytes_per_call": recording.bytesPerCall.rounded(toPlaces: 1),
      "runs_mb_per_s": rates.map { $0.rounded(toPlaces: 1) },
      "median_mb_per_s": median.rounded(toPlaces: 1),
      "median_frames_per_s": (Double(streams.frames) / (Double(total) / 1e6 / median)).rounded(),
    ]
  }

  /// How many feeds the untimed checking decode looks at (about 16 MB).
  static let checkedFeeds = 1_000

  // MARK: - Recording

  /// Each direction's bytes: the recording up to the steady state, and the steady state.
  struct Recording {
    var prefix = Streams()
    var segment = Streams()
    var callsInSegment = 0

    var bytesPerCall: Double {
      Double(segment.outbound.count + segment.inbound.count) / Double(callsInSegment)
    }
  }

  static func record(_ target: (host: String, port: Int), nameBytes: Int) async throws -> Recording
  {
    let (recordCalls, skippedCalls) = calls(nameBytes: nameBytes)
    return try await record(
      target, request: request(nameBytes: nameBytes), calls: recordCalls, skipped: skippedCalls)
  }

  /// `calls` SayHello calls of `request`, compressed with `compression`; the first `skipped`
  /// go into the prefix.
  static func record(
    _ target: (host: String, port: Int), request: [UInt8], calls recordCalls: Int,
    skipped skippedCalls: Int, compression: MessageCompression? = nil
  ) async throws -> Recording {
    let client = ClientCore(.init(target: Target(host: target.host, port: target.port)))
    var options = ClientCallOptions()
    options.compression = compression
    let events = client.connectionEvents
    let connectionFrames = Task {
      var frames: [(sequence: Int, frame: DecodedFrame)] = []
      for await event in events {
        if case .captured(let captured, _) = event, case .frame(let frame) = captured.item {
          frames.append((captured.sequence, frame))
        }
      }
      return frames
    }
    var frames: [(sequence: Int, frame: DecodedFrame)] = []
    var segmentStart = 0
    var segmentEnd = 0
    for index in 0..<recordCalls {
      let result = await client.call(path: UnaryBench.path, request: request, options: options)
      guard result.status.code == .ok, result.messages.count == 1 else {
        await client.shutdown()
        throw BenchError("recording call \(index): \(result.status)")
      }
      for captured in result.frames {
        guard case .frame(let frame) = captured.item else {
          await client.shutdown()
          throw BenchError("recording call \(index): \(captured.item)")
        }
        frames.append((captured.sequence, frame))
        segmentEnd = max(segmentEnd, captured.sequence)
      }
      if index == skippedCalls - 1 { segmentStart = segmentEnd + 1 }
    }
    await client.shutdown()
    frames += await connectionFrames.value
    frames.sort { $0.sequence < $1.sequence }
    var recording = Recording(callsInSegment: recordCalls - skippedCalls)
    for (sequence, frame) in frames where sequence <= segmentEnd {
      // Each direction must be rebuilt without a gap.
      let expected =
        recording.prefix[frame.direction].count + recording.segment[frame.direction].count
      guard frame.offset == expected else {
        throw BenchError(
          "\(frame.direction) frames are not contiguous: byte \(frame.offset), expected \(expected)"
        )
      }
      if sequence < segmentStart {
        recording.prefix[frame.direction] += frame.bytes
      } else {
        recording.segment[frame.direction] += frame.bytes
      }
    }
    return recording
  }

  // MARK: - The stream

  struct Streams {
    var outbound: [UInt8] = []
    var inbound: [UInt8] = []
    /// Frames (and the client preface) in both directions.
    var frames = 0

    subscript(direction: Direction) -> [UInt8] {
      get { direction == .outbound ? outbound : inbound }
      set {
        if direction == .outbound { outbound = newValue } else { inbound = newValue }
      }
    }
  }

  /// The prefix, then the segment repeated until there are `target` bytes, each repetition's
  /// stream IDs moved past the previous repetition's.
  static func build(_ recording: Recording, bytes target: Int) throws -> Streams {
    var streamIDs: [UInt32] = []
    for direction in Direction.allCases {
      try forEachFrame(in: recording.segment[direction]) { header, _ in
        let id = streamID(recording.segment[direction], at: header)
        if id != 0 { streamIDs.append(id) }
      }
    }
    guard let low = streamIDs.min(), let high = streamIDs.max() else {
      throw BenchError("the recording has no streams")
    }
    let span = high - low + 2
    var streams = Streams()
    for direction in Direction.allCases {
      streams[direction] = recording.prefix[direction]
      streams[direction].reserveCapacity(target + recording.segment[direction].count)
      streams.frames += direction == .outbound ? 1 : 0  // the client preface
      try forEachFrame(in: recording.prefix[direction], skippingPreface: direction == .outbound) {
        _, _ in streams.frames += 1
      }
    }
    var repetition: UInt32 = 0
    while streams.outbound.count + streams.inbound.count < target {
      guard high + repetition * span < 0x7FFF_FFFF else {
        throw BenchError("stream IDs would pass 2^31 after \(repetition) repetitions")
      }
      for direction in Direction.allCases {
        let base = streams[direction].count
        var bytes = streams[direction]
        streams[direction] = []
        bytes += recording.segment[direction]
        try forEachFrame(in: recording.segment[direction]) { header, _ in
          streams.frames += 1
          let at = base + header
          let id = streamID(bytes, at: at)
          guard id != 0 else { return }
          let moved = id + repetition * span
          bytes[at + 5] = UInt8(truncatingIfNeeded: moved >> 24)
          bytes[at + 6] = UInt8(truncatingIfNeeded: moved >> 16)
          bytes[at + 7] = UInt8(truncatingIfNeeded: moved >> 8)
          bytes[at + 8] = UInt8(truncatingIfNeeded: moved)
        }
        streams[direction] = bytes
      }
      repetition += 1
    }
    return streams
  }

  /// Calls `body` with the offset of each frame header and the frame's length.
  private static func forEachFrame(
    in bytes: [UInt8], skippingPreface: Bool = false, _ body: (Int, Int) throws -> Void
  ) throws {
    var at = skippingPreface ? ConnectionDecoder.clientPreface.count : 0
    while at < bytes.count {
      guard at + 9 <= bytes.count else { throw BenchError("a frame is cut short at byte \(at)") }
      let length = Int(bytes[at]) << 16 | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2])
      try body(at, 9 + length)
      at += 9 + length
    }
    guard at == bytes.count else { throw BenchError("a frame is cut short at the end") }
  }

  private static func streamID(_ bytes: [UInt8], at header: Int) -> UInt32 {
    (UInt32(bytes[header + 5]) << 24 | UInt32(bytes[header + 6]) << 16
      | UInt32(bytes[header + 7]) << 8 | UInt32(bytes[header + 8])) & 0x7FFF_FFFF
  }

  // MARK: - Feeding

  struct Feed {
    var direction: Direction
    var bytes: ArraySlice<UInt8>
  }

  static func schedule(_ streams: Streams, chunk: Int) -> [Feed] {
    let larger = max(streams.outbound.count, streams.inbound.count)
    let steps = (larger + chunk - 1) / chunk
    func cuts(_ count: Int) -> [Int] {
      (0...steps).map { step in
        min(count, Int((Double(count) * Double(step) / Double(steps)).rounded()))
      }
    }
    let outboundCuts = cuts(streams.outbound.count)
    let inboundCuts = cuts(streams.inbound.count)
    var feeds: [Feed] = []
    for step in 0...steps {
      if step < steps {
        feeds.append(
          Feed(
            direction: .outbound,
            bytes: streams.outbound[outboundCuts[step]..<outboundCuts[step + 1]]))
      }
      // The server's bytes lag one step behind the client's.
      if step > 0 {
        feeds.append(
          Feed(
            direction: .inbound,
            bytes: streams.inbound[inboundCuts[step - 1]..<inboundCuts[step]]))
      }
    }
    return feeds.filter { !$0.bytes.isEmpty }
  }

  // MARK: - Checking

  struct Check {
    var items = 0
    var frames = 0
    var messages = 0
    var typedMessages = 0
    var errors: [DecodeError] = []
  }

  /// One untimed decode that looks at every item: no errors, and every gRPC message typed by the
  /// catalog (so every response's stream path was known). Capture itself is schemaless: the
  /// timed runs do not name fields, as the explorer names them only when it shows them.
  static func validate(_ feeds: some Sequence<Feed>) -> Check {
    var decoder = ConnectionDecoder()
    var check = Check()
    for feed in feeds {
      for item in decoder.feed(feed.bytes, direction: feed.direction) {
        check.items += 1
        switch item {
        case .error(let error): check.errors.append(error)
        case .frame(let frame):
          check.frames += 1
          if case .data(let data) = frame.payload, case .grpc(let messages, _) = data.content {
            check.messages += messages.count
            check.typedMessages +=
              messages.filter {
                $0.messageType(in: benchGreeterCatalog, direction: frame.direction) != nil
                  && $0.fields(in: benchGreeterCatalog, direction: frame.direction) != nil
              }
              .count
          }
        }
      }
    }
    return check
  }
}

extension DecoderBench.Recording {
  /// A little-endian file: the calls in the segment, then the prefix's and the segment's bytes
  /// (outbound, inbound), each as a 64-bit length and the bytes.
  func write(to path: String) throws {
    var data = Data()
    func put(_ value: Int) { withUnsafeBytes(of: UInt64(value).littleEndian) { data += $0 } }
    put(callsInSegment)
    for bytes in [prefix.outbound, prefix.inbound, segment.outbound, segment.inbound] {
      put(bytes.count)
      data += bytes
    }
    try data.write(to: URL(fileURLWithPath: path))
  }

  init(contentsOf path: String) throws {
    let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    var at = 0
    func take() throws -> Int {
      guard at + 8 <= bytes.count else { throw BenchError("\(path) is cut short") }
      let value = bytes[at..<(at + 8)].reversed().reduce(0) { $0 << 8 | Int($1) }
      at += 8
      return value
    }
    func array() throws -> [UInt8] {
      let count = try take()
      guard at + count <= bytes.count else { throw BenchError("\(path) is cut short") }
      defer { at += count }
      return Array(bytes[at..<(at + count)])
    }
    self.init(callsInSegment: try take())
    prefix.outbound = try array()
    prefix.inbound = try array()
    segment.outbound = try array()
    segment.inbound = try array()
  }
}
