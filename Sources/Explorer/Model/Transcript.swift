import GRPCCore
import Wire
import WireFormat

/// The transcript's model: the calls in memory, which one is shown, how far it is scrolled, the
/// stream that is open, and the bounds that keep memory flat however long the session. The
/// root hands it what its calls report and the keys of the Transcript pane; it draws itself.
public struct Transcript: Sendable {
  public private(set) var calls: [CallRecord] = []
  /// Index into `calls` of the call the frames pane shows; nil follows the latest.
  public private(set) var selectedCall: Int?
  /// Rows scrolled up from the bottom (PgUp/PgDn).
  public private(set) var scroll = 0
  /// The client-streaming or bidi call whose stream is open: further sends go on it.
  public private(set) var openStream: Int?
  public private(set) var nextCallID = 1
  /// Calls whose frames stay in memory; older ones are dropped and read back on demand.
  public var framesKeptInMemory = 50
  /// Calls kept in memory; older ones are only in the history file.
  public var callsKeptInMemory = 5000
  /// How many calls of this session and of history are no longer in `calls`.
  public private(set) var callsOnlyInHistory = 0
  /// Why running calls are about to be cut off (the target changed), said when they end.
  private var cutOffReasons: [Int: String] = [:]
  /// Calls whose frames were asked of the history file and have not arrived yet.
  private var framesRequested: Set<Int> = []
  private var oldCallWithFrames: Int?

  public init() {}

  /// The call the frames pane shows.
  public var shownCallIndex: Int? {
    if let selectedCall, calls.indices.contains(selectedCall) { return selectedCall }
    return calls.indices.last
  }

  public var shownCall: CallRecord? { shownCallIndex.map { calls[$0] } }

  /// Where the call `id` is, searched from the end, where live calls are (ids are mostly in
  /// order: a discovery's may go before calls made while it ran).
  func index(ofCall id: Int) -> Int? {
    calls.lastIndex { $0.id == id }
  }

  // MARK: - Calls in and out

  /// A new call (`call.id` from `takeID()`), at the end, and shown.
  mutating func append(_ call: CallRecord) {
    calls.append(call)
    select(calls.count - 1)
  }

  /// A finished discovery call, in the order of when it started (calls made while it ran stay
  /// after it). A call of this session that is shown stays shown: the discovery does not take
  /// the frames pane from it. Otherwise the discovery is shown.
  mutating func insertDiscovery(_ call: CallRecord) {
    // A call just sent has not been told its start yet (`startedAt` 0 until the client
    // reports it; its `startNanos` is the last tick's, maybe minutes old): it is of this
    // session, and began after the discovery did.
    func unreported(_ other: CallRecord) -> Bool {
      other.phase == .running && other.startedAt == 0
    }
    func ofThisSession(_ other: CallRecord) -> Bool {
      !other.isDiscovery && (other.startNanos > 0 || unreported(other))
    }
    func startedLater(_ other: CallRecord) -> Bool {
      unreported(other) || other.startNanos > call.startNanos
    }
    let kept = shownCall.flatMap { ofThisSession($0) ? $0.id : nil }
    var at = calls.endIndex
    while at > 0, !calls[at - 1].isDiscovery, startedLater(calls[at - 1]) {
      at -= 1
    }
    calls.insert(call, at: at)
    guard let kept, let index = index(ofCall: kept) else {
      select(at)
      return
    }
    selectedCall = index == calls.count - 1 ? nil : index
  }

  /// The id for the next call.
  mutating func takeID() -> Int {
    defer { nextCallID += 1 }
    return nextCallID
  }

  /// Another request on the running call at `index` (a client stream), shown.
  mutating func appendRequest(_ draft: RequestDraft, shown: String, toCallAt index: Int) {
    calls[index].append(draft, shown: shown)
    select(index)
  }

  mutating func openStream(_ id: Int?) { openStream = id }

  /// Ctrl-D: the open stream, now closed for sending; nil if none was open.
  mutating func closeStream() -> Int? {
    defer { openStream = nil }
    return openStream
  }

  /// The running calls are about to be cut off by `reason` (the target changed): their
  /// endings say why.
  mutating func willCutOffRunningCalls(_ reason: String) {
    for call in calls where call.phase == .running { cutOffReasons[call.id] = reason }
    openStream = nil
  }

  /// Quitting: every running call ends here as cut off; their ids, to cancel and record.
  mutating func cutOffRunningCalls(reason: String, now: UInt64) -> [Int] {
    var ids: [Int] = []
    for index in calls.indices where calls[index].phase == .running {
      calls[index].phase = .finished
      let elapsed = now > calls[index].startNanos ? now - calls[index].startNanos : 0
      calls[index].ending = CallRecord.Ending(
        code: 1, name: "CANCELLED", message: "cut off: \(reason)",
        totalMicros: Int(elapsed / 1000))
      ids.append(calls[index].id)
    }
    openStream = nil
    return ids
  }

  mutating func started(_ id: Int, startNanos: UInt64, wallClock: Double) {
    guard let index = index(ofCall: id) else { return }
    calls[index].startNanos = startNanos
    calls[index].startedAt = wallClock
  }

  /// What the client reports of the call `id`; replies and error details are read with
  /// `catalog`, and `switchedOff` (the embedded server is going or gone) explains a failure.
  /// True when the call just ended (it goes to history).
  mutating func apply(
    _ event: CallEvent, of id: Int, catalog: Catalog, switchedOff: Bool
  ) -> Bool {
    guard let index = index(ofCall: id) else { return false }
    switch event {
    case .started(let streamID, _):
      calls[index].streamID = streamID
    case .captured(let items):
      for item in items {
        calls[index].insertFrame(FrameEntry(item, startNanos: calls[index].startNanos))
      }
    case .responseHeaders(_, let metadata):
      calls[index].responseHeaders = Self.lines(of: metadata)
    case .trailers(let trailers):
      calls[index].trailers = Self.lines(of: trailers)
      if let details = StatusDetails(trailers: trailers, catalog: catalog) {
        calls[index].errorDetails =
          details.details.map(JSONWriter.compact) + (details.problem.map { [$0] } ?? [])
      }
    case .message(let bytes):
      let text = Self.replyText(bytes, path: calls[index].path, catalog: catalog)
      calls[index].turns.append(.reply(text))
    case .finished(let outcome):
      // Already ended here (cut off when the explorer quit): written to history then.
      guard calls[index].phase == .running else { return false }
      calls[index].phase = .finished
      var message = InertText.make(outcome.status.message)
      if let reason = cutOffReasons.removeValue(forKey: id), outcome.status.code != .ok {
        message += " — \(reason)"
      } else if outcome.connectionFailed, switchedOff {
        message += " — embedded server is off (F2)"
      } else if switchedOff, [.cancelled, .unavailable].contains(outcome.status.code) {
        message += " — the embedded server was switched off (F2)"
      }
      calls[index].ending = CallRecord.Ending(
        code: outcome.status.code.rawValue, name: outcome.status.code.canonicalName,
        message: message, totalMicros: Int(outcome.timing.totalNanos / 1000))
      if openStream == id { openStream = nil }
      return true
    }
    return false
  }

  /// The TLS handshake of the connection a call went over, as the first entry of its frames
  /// (its Decoded view lists the facts): added once to each call given, even when the
  /// connection's news comes after the call's first frames.
  mutating func noteTLS(_ facts: TLSFacts, onCallsAt indices: some Sequence<Int>) {
    for index in indices where calls[index].frames?.first?.typeName != "TLS" {
      calls[index].insertFrame(Self.tlsEntry(facts))
    }
  }

  static func tlsEntry(_ facts: TLSFacts) -> FrameEntry {
    var lines: [[String]] = [
      ["version", facts.version], ["cipher suite", facts.cipherSuite],
      ["ALPN", facts.alpn ?? "none"],
      ["SNI", facts.serverName.map { InertText.make($0) } ?? "none"],
      ["verified", facts.verified ? "yes" : "NO (--insecure)"],
    ]
    for (index, certificate) in facts.chain.enumerated() {
      lines += [
        ["[\(index)] subject", InertText.make(certificate.subject)],
        ["    issuer", InertText.make(certificate.issuer)],
        ["    names", InertText.make(certificate.names.joined(separator: ", "))],
        [
          "    valid",
          "\(CertificateFacts.time(certificate.notBefore)) to \(CertificateFacts.time(certificate.notAfter))",
        ],
        ["    sha256", certificate.sha256],
      ]
    }
    var entry = FrameEntry(
      direction: .inbound, micros: 0, typeName: "TLS", streamID: 0, flags: [], length: 0,
      summary:
        "\(facts.version) \(facts.cipherSuite) ALPN \(facts.alpn ?? "none")"
        + (facts.verified ? ", verified" : ", NOT VERIFIED"),
      bytes: [], storedHeaders: lines)
    // Before every frame of the connection.
    entry.sequence = -1
    return entry
  }

  /// A connection-level frame belongs to the call that is current when it passes. Discovery
  /// calls are passed over: they went over a connection of their own and brought its frames.
  mutating func insertConnectionFrame(_ item: CapturedItem) {
    guard let index = calls.lastIndex(where: { !$0.isDiscovery }), calls[index].frames != nil
    else { return }
    calls[index].insertFrame(FrameEntry(item, startNanos: calls[index].startNanos))
  }

  /// Calls read from the history file, older than all in memory; `total` is how many it holds.
  mutating func loadHistory(_ records: [CallRecord], total: Int) {
    // A discovery that ended before the file was read took an id the history may hold: it
    // takes one after the history's (nothing outside the transcript knows a discovery's id).
    let historyMax = records.map(\.id).max() ?? 0
    var next = max(nextCallID, historyMax + 1)
    for index in calls.indices where calls[index].isDiscovery && calls[index].id <= historyMax {
      calls[index].id = next
      next += 1
    }
    calls.insert(contentsOf: records, at: 0)
    nextCallID = max(next, (calls.map(\.id).max() ?? 0) + 1)
    callsOnlyInHistory += max(0, total - records.count)
    if let selected = selectedCall { selectedCall = selected + records.count }
  }

  /// The call `id` is in the history file at `offset`: its frames may now go from memory.
  mutating func written(_ id: Int, at offset: UInt64) {
    if let index = index(ofCall: id) {
      calls[index].historyOffset = offset
      // A call that ran long (a stream left open) is written after newer calls have taken the
      // last places with frames: its frames go now, unless it is shown.
      if index < calls.count - framesKeptInMemory, index != shownCallIndex {
        calls[index].frames = nil
      }
    }
    dropOldFrames()
  }

  /// The shown call's frames, if they are in the history file and not in memory: the id and
  /// offset to read them from, asked once.
  mutating func framesToLoad() -> (id: Int, offset: UInt64)? {
    guard let index = shownCallIndex, calls[index].frames == nil,
      let offset = calls[index].historyOffset, !framesRequested.contains(calls[index].id)
    else { return nil }
    framesRequested.insert(calls[index].id)
    return (calls[index].id, offset)
  }

  /// Frames read back from the history file; kept only while their call is shown, and only one
  /// old call's at a time.
  mutating func framesLoaded(_ frames: [FrameEntry], of id: Int) {
    framesRequested.remove(id)
    guard let index = index(ofCall: id), index == shownCallIndex else { return }
    if let previous = oldCallWithFrames, let old = self.index(ofCall: previous),
      old < calls.count - framesKeptInMemory
    {
      calls[old].frames = nil
    }
    oldCallWithFrames = id
    calls[index].frames = frames
  }

  /// Frames of all but the most recent calls go, and the oldest calls themselves once there are
  /// more than `callsKeptInMemory` (all of it is in the history file): memory stays bounded
  /// however long the session.
  private mutating func dropOldFrames() {
    let keepFrom = calls.count - framesKeptInMemory
    if keepFrom > 0 {
      var index = keepFrom - 1
      while index >= 0, calls[index].frames != nil {
        if calls[index].historyOffset != nil, index != shownCallIndex {
          calls[index].frames = nil
        }
        index -= 1
      }
    }
    // Evicted in batches, so the array is not shifted on every call.
    guard calls.count > callsKeptInMemory + callsKeptInMemory / 10 else { return }
    let excess = calls.count - callsKeptInMemory
    // Calls that are only in memory (a discovery's) stay, in their place.
    let oldest = calls.prefix(excess)
    let removable = oldest.filter { $0.historyOffset != nil }.count
    guard removable > 0 else { return }
    let shown = selectedCall.map { calls[$0].id }
    calls = oldest.filter { $0.historyOffset == nil } + calls.dropFirst(excess)
    callsOnlyInHistory += removable
    // The call shown stays shown; if it went, the transcript follows the latest again.
    selectedCall = shown.flatMap { index(ofCall: $0) }.flatMap {
      $0 == calls.count - 1 ? nil : $0
    }
  }

  // MARK: - Keys

  /// Shows the call at `index` (the latest: follows new calls again), from its first frame.
  mutating func select(_ index: Int) {
    selectedCall = index == calls.count - 1 ? nil : index
    scroll = 0
  }

  /// ↑↓: the previous or next call; false if there is none to move from.
  mutating func moveSelection(by step: Int) -> Bool {
    guard let current = shownCallIndex else { return false }
    select(min(max(0, current + step), calls.count - 1))
    return true
  }

  /// PgUp/PgDn: `rows` further up (positive) or down.
  mutating func scroll(up rows: Int) {
    scroll = max(0, scroll + rows)
  }

  /// Enter: the shown call's turns whole, or folded again.
  mutating func toggleWhole() {
    if let index = shownCallIndex { calls[index].isExpanded.toggle() }
  }

  /// Every index points at a call that exists (the calls it pointed at were dropped: follow the
  /// newest again).
  mutating func clamp() {
    if let selected = selectedCall, !calls.indices.contains(selected) { selectedCall = nil }
    scroll = max(0, scroll)
  }

  // MARK: - Text

  /// `name: value` lines, inert; binary values in base64, as `-bin` headers are written.
  static func lines(of metadata: Metadata) -> [String] {
    metadata.map { entry in
      switch entry.value {
      case .string(let text): InertText.make("\(entry.key): \(text)")
      case .binary(let bytes): InertText.make("\(entry.key): \(Base64.encode(bytes))")
      }
    }
  }

  /// A reply as the transcript shows it, read with the catalog: the text of its one string field
  /// (HelloReply.message), or its proto3 JSON laid out on lines; without a schema for it, its
  /// fields by number.
  static func replyText(_ bytes: [UInt8], path: String, catalog: Catalog) -> String {
    if let method = catalog.method(path: path) {
      do {
        let message = try catalog.decode(bytes, as: method.outputType)
        if catalog.messageList[message.type].soleStringField != nil {
          if case .string(let text)? = message.value(at: 0) { return InertText.make(text) }
          return ""
        }
        return InertText.make(try catalog.jsonText(message), keepNewlines: true)
      } catch {
        return
          "(\(bytes.count) bytes that are not a \(method.outputType): \(InertText.make("\(error)")))"
      }
    }
    return schemalessReplyText(bytes, path: path)
  }

  static func schemalessReplyText(_ bytes: [UInt8], path: String) -> String {
    guard let fields = ProtobufDecoder().decode(bytes, spans: [0..<bytes.count]) else {
      return "(\(bytes.count) bytes that are not a protobuf message)"
    }
    if fields.count == 1, case .string(let text) = fields[0].value {
      return InertText.make(text)
    }
    return InertText.make(fields.map(\.shortDescription).joined(separator: ", "))
  }
}
