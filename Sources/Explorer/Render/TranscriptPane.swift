extension Transcript {
  /// What drawing the transcript needs from around it.
  struct Surroundings {
    var focused = false
    /// The clock of captured frames: how long a running call has waited.
    var now: UInt64 = 0
    /// The keys that send a request of the method at a path (Enter, or Ctrl-S/F5 for JSON).
    var sendKeys: (String) -> String = { _ in "Enter" }
    /// What the empty transcript tells the user to do.
    var emptyHint = ""
    /// The shown call's lines as the last `update` laid them out.
    var cached: CachedLines?
  }

  /// A finished call's lines at a width: they change only with its turns, its fold and its
  /// details, and a whole 1 MiB reply (2,000 rows) took 5 ms to lay out on every draw.
  struct CachedLines: Sendable {
    struct Key: Equatable, Sendable {
      var callID: Int
      var turns: Int
      var expanded: Bool
      var details: Int
      var width: Int
    }

    var key: Key
    var lines: [Line]
  }

  /// The key of `call`'s lines at `width`; nil while it runs (its waiting time moves).
  static func cacheKey(_ call: CallRecord, width: Int) -> CachedLines.Key? {
    guard call.ending != nil else { return nil }
    return CachedLines.Key(
      callID: call.id, turns: call.turns.count, expanded: call.isExpanded,
      details: call.errorDetails.count, width: width)
  }

  /// The lines of the call shown, laid out for a pane `paneWidth` wide.
  func shownLines(_ call: CallRecord, paneWidth: Int, around: Surroundings) -> [Line] {
    let width = paneWidth - 4
    if let cached = around.cached, let key = Self.cacheKey(call, width: width),
      cached.key == key
    {
      return cached.lines
    }
    return chatLines(call, width: width, around: around)
  }

  struct Line: Sendable {
    var text: String
    var alignRight: Bool
    var style: Style
  }

  /// A call as chat lines: requests on the right, replies on the left, then how it ended.
  func chatLines(_ call: CallRecord, width: Int, around: Surroundings) -> [Line] {
    let bubbleWidth = max(8, width * 4 / 5)
    var lines: [Line] = []
    var first = true
    for turn in call.turns {
      switch turn {
      case .request(let name):
        let prefix = first ? "\(call.method) ▸ " : "▸ "
        first = false
        lines += Self.bubble(prefix, name, width: bubbleWidth, whole: call.isExpanded).map {
          Line(text: $0.text, alignRight: true, style: $0.folded ? Theme.dim : Theme.request)
        }
      case .reply(let text):
        lines += Self.bubble("◂ ", text, width: bubbleWidth, whole: call.isExpanded).map {
          Line(text: $0.text, alignRight: false, style: $0.folded ? Theme.dim : Theme.reply)
        }
      }
    }
    if call.turns.isEmpty {
      lines.append(
        Line(text: "\(call.method) ▸ (no request)", alignRight: true, style: Theme.request))
    }
    if let ending = call.ending {
      let time = Self.duration(micros: ending.totalMicros)
      let text = ending.isOK ? "OK · \(time)" : "\(ending.name): \(ending.message) · \(time)"
      lines += TextWrap.lines(text, width: width).map {
        Line(text: $0, alignRight: false, style: ending.isOK ? Theme.ok : Theme.failure)
      }
      for detail in call.errorDetails {
        lines += TextWrap.lines(InertText.make(json: detail), width: width).map {
          Line(text: $0, alignRight: false, style: Theme.error)
        }
      }
    } else if openStream == call.id {
      lines.append(
        Line(
          text: "stream open · \(around.sendKeys(call.path)) sends · Ctrl-D ends",
          alignRight: false,
          style: Theme.running))
    } else {
      var text = "waiting…"
      if call.startNanos > 0, around.now > call.startNanos {
        let tenths = (around.now - call.startNanos) / 100_000_000
        text += " \(tenths / 10).\(tenths % 10) s"
      }
      lines.append(Line(text: text, alignRight: false, style: Theme.running))
    }
    // A discovery's streams are the program's own calls, not the user's: shown dimmed.
    if call.isDiscovery {
      return lines.map { Line(text: $0.text, alignRight: $0.alignRight, style: Theme.dim) }
    }
    return lines
  }

  /// Rows a request or reply shows before it is folded.
  static let foldedRows = 8
  /// Rows it shows at most when whole: a 4 MiB reply would be 60,000 rows, laid out on every
  /// frame; past this many, the Decoded pane and `call --json` have it all.
  static let wholeRows = 2000

  /// A turn's text after `prefix`, wrapped to `width`, cut after `foldedRows` rows (or
  /// `wholeRows` when `whole`) with a last row saying so (`folded` set on it). Only what is shown
  /// is laid out (and copied): a 4 MiB reply costs the rows it shows, not its size.
  static func bubble(_ prefix: String, _ text: String, width: Int, whole: Bool) -> [(
    text: String, folded: Bool
  )] {
    let shown = whole ? wholeRows : foldedRows
    // The shown rows' worth of the text: up to the newline ending row `shown + 1`, and no more
    // characters than those rows can hold.
    var newlines = 0
    var end = text.utf8.startIndex
    let limit =
      text.utf8.index(
        text.utf8.startIndex, offsetBy: (shown + 1) * max(1, width) * 4,
        limitedBy: text.utf8.endIndex) ?? text.utf8.endIndex
    while end < limit {
      if text.utf8[end] == UInt8(ascii: "\n") {
        newlines += 1
        if newlines > shown { break }
      }
      end = text.utf8.index(after: end)
    }
    let rows = TextWrap.lines(text[..<end], width: width, after: prefix)
    // One row over is shown rather than folded into a row saying so.
    guard rows.count > shown + 1 || end < text.endIndex else { return rows.map { ($0, false) } }
    // Counting lines is worth its cost only for text of ordinary size; beyond, its size says it.
    let bytes = text.utf8.count
    let more: String
    if bytes > 64 << 10 {
      more =
        bytes >= 1 << 20
        ? "\(((bytes * 10) >> 20) / 10).\(((bytes * 10) >> 20) % 10) MiB" : "\(bytes >> 10) KiB"
    } else {
      let total = text.utf8.reduce(into: 1) { count, byte in
        if byte == UInt8(ascii: "\n") { count += 1 }
      }
      more = total > 1 ? "\(total) lines" : "\(bytes) bytes"
    }
    let marker =
      whole
      ? "⋯ the first \(wholeRows) rows of \(more) · Enter folds" : "⋯ \(more) · Enter: all"
    return rows.prefix(shown).map { ($0, false) } + [
      (TextWrap.truncated(marker, width: width), true)
    ]
  }

  static func duration(micros: Int) -> String {
    if micros < 10_000 {
      let tenths = (micros + 50) / 100
      return "\(tenths / 10).\(tenths % 10) ms"
    }
    if micros < 10_000_000 { return "\((micros + 500) / 1000) ms" }
    return "\((micros + 500_000) / 1_000_000) s"
  }

  func draw(_ grid: inout Grid, _ rect: Rect, around: Surroundings) {
    let focused = around.focused
    let count = calls.count
    var title = count == 0 ? "Transcript" : "Transcript · \(count) call\(count == 1 ? "" : "s")"
    if callsOnlyInHistory > 0 { title += " · \(callsOnlyInHistory) older in history" }
    grid.box(rect, title: title, focused: focused)
    let inner = rect.inner
    guard inner.height > 0, inner.width > 3 else { return }
    if calls.isEmpty {
      let lines = TextWrap.lines(around.emptyHint, width: inner.width).prefix(inner.height)
      for (row, line) in lines.enumerated() {
        grid.put(line, x: inner.x, y: inner.y + row, style: Theme.dim)
      }
      return
    }
    // From the shown call outwards: only what fits is laid out, however long the transcript.
    // Following the latest call, it sits at the bottom; a selected older call is shown with the
    // calls after it below, as many as fit.
    let contentWidth = inner.width - 2
    let shown = shownCallIndex ?? calls.count - 1
    let gap = (Line(text: "", alignRight: false, style: .plain), false)
    var rows: [(Line, Bool)] = shownLines(calls[shown], paneWidth: rect.width, around: around)
      .map { ($0, true) }
    var later = shown + 1
    while later < calls.count, rows.count < inner.height {
      rows +=
        [gap] + chatLines(calls[later], width: contentWidth, around: around).map { ($0, false) }
      later += 1
    }
    let needed = inner.height + scroll
    var earlier = shown - 1
    var bottomPadding = 0
    if rows.count > inner.height, later > shown + 1 {
      // Later calls are cut at the bottom: keep them, scroll from there.
      bottomPadding = rows.count - inner.height
    }
    while earlier >= 0, rows.count - bottomPadding < needed {
      rows.insert(
        contentsOf: chatLines(calls[earlier], width: contentWidth, around: around).map {
          ($0, false)
        } + [gap],
        at: 0)
      earlier -= 1
    }
    rows.removeLast(bottomPadding)
    let scrolled = min(scroll, max(0, rows.count - inner.height))
    let visible = rows.suffix(inner.height + scrolled).prefix(inner.height)
    for (row, (line, isShown)) in visible.enumerated() {
      let y = inner.y + row
      if isShown {
        grid.put("▌", x: inner.x, y: y, style: focused ? Theme.focusedBorder : Theme.dim)
      }
      let textWidth = DisplayWidth.of(line.text)
      let x = line.alignRight ? inner.x + 2 + max(0, contentWidth - textWidth) : inner.x + 2
      grid.put(line.text, x: x, y: y, limit: contentWidth, style: line.style)
    }
  }
}

extension ExplorerState {
  /// What the transcript is handed to draw itself.
  var transcriptSurroundings: Transcript.Surroundings {
    // "a name" for HelloRequest (what the prompt takes), "its JSON" for other input types.
    let what =
      composesJSON ? "fill in the request's JSON" : "type a \(promptLabel(for: tree.current))"
    let send = composesJSON ? Keymap.keys(for: .send, in: .composer) : "Enter"
    let hint =
      focus == .methods
      ? "Choose a method with ↑↓ and press Enter, then \(what) and press \(send)."
      : "\(what.prefix(1).uppercased() + what.dropFirst()) and press \(send)."
    let catalog = catalog
    return Transcript.Surroundings(
      focused: focus == .transcript, now: now,
      sendKeys: { path in
        let composed = catalog.method(path: path).flatMap { catalog.message($0.inputType) }.map {
          $0.soleStringField == nil
        }
        return Keymap.keys(for: .send, in: composed == true ? .composer : .input)
      }, emptyHint: hint, cached: transcriptLinesCache)
  }

  /// Lays out the shown call's lines for the next draws, unless they already are (or it runs).
  mutating func cacheTranscriptLines() {
    guard let call = transcript.shownCall, let rect = layout?.transcript,
      let key = Transcript.cacheKey(call, width: rect.width - 4)
    else {
      transcriptLinesCache = nil
      return
    }
    if transcriptLinesCache?.key == key { return }
    var around = transcriptSurroundings
    around.cached = nil
    transcriptLinesCache = Transcript.CachedLines(
      key: key, lines: transcript.chatLines(call, width: key.width, around: around))
  }
}
