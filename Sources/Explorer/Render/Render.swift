/// What to draw: the cells, and where the text cursor goes (nil: hidden).
public struct Screen: Sendable, Equatable {
  public var grid: Grid
  public var cursor: Cursor?

  public struct Cursor: Sendable, Equatable {
    public var x: Int
    public var y: Int
  }
}

extension ExplorerState {
  /// The screen for the state at its current size. Pure; costs what is visible, not what the
  /// transcript holds.
  public func render() -> Screen {
    var grid = Grid(width: width, height: height)
    guard let layout else {
      let text = "terminal too small (\(width)×\(height))"
      for (row, line) in TextWrap.lines(text, width: max(1, width)).prefix(max(0, height))
        .enumerated()
      {
        grid.put(line, x: 0, y: row)
      }
      return Screen(grid: grid, cursor: nil)
    }
    title.draw(&grid, layout.title)
    if let rect = layout.methods { drawMethods(&grid, rect) }
    drawTranscript(&grid, layout.transcript)
    if let rect = layout.frames { drawFrames(&grid, rect) }
    if let rect = layout.detail { drawDetail(&grid, rect) }
    if let rect = layout.composer { drawComposer(&grid, rect) }
    var cursor = drawInput(&grid, layout.input)
    if let rect = layout.composer, focus == .input { cursor = composerCursor(rect) }
    drawHints(&grid, layout.hints)
    if let overlay {
      cursor = drawOverlay(&grid, overlay)
    }
    return Screen(grid: grid, cursor: cursor)
  }
}
