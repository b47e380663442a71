import WireFormat

extension ExplorerState {
  /// The frames of the call the transcript shows (none while they are read back).
  var shownFrames: [FrameEntry] {
    transcript.shownCall?.frames ?? []
  }

  /// Writes the Frames pane's rows on screen, unless they already are, for the next draws.
  mutating func cacheFrameRows() {
    guard let call = transcript.shownCall, let frames = call.frames, !frames.isEmpty,
      let rect = layout?.frames, rect.height > 2
    else {
      frameRowsCache = nil
      return
    }
    let height = rect.height - 2
    let first = inspector.firstShownFrame(count: frames.count, height: height)
    if let cached = frameRowsCache, cached.callID == call.id,
      cached.frameCount == frames.count, cached.catalogRevision == catalogRevision,
      cached.first == first, cached.rows.count == min(height, frames.count - first)
    {
      return
    }
    var known: [FrameEntry.Identity: String] = [:]
    if let cached = frameRowsCache, cached.callID == call.id,
      cached.catalogRevision == catalogRevision
    {
      known = Dictionary(zip(cached.frames, cached.rows)) { first, _ in first }
    }
    let shown = frames[first..<min(frames.count, first + height)]
    frameRowsCache = FrameInspector.ShownRows(
      callID: call.id, frameCount: frames.count, catalogRevision: catalogRevision, first: first,
      rows: shown.map { known[$0.identity] ?? FrameInspector.frameRow($0, catalog: catalog) },
      frames: shown.map(\.identity))
  }

  /// The cached rows, if they are the shown call's as it is now.
  var shownFrameRows: FrameInspector.ShownRows? {
    guard let cached = frameRowsCache, let call = transcript.shownCall,
      cached.callID == call.id, cached.frameCount == call.frames?.count,
      cached.catalogRevision == catalogRevision
    else { return nil }
    return cached
  }
}

extension FrameInspector {
  static func shortFlags(_ flags: [String]) -> String {
    flags.map { flag in
      switch flag {
      case "END_STREAM": "ES"
      case "END_HEADERS": "EH"
      case "PADDED": "PAD"
      case "PRIORITY": "PRI"
      default: flag
      }
    }.joined(separator: ",")
  }

  static func frameRow(_ frame: FrameEntry, catalog: Catalog? = nil) -> String {
    let arrow = frame.direction == .outbound ? "→" : "←"
    let time = ("+" + elapsed(micros: frame.micros)).leftPadded(to: 8, with: " ")
    let type = frame.typeName.padding(toLength: 13, withPad: " ", startingAt: 0)
    let stream = String(frame.streamID).leftPadded(to: 3, with: " ")
    let flags = shortFlags(frame.flags).padding(toLength: 6, withPad: " ", startingAt: 0)
    let length = String(frame.length).leftPadded(to: 6, with: " ")
    return
      "\(arrow) \(time) \(type)\(stream) \(flags)\(length)  \(frame.summary(in: catalog, brief: true))"
  }

  /// Time since the call started in at most 7 characters, so the columns after it stay in line
  /// however long a call runs: milliseconds with two decimals below 10 s (`8037.93`), then
  /// seconds marked `s` (`11.918s`, `118.18s`, `11183s`), then hours (`312h`).
  static func elapsed(micros: Int) -> String {
    let micros = max(0, micros)
    if micros < 10_000_000 {
      let hundredths = micros / 10
      return "\(hundredths / 100)." + String(hundredths % 100).leftPadded(to: 2)
    }
    // Truncated, not rounded: 99.9996 s must not become the wider "100.000s".
    let seconds = micros / 1_000_000
    for (decimals, below) in [(3, 100), (2, 1000), (1, 10000)] where seconds < below {
      let scale = [1, 10, 100, 1000][decimals]
      let fraction = (micros % 1_000_000) / (1_000_000 / scale)
      return "\(seconds)." + String(fraction).leftPadded(to: decimals) + "s"
    }
    if seconds < 1_000_000 { return "\(seconds)s" }
    return "\(seconds / 3600)h"
  }

  /// Rows of the Frames pane as drawn for a call, from `first` on, with what they depend on.
  struct ShownRows: Sendable {
    var callID: Int
    var frameCount: Int
    var catalogRevision: Int
    var first: Int
    var rows: [String]
    /// The frames the rows are of, so that rows of frames still on screen are kept when frames
    /// arrive or the list scrolls.
    var frames: [FrameEntry.Identity]
  }

  /// The first frame on screen in a list of `count` frames `height` rows high: the selected
  /// one in the middle when it can be.
  func firstShownFrame(count: Int, height: Int) -> Int {
    let selected = min(selectedFrame, count - 1)
    return max(0, min(selected - height / 2, count - height))
  }

  /// The Frames pane: one row per frame of `call`, the selected one lit; rows are taken from
  /// `cached` when it has them.
  func drawFrames(
    _ grid: inout Grid, _ rect: Rect, call: CallRecord?, catalog: Catalog, focused: Bool,
    cached: ShownRows? = nil
  ) {
    var title = "Frames"
    if let call {
      title += " · call \(call.id) \(call.method)"
      if let stream = call.streamID { title += " · stream \(stream)" }
      if call.frames == nil { title += " · loading…" }
    }
    grid.box(rect, title: title, focused: focused && !inDetail)
    let inner = rect.inner
    guard inner.height > 0 else { return }
    let frames = call?.frames ?? []
    if frames.isEmpty {
      grid.put("No frames yet.", x: inner.x, y: inner.y, limit: inner.width, style: Theme.dim)
      return
    }
    let selected = min(selectedFrame, frames.count - 1)
    let first = firstShownFrame(count: frames.count, height: inner.height)
    for (row, index) in (first..<min(frames.count, first + inner.height)).enumerated() {
      let frame = frames[index]
      let y = inner.y + row
      let style: Style =
        frame.error != nil
        ? Theme.error : frame.direction == .outbound ? Theme.outbound : Theme.inbound
      var text: String?
      if let cached, cached.rows.indices.contains(index - cached.first) {
        text = cached.rows[index - cached.first]
      }
      grid.put(
        text ?? Self.frameRow(frame, catalog: catalog), x: inner.x, y: y, limit: inner.width,
        style: style)
      if index == selected {
        grid.restyle(x: inner.x, y: y, width: inner.width) {
          $0 = focused ? Theme.selected : Theme.selectedUnfocused
        }
      }
    }
  }
}
