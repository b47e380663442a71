/// Decides whose each captured item is: the call on its stream, or the connection (the preface,
/// stream 0, decode errors, and streams no call owns).
///
/// The tap sees a call's HEADERS before the call learns its stream ID (NIOHTTP2 assigns it while
/// flushing), so items of a stream above every registered one are held until that stream is
/// registered. Registering stream N releases everything held for lower streams to the connection:
/// client stream IDs only grow, so nobody will claim them.
struct FrameRouter<Sink> {
  enum Destination {
    case connection(CapturedItem)
    case call(Sink, CapturedItem)
  }

  /// Held items per stream are capped so a server flooding a stream nobody opened cannot grow
  /// memory without bound; the excess goes straight to the connection.
  static var maxHeldPerStream: Int { 256 }

  private var sinks: [UInt32: Sink] = [:]
  private var highestRegistered: UInt32 = 0
  private var held: [UInt32: [CapturedItem]] = [:]

  /// Where `item` goes now; nil while it is held.
  mutating func route(_ item: CapturedItem) -> Destination? {
    guard case .frame(let frame) = item.item, frame.streamID != 0 else {
      return .connection(item)
    }
    let stream = frame.streamID
    if let sink = sinks[stream] { return .call(sink, item) }
    if stream > highestRegistered, held[stream, default: []].count < Self.maxHeldPerStream {
      held[stream, default: []].append(item)
      return nil
    }
    return .connection(item)
  }

  /// Starts routing `stream` to `sink`; returns the items that were held for it and those held
  /// for lower streams (which now go to the connection), in arrival order.
  mutating func register(_ stream: UInt32, sink: Sink) -> [Destination] {
    sinks[stream] = sink
    highestRegistered = max(highestRegistered, stream)
    var released: [Destination] = []
    for (heldStream, items) in held where heldStream <= stream {
      held[heldStream] = nil
      released += items.map { heldStream == stream ? .call(sink, $0) : .connection($0) }
    }
    return released.sorted { $0.sequence < $1.sequence }
  }

  /// Stops routing `stream`: its later frames (a late WINDOW_UPDATE, say) go to the connection.
  mutating func unregister(_ stream: UInt32) {
    sinks[stream] = nil
  }

  /// Everything still held, for the connection (it is closing).
  mutating func releaseAll() -> [CapturedItem] {
    defer { held = [:] }
    return held.values.joined().sorted { $0.sequence < $1.sequence }
  }
}

extension FrameRouter.Destination {
  fileprivate var sequence: Int {
    switch self {
    case .connection(let item), .call(_, let item): item.sequence
    }
  }
}
