import Wire

extension ExplorerState {
  /// The only way the explorer changes: one event in, the new state, and what to do outside.
  public mutating func update(_ event: ExplorerEvent) -> [Effect] {
    let shownBefore = transcript.shownCall?.id
    var effects = apply(event)
    // Another call shown: the inspector starts at its first frame.
    if transcript.shownCall?.id != shownBefore { inspector.reset() }
    // An older call from history shows its frames once they are read back from the file.
    if let load = transcript.framesToLoad() {
      effects.append(.loadFrames(id: load.id, offset: load.offset))
    }
    clampCursors()
    syncComposer()
    // Keys come in batches (a paste without bracketed paste is thousands): the composer's text
    // is checked once the batch is in (`settle`), not once per key.
    switch event {
    case .key, .paste: break
    default: composer.validate(with: catalog)
    }
    followCursors()
    return effects
  }

  /// Work put off while events were arriving, done once before the screen is drawn (the app
  /// calls it before each draw): the composer's text checked against its type, and what the
  /// panes show laid out for the draws that follow (a burst of frames costs one layout).
  public mutating func settle() {
    composer.validate(with: catalog)
    cacheDetailLayout()
    cacheFrameRows()
    cacheTranscriptLines()
  }

  /// The composer holds the selected method's text.
  mutating func syncComposer() {
    guard composesJSON, let method = tree.current, let type = inputType(of: method.path) else {
      return
    }
    composer.open(path: method.path, typeName: type, catalog: catalog)
  }

  /// The tree's and the composer's cursors stay on screen.
  private mutating func followCursors() {
    guard let layout else { return }
    if let rect = layout.methods { tree.scrollToCursor(height: max(0, rect.height - 2)) }
    if let rect = layout.composer { composer.scrollToCursor(rows: rect.height - 2) }
  }

  /// Every cursor points at something that exists, whatever the event removed (old calls
  /// evicted, frames dropped or read back, methods of another catalog): render never has to guess.
  mutating func clampCursors() {
    tree.settle()
    transcript.clamp()
    inspector.clamp(frameCount: shownFrames.count, layout: nil)
    overlayScroll = max(0, overlayScroll)
  }

  private mutating func apply(_ event: ExplorerEvent) -> [Effect] {
    switch event {
    case .key(let key):
      return handle(key)
    case .paste(let text):
      handlePaste(text)
      return []
    case .tick(let nanos):
      now = nanos
      return []
    case .terminate(let reason):
      return quit(reason: reason)
    case .resize(let width, let height):
      self.width = width
      self.height = height
      // A pane that left the screen cannot keep the focus; scrolled views stay in range.
      let visible = visibleFocuses
      if !visible.isEmpty, !visible.contains(focus) {
        focus = .input
        inspector.blur()
      }
      if let overlay { overlayScroll = min(overlayScroll, overlayLayout(overlay).maxScroll) }
      // Laid out once for the new size, here and for the draws that follow.
      cacheDetailLayout()
      inspector.clamp(frameCount: shownFrames.count, layout: detailLayout)
      return []
    case .callStarted(let id, let startNanos, let wallClock):
      transcript.started(id, startNanos: startNanos, wallClock: wallClock)
      return []
    case .call(let id, let callEvent):
      // The call's stream is open on the current connection: its TLS, if any, goes first.
      if case .started = callEvent, let facts = title.tls, let index = transcript.index(ofCall: id)
      {
        transcript.noteTLS(facts, onCallsAt: [index])
      }
      let switchedOff =
        title.targetIsEmbedded && (title.server == .off || title.server == .stopping)
      let ended = transcript.apply(
        callEvent, of: id, catalog: catalog, switchedOff: switchedOff)
      return ended ? [.recordHistory(id: id)] : []
    case .connection(let connectionEvent):
      title.apply(connectionEvent)
      // The news of the handshake may come after the first call's stream opened.
      if case .connected(_, _, let facts?) = connectionEvent {
        transcript.noteTLS(
          facts,
          onCallsAt: transcript.calls.indices.filter {
            transcript.calls[$0].phase == .running && transcript.calls[$0].streamID != nil
          })
      }
      if case .captured(let item, _) = connectionEvent {
        transcript.insertConnectionFrame(item)
      }
      return []
    case .server(let status):
      title.update(server: status)
      // The embedded server picked its port (--port 0): the target follows it.
      if case .on(let address) = status, title.targetIsEmbedded, address != title.target {
        title.follow(embeddedAddress: address)
        return [.setTarget(address)]
      }
      return []
    case .historyLoaded(let records, let skipped, let total):
      transcript.loadHistory(records, total: total)
      // The last request of each method is its draft in the composer.
      for record in records where !record.isDiscovery {
        if let last = record.drafts.last { composer.remember(last.json, for: record.path) }
      }
      if skipped > 0 {
        notice = "history: skipped \(skipped) unreadable line\(skipped == 1 ? "" : "s")"
      }
      return []
    case .historyWritten(let id, let offset):
      transcript.written(id, at: offset)
      return []
    case .framesLoaded(let id, let frames):
      transcript.framesLoaded(frames, of: id)
      return []
    case .notice(let text):
      notice = InertText.make(text)
      return []
    case .catalog(let newCatalog):
      use(newCatalog, services: newCatalog.services.map(\.fullName))
      return []
    case .schema(let newCatalog, let services):
      use(newCatalog, services: services)
      return []
    case .discoveryCall(let summary):
      return record(summary)
    case .discovery(let status):
      title.update(discovery: status)
      return []
    case .requestSettings(let settings):
      title.update(settings: settings)
      return []
    case .edited(let text):
      if composesJSON {
        composer.fill(with: text)
        composer.validate(with: catalog)
        notice = composer.isValid ? "edited in $EDITOR" : nil
      }
      return []
    }
  }

  /// Methods listed from `services` (in the order given), fields named from `catalog`.
  private mutating func use(_ newCatalog: Catalog, services: [String]) {
    catalog = newCatalog
    catalogRevision += 1
    // Names from a server's descriptors, shown inert; the path is sent as it is.
    tree.replace(
      methods: services.compactMap { newCatalog.service($0) }.flatMap(\.methods).map {
        Method(name: InertText.make($0.name), path: $0.path, kind: $0.kind)
      })
    composer.recheckLater()
  }

  /// A discovery's reflection call as a finished call of the transcript.
  private mutating func record(_ summary: DiscoveryCallSummary) -> [Effect] {
    let id = transcript.takeID()
    var call = CallRecord(
      id: id, method: "ServerReflectionInfo (discovery)", path: summary.path,
      kind: .bidirectional, startNanos: summary.startNanos)
    call.startedAt = summary.wallClock
    call.isDiscovery = true
    call.turns = summary.asked.map { .request(InertText.make($0)) }
    call.turns.append(.reply("\(summary.answered) of \(summary.asked.count) answered"))
    call.streamID = summary.result.streamID
    for item in summary.frames {
      call.insertFrame(FrameEntry(item, startNanos: summary.startNanos))
    }
    if let tls = summary.tls { call.insertFrame(Transcript.tlsEntry(tls)) }
    let outcome = summary.result.outcome
    call.phase = .finished
    call.ending = CallRecord.Ending(
      code: outcome.status.code.rawValue, name: outcome.status.code.canonicalName,
      message: InertText.make(outcome.status.message),
      totalMicros: Int(outcome.timing.totalNanos / 1000))
    transcript.insertDiscovery(call)
    // Not written to history: a big server's discovery is megabytes of frames on every launch.
    // It stays in memory with its frames, and eviction passes over it.
    return []
  }
}
