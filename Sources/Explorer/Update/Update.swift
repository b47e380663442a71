import Wire

extension ExplorerState {
  /// The only way the explorer changes: one event in, the new state, and what to do outside.
  public mutating func update(_ event: ExplorerEvent) -> [Effect] {
    var effects = apply(event)
    // An older call from history shows its frames once they are read back from the file.
    if let index = shownCallIndex, calls[index].frames == nil,
      let offset = calls[index].historyOffset,
      !framesRequested.contains(calls[index].id)
    {
      framesRequested.insert(calls[index].id)
      effects.append(.loadFrames(id: calls[index].id, offset: offset))
    }
    clampCursors()
    // The tree's rows, once per event: the cursor's moves below do not change them.
    let rows = tree.rows(methods)
    tree.keepCursorShown(methods: methods, rows: rows, selected: &selectedMethod)
    treeRowsCache = (rows, methods.count)
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

  /// Work put off while keys were arriving, done before the screen is drawn: the composer's
  /// text checked against its type. The app calls it before each draw.
  public mutating func settle() {
    composer.validate(with: catalog)
  }

  /// The composer holds the selected method's text.
  mutating func syncComposer() {
    guard composesJSON, let method = currentMethod, let type = inputType(of: method.path) else {
      return
    }
    composer.open(path: method.path, typeName: type, catalog: catalog)
  }

  /// The tree's and the composer's cursors stay on screen.
  private mutating func followCursors() {
    guard let layout else { return }
    if let rect = layout.methods {
      tree.scrollToCursor(
        methods: methods, rows: treeRows, selected: selectedMethod, height: max(0, rect.height - 2))
    }
    if let rect = layout.composer { composer.scrollToCursor(rows: rect.height - 2) }
  }

  /// Every cursor points at something that exists, whatever the event removed (old calls
  /// evicted, frames dropped or read back, methods of another catalog): render never has to guess.
  mutating func clampCursors() {
    selectedMethod = min(max(0, selectedMethod), max(0, methods.count - 1))
    // Out of range (the calls it pointed at were dropped): follow the newest call again.
    if let selected = selectedCall, !calls.indices.contains(selected) { selectedCall = nil }
    let frameCount = shownCallIndex.flatMap { calls[$0].frames?.count } ?? 0
    inspector.clamp(frameCount: frameCount, layout: nil)
    transcriptScroll = max(0, transcriptScroll)
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
        inspector.inDetail = false
      }
      if let overlay { overlayScroll = min(overlayScroll, overlayLayout(overlay).maxScroll) }
      let frameCount = shownCallIndex.flatMap { calls[$0].frames?.count } ?? 0
      inspector.clamp(frameCount: frameCount, layout: detailLayout)
      return []
    case .callStarted(let id, let startNanos, let wallClock):
      if let index = index(ofCall: id) {
        calls[index].startNanos = startNanos
        calls[index].startedAt = wallClock
      }
      return []
    case .call(let id, let callEvent):
      return handle(callEvent, of: id)
    case .connection(let connectionEvent):
      handle(connectionEvent)
      return []
    case .server(let status):
      server = status
      // The embedded server picked its port (--port 0): the target follows it.
      if case .on(let address) = status, targetIsEmbedded, address != target {
        target = address
        return [.setTarget(address)]
      }
      return []
    case .historyLoaded(let records, let skipped, let total):
      calls.insert(contentsOf: records, at: 0)
      // The last request of each method is its draft in the composer.
      for record in records where !record.isDiscovery {
        if let last = record.drafts.last { composer.remember(last.json, for: record.path) }
      }
      nextCallID = max(nextCallID, (calls.map(\.id).max() ?? 0) + 1)
      callsOnlyInHistory += max(0, total - records.count)
      if skipped > 0 {
        notice = "history: skipped \(skipped) unreadable line\(skipped == 1 ? "" : "s")"
      }
      return []
    case .historyWritten(let id, let offset):
      if let index = index(ofCall: id) { calls[index].historyOffset = offset }
      dropOldFrames()
      return []
    case .framesLoaded(let id, let frames):
      framesRequested.remove(id)
      guard let index = index(ofCall: id), index == shownCallIndex else { return [] }
      // One old call's frames at a time are back from disk.
      if let previous = oldCallWithFrames, let old = self.index(ofCall: previous),
        old < calls.count - framesKeptInMemory
      {
        calls[old].frames = nil
      }
      oldCallWithFrames = id
      calls[index].frames = frames
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
      discovery = status
      return []
    case .requestSettings(let settings):
      requestSettings = settings
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
    let selectedPath = currentMethod?.path
    catalog = newCatalog
    // Names from a server's descriptors, shown inert; the path is sent as it is.
    methods = services.compactMap { newCatalog.service($0) }.flatMap(\.methods).map {
      Method(name: InertText.make($0.name), path: $0.path, kind: $0.kind)
    }
    selectedMethod = methods.firstIndex { $0.path == selectedPath } ?? 0
    composer.recheckLater()
  }

  /// A discovery's reflection call as a finished call of the transcript.
  private mutating func record(_ summary: DiscoveryCallSummary) -> [Effect] {
    let id = nextCallID
    nextCallID += 1
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
    let outcome = summary.result.outcome
    call.phase = .finished
    call.ending = CallRecord.Ending(
      code: outcome.status.code.rawValue, name: outcome.status.code.canonicalName,
      message: InertText.make(outcome.status.message),
      totalMicros: Int(outcome.timing.totalNanos / 1000))
    calls.append(call)
    selectCall(calls.count - 1)
    // Not written to history: a big server's discovery is megabytes of frames on every launch.
    // It stays in memory with its frames, and eviction passes over it.
    return []
  }

  /// Frames of all but the most recent calls go, and the oldest calls themselves once there are
  /// more than `callsKeptInMemory` (all of it is in the history file): memory stays bounded
  /// however long the session.
  mutating func dropOldFrames() {
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
    calls = oldest.filter { $0.historyOffset == nil } + calls.dropFirst(excess)
    callsOnlyInHistory += removable
    if let selected = selectedCall { selectedCall = max(0, selected - removable) }
  }
}
