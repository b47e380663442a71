/// The Frames list and the Decoded/Raw pane: which frame, which view, where inside it. Its own
/// model with its own moves; the explorer hands it what they depend on (how many frames, the
/// detail as laid out on screen).
public struct FrameInspector: Sendable, Equatable {
  /// Decoded tree or raw hex for the selected frame.
  public enum View: Sendable, Equatable {
    case decoded, raw
  }

  public private(set) var selectedFrame = 0
  public private(set) var view = View.decoded
  /// Enter/→ moved the keys into the selected frame's decoded lines.
  public private(set) var inDetail = false
  public private(set) var selectedLine = 0
  /// The first row of the detail pane's content on screen (PgUp/PgDn scroll it).
  public private(set) var scroll = 0

  public init() {}

  /// Another call is shown: its first frame, from the outside.
  mutating func reset() {
    selectedFrame = 0
    selectedLine = 0
    scroll = 0
    inDetail = false
  }

  /// ↑↓ or PgUp/PgDn in the list of `count` frames.
  mutating func moveFrame(by step: Int, count: Int) {
    selectedFrame = min(max(0, selectedFrame + step), max(0, count - 1))
    selectedLine = 0
    scroll = 0
  }

  mutating func enter() {
    inDetail = true
    scroll = 0
  }

  mutating func leave() {
    inDetail = false
    selectedLine = 0
    scroll = 0
  }

  /// The pane left the screen: keys go elsewhere, the place in the frame is kept.
  mutating func blur() {
    inDetail = false
  }

  mutating func toggleView() {
    view = view == .decoded ? .raw : .decoded
    scroll = 0
  }

  /// Every index points at something that exists (frames dropped or read back, a resize).
  mutating func clamp(frameCount: Int, layout: DetailLayout?) {
    selectedFrame = min(max(0, selectedFrame), max(0, frameCount - 1))
    scroll = max(0, scroll)
    if let layout {
      scroll = min(scroll, view == .raw ? layout.maxHexScroll : layout.maxTreeScroll)
    }
  }

  /// Rows PgUp/PgDn move in the detail pane.
  func pageRows(_ layout: DetailLayout?) -> Int {
    guard let layout else { return 1 }
    return max(1, (view == .raw ? layout.inner.height : layout.treeHeight) - 1)
  }

  /// ↑↓ inside a frame: the previous or next field; the pane follows it (the tree in the
  /// decoded view, its bytes in the raw one).
  mutating func moveInDetail(by step: Int, _ layout: DetailLayout) {
    selectedLine = min(max(0, selectedLine + step), max(0, layout.lines.count - 1))
    switch view {
    case .decoded:
      let selected = layout.rows(of: selectedLine)
      if selected.lowerBound < scroll {
        scroll = selected.lowerBound
      } else if selected.upperBound > scroll + layout.treeHeight {
        scroll = max(selected.lowerBound, selected.upperBound - layout.treeHeight)
      }
      scroll = min(max(0, scroll), layout.maxTreeScroll)
    case .raw:
      let first = layout.lines[selectedLine].ranges.first?.lowerBound ?? 0
      let row = first / layout.bytesPerRow
      if row < scroll || row >= scroll + layout.inner.height {
        scroll = min(max(0, row - layout.inner.height / 2), layout.maxHexScroll)
      }
    }
  }

  /// PgUp/PgDn inside a frame: the tree or the hex by `rows`; the selected field stays in view.
  mutating func scrollDetail(by rows: Int, _ layout: DetailLayout) {
    switch view {
    case .decoded:
      scroll = min(max(0, scroll + rows), layout.maxTreeScroll)
      let visible = scroll..<(scroll + layout.treeHeight)
      let selected = layout.rows(of: selectedLine)
      if !visible.overlaps(selected), visible.lowerBound < layout.rows.count {
        selectedLine =
          layout.rows[
            rows > 0 ? visible.lowerBound : min(visible.upperBound, layout.rows.count) - 1
          ].line
      }
    case .raw:
      scroll = min(max(0, scroll + rows), layout.maxHexScroll)
    }
  }
}
