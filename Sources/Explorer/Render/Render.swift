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
    // Each pane draws itself from its own model and what the root hands it.
    title.draw(&grid, layout.title)
    if let rect = layout.methods {
      tree.draw(&grid, rect, focused: focus == .methods, catalog: catalog)
    }
    transcript.draw(&grid, layout.transcript, around: transcriptSurroundings)
    if let rect = layout.frames {
      inspector.drawFrames(
        &grid, rect, call: transcript.shownCall, catalog: catalog, focused: focus == .frames,
        cached: shownFrameRows)
    }
    if let rect = layout.detail {
      inspector.drawDetail(
        &grid, rect, frame: selectedFrameEntry, layout: detailLayout, focused: focus == .frames)
    }
    var cursor = drawInput(&grid, layout.input)
    if let rect = layout.composer {
      let composerCursor = composer.draw(&grid, rect, focused: focus == .input)
      if focus == .input { cursor = composerCursor }
    }
    drawHints(&grid, layout.hints)
    if let overlay {
      cursor = drawOverlay(&grid, overlay)
    }
    return Screen(grid: grid, cursor: cursor)
  }
}
