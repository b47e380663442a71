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
  var input: Rect
  var hints: Rect

  static func make(width: Int, height: Int, methodCount: Int) -> Layout? {
    guard width >= minimumWidth, height >= minimumHeight else { return nil }
    let title = Rect(x: 0, y: 0, width: width, height: 1)
    let input = Rect(x: 0, y: height - 2, width: width, height: 1)
    let hints = Rect(x: 0, y: height - 1, width: width, height: 1)
    let top = 1
    let available = height - 3
    if width >= 60 {
      let topHeight = max(methodCount + 2, available * 40 / 100)
      let methodsWidth = width >= 100 ? 34 : 30
      let bottomY = top + topHeight
      let bottomHeight = available - topHeight
      let methods = Rect(x: 0, y: top, width: methodsWidth, height: topHeight)
      let transcript = Rect(x: methodsWidth, y: top, width: width - methodsWidth, height: topHeight)
      if width >= 100 {
        let listWidth = width * 55 / 100
        return Layout(
          title: title, methods: methods, transcript: transcript,
          frames: Rect(x: 0, y: bottomY, width: listWidth, height: bottomHeight),
          detail: Rect(x: listWidth, y: bottomY, width: width - listWidth, height: bottomHeight),
          input: input, hints: hints)
      }
      let listHeight = max(3, bottomHeight / 2)
      return Layout(
        title: title, methods: methods, transcript: transcript,
        frames: Rect(x: 0, y: bottomY, width: width, height: listHeight),
        detail: bottomHeight - listHeight >= 3
          ? Rect(x: 0, y: bottomY + listHeight, width: width, height: bottomHeight - listHeight)
          : nil,
        input: input, hints: hints)
    }
    // Narrow: one column, panes stacked; the smaller the screen, the fewer panes.
    let methodsHeight = min(methodCount + 2, max(3, available / 4))
    var y = top + methodsHeight
    let rest = available - methodsHeight
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
}
