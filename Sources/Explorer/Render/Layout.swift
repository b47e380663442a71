/// A rectangle of the screen, in cells.
public struct Rect: Hashable, Sendable {
  public var x, y, width, height: Int

  public init(x: Int, y: Int, width: Int, height: Int) {
    self.x = x
    self.y = y
    self.width = max(0, width)
    self.height = max(0, height)
  }

  /// Inside a one-cell border.
  var inner: Rect { Rect(x: x + 1, y: y + 1, width: width - 2, height: height - 2) }
}

/// Where each pane goes for a screen size: side by side when wide, stacked when narrow; nil
/// below the smallest size the explorer can use.
struct Layout: Equatable {
  static let minimumWidth = 40
  static let minimumHeight = 10

  var title: Rect
  var methods: Rect?
  var transcript: Rect
  var frames: Rect?
  var detail: Rect?
  /// The JSON composer, while it is open: it takes its rows from the frames.
  var composer: Rect?
  var input: Rect
  var hints: Rect

  /// `treeRows` and `composerRows` are what those panes would like, borders included (0: no
  /// composer); neither grows past its share, however many methods or lines there are.
  static func make(width: Int, height: Int, treeRows: Int, composerRows: Int = 0) -> Layout? {
    guard width >= minimumWidth, height >= minimumHeight else { return nil }
    let title = Rect(x: 0, y: 0, width: width, height: 1)
    let input = Rect(x: 0, y: height - 2, width: width, height: 1)
    let hints = Rect(x: 0, y: height - 1, width: width, height: 1)
    let top = 1
    let available = height - 3
    if width >= 60 {
      // The tree gets up to half the rows when it has that many, 40% when it has fewer.
      let topHeight = max(min(treeRows, available / 2), available * 40 / 100)
      let methodsWidth = width >= 100 ? 34 : 30
      var bottomY = top + topHeight
      var bottomHeight = available - topHeight
      let methods = Rect(x: 0, y: top, width: methodsWidth, height: topHeight)
      let transcript = Rect(x: methodsWidth, y: top, width: width - methodsWidth, height: topHeight)
      let composer = composerRect(
        wanted: composerRows, y: &bottomY, height: &bottomHeight, width: width)
      if bottomHeight < 3 {
        return Layout(
          title: title, methods: methods, transcript: transcript, composer: composer,
          input: input, hints: hints)
      }
      if width >= 100 {
        let listWidth = width * 55 / 100
        return Layout(
          title: title, methods: methods, transcript: transcript,
          frames: Rect(x: 0, y: bottomY, width: listWidth, height: bottomHeight),
          detail: Rect(x: listWidth, y: bottomY, width: width - listWidth, height: bottomHeight),
          composer: composer, input: input, hints: hints)
      }
      // The detail needs 3 rows to show anything; without them the list takes them all.
      var listHeight = max(3, bottomHeight / 2)
      if bottomHeight - listHeight < 3 { listHeight = bottomHeight }
      return Layout(
        title: title, methods: methods, transcript: transcript,
        frames: Rect(x: 0, y: bottomY, width: width, height: listHeight),
        detail: bottomHeight > listHeight
          ? Rect(x: 0, y: bottomY + listHeight, width: width, height: bottomHeight - listHeight)
          : nil,
        composer: composer, input: input, hints: hints)
    }
    // Narrow: one column, panes stacked; the smaller the screen, the fewer panes.
    let methodsHeight = min(treeRows, max(3, available / 4))
    var y = top + methodsHeight
    var rest = available - methodsHeight
    let composer = composerRect(wanted: composerRows, y: &y, height: &rest, width: width)
    if let composer {
      // The composer goes under the transcript, not above it.
      let transcript = Rect(x: 0, y: composer.y, width: width, height: rest)
      let moved = Rect(x: 0, y: composer.y + rest, width: width, height: composer.height)
      return Layout(
        title: title, methods: Rect(x: 0, y: top, width: width, height: methodsHeight),
        transcript: transcript, composer: moved, input: input, hints: hints)
    }
    let transcriptHeight = rest >= 12 ? rest / 2 : rest
    let transcript = Rect(x: 0, y: y, width: width, height: transcriptHeight)
    y += transcriptHeight
    var frames: Rect?
    var detail: Rect?
    let left = rest - transcriptHeight
    if left >= 6 {
      frames = Rect(x: 0, y: y, width: width, height: left / 2)
      detail = Rect(x: 0, y: y + left / 2, width: width, height: left - left / 2)
    }
    return Layout(
      title: title, methods: Rect(x: 0, y: top, width: width, height: methodsHeight),
      transcript: transcript, frames: frames, detail: detail, input: input, hints: hints)
  }

  /// The composer's box at the top of the rows `y..<y+height`, which shrink by it: as tall as
  /// its text, up to two thirds of them (at least 3 rows: one line and the borders).
  private static func composerRect(wanted: Int, y: inout Int, height: inout Int, width: Int)
    -> Rect?
  {
    guard wanted > 0, height >= 3 else { return nil }
    let rows = min(wanted, max(3, height * 2 / 3))
    let rect = Rect(x: 0, y: y, width: width, height: rows)
    y += rows
    height -= rows
    return rect
  }
}
