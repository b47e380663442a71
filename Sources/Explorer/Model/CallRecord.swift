import Wire

/// One call in the transcript: what was asked, what came back, how it ended, and its frames.
public struct CallRecord: Sendable {
  /// A request sent: its draft, and the text the transcript shows for it.
  mutating func append(_ draft: RequestDraft, shown: String) {
    turns.append(.request(shown))
    drafts.append(draft)
  }

  /// Adds a frame in connection order.
  mutating func insertFrame(_ frame: FrameEntry) {
    guard frames != nil else { return }
    var index = frames!.endIndex
    while index > 0, frames![index - 1].sequence > frame.sequence { index -= 1 }
    frames!.insert(frame, at: index)
  }

  public enum Phase: Sendable, Equatable {
    case running
    case finished
  }

  /// How a call ended, ready to show.
  public struct Ending: Sendable, Equatable {
    public var code: Int
    public var name: String
    public var message: String
    public var totalMicros: Int
    public var isOK: Bool { code == 0 }

    public init(code: Int, name: String, message: String, totalMicros: Int) {
      self.code = code
      self.name = name
      self.message = message
      self.totalMicros = totalMicros
    }
  }

  public var id: Int
  public var method: String
  public var path: String
  public var kind: CallKind
  /// Requests sent and replies received (inert text), in the order they happened: a bidi call
  /// is a conversation.
  public var turns: [Turn]
  public var phase: Phase
  public var ending: Ending?
  public var streamID: UInt32?
  /// When it started, for frame times (uptime nanoseconds; 0 for calls from history).
  public var startNanos: UInt64
  /// Wall-clock start, seconds since 1970, for history.
  public var startedAt: Double
  /// Nil when not in memory (an older call from history: `Effect.loadFrames` brings them).
  public var frames: [FrameEntry]?
  /// Where this call's line starts in the history file, once written or read from there.
  public var historyOffset: UInt64?
  /// The requests as the user wrote them (type and JSON, not the inert text the transcript
  /// shows): what rerun sends again and copy-as-grpcurl puts after `-d`. Empty for a call from
  /// an older history file, which kept only the text.
  public var drafts: [RequestDraft] = []
  /// A reflection stream of a discovery (shown dimmed, never written to history).
  public var isDiscovery = false
  /// Its long requests and replies shown whole (Enter in the transcript), not folded.
  public var isExpanded = false
  /// The target it went to (nil for calls from history, which did not keep it).
  public var target: String?
  /// The user's request headers (`name: value`, inert) and deadline (seconds) it was sent with.
  public var sentHeaders: [String] = []
  public var sentDeadline: String?
  /// The response headers and trailers as they came (`name: value`, inert; binary ones base64).
  public var responseHeaders: [String] = []
  public var trailers: [String] = []
  /// The rich error model's details (`grpc-status-details-bin`), each as compact proto3 JSON.
  public var errorDetails: [String] = []

  public enum Turn: Sendable, Equatable {
    case request(String)
    case reply(String)
  }

  public var requests: [String] {
    turns.compactMap { if case .request(let text) = $0 { text } else { nil } }
  }

  public var replies: [String] {
    turns.compactMap { if case .reply(let text) = $0 { text } else { nil } }
  }

  public init(
    id: Int, method: String, path: String, kind: CallKind, turns: [Turn] = [],
    phase: Phase = .running, ending: Ending? = nil,
    startNanos: UInt64 = 0, startedAt: Double = 0, frames: [FrameEntry]? = []
  ) {
    self.id = id
    self.method = method
    self.path = path
    self.kind = kind
    self.turns = turns
    self.phase = phase
    self.ending = ending
    self.startNanos = startNanos
    self.startedAt = startedAt
    self.frames = frames
  }
}

/// A frame as the frames pane shows it: decoded while live, or as history kept it.
public struct FrameEntry: Sendable {
  /// Which frame this is among a call's: when it passed, its place on its connection, its
  /// direction and size.
  public struct Identity: Hashable, Sendable {
    var micros: Int
    var sequence: Int
    var outbound: Bool
    var length: Int
  }

  public var identity: Identity {
    Identity(micros: micros, sequence: sequence, outbound: direction == .outbound, length: length)
  }

  /// One line for the frames list; message fields named from `catalog` when it has the method,
  /// cut to a row's worth when `brief`.
  public func summary(in catalog: Catalog?, brief: Bool = false) -> String {
    decoded?.summary(in: catalog, brief: brief) ?? storedSummary
  }

  public var direction: Direction
  /// Microseconds since the call started.
  public var micros: Int
  /// The order on the connection (call and connection frames arrive by different routes).
  public var sequence = 0
  public var typeName: String
  public var streamID: UInt32
  public var flags: [String]
  public var length: Int
  /// The one-line summary as history kept it (or a decode error's message); a frame decoded in
  /// this session is summarized when shown instead, with the catalog in effect then.
  public var storedSummary: String
  /// The whole frame, 9-byte header included.
  public var bytes: [UInt8]
  /// The decoded frame, when it was decoded in this session (history keeps the summary, the
  /// header fields and the bytes, not the decoder's state).
  public var decoded: DecodedFrame?
  /// For a decode error: its message.
  public var error: String?
  /// Header fields as kept in history (name, value, encoding), when `decoded` is nil.
  public var storedHeaders: [[String]]

  public init(
    direction: Direction, micros: Int, typeName: String, streamID: UInt32, flags: [String],
    length: Int, summary: String, bytes: [UInt8], decoded: DecodedFrame? = nil,
    error: String? = nil, storedHeaders: [[String]] = []
  ) {
    self.direction = direction
    self.micros = micros
    self.typeName = typeName
    self.streamID = streamID
    self.flags = flags
    self.length = length
    self.storedSummary = summary
    self.bytes = bytes
    self.decoded = decoded
    self.error = error
    self.storedHeaders = storedHeaders
  }

  /// From what the tap captured, `startNanos` being the call's start.
  public init(_ captured: CapturedItem, startNanos: UInt64) {
    let micros = Int(Int64(bitPattern: captured.uptimeNanos &- startNanos) / 1000)
    switch captured.item {
    case .frame(let frame):
      self.init(
        direction: frame.direction, micros: micros, typeName: frame.typeName,
        streamID: frame.streamID, flags: frame.flagNames, length: frame.length,
        summary: "", bytes: frame.bytes, decoded: frame)
      sequence = captured.sequence
    case .error(let error):
      self.init(
        direction: error.direction, micros: micros, typeName: "DECODE ERROR", streamID: 0,
        flags: [], length: 0, summary: error.message, bytes: [], error: error.message)
      sequence = captured.sequence
    }
  }
}
