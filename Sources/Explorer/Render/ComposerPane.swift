extension ExplorerState {
  /// The JSON composer: the request's lines under their numbers, the line the codec complains
  /// about marked, the cursor's line kept in sight (sideways too).
  func drawComposer(_ grid: inout Grid, _ rect: Rect) {
    let editor = composer.editor
    let position = "\(editor.cursor.line + 1):\(editor.cursor.column + 1)"
    grid.box(
      rect, title: "Request · \(InertText.make(composer.typeName)) · \(position)",
      focused: focus == .input)
    let inner = rect.inner
    guard inner.height > 0, inner.width > 8 else { return }
    let numberWidth = String(editor.lines.count).count
    let gutter = numberWidth + 2
    let textWidth = inner.width - gutter
    var errorLine: Int?
    if case .invalid(_, let line?) = composer.check { errorLine = line - 1 }
    // Sideways: every line shifted so that the cursor's column is on screen.
    let cursorLine = editor.lines[editor.cursor.line]
    let cursorX = cursorLine.prefix(editor.cursor.column).reduce(0) {
      $0 + Self.shownWidth($1)
    }
    let shift = max(0, cursorX - textWidth + 1)
    let first = min(composer.scroll, max(0, editor.lines.count - 1))
    for row in 0..<inner.height {
      let index = first + row
      guard index < editor.lines.count else { break }
      let y = inner.y + row
      let number = String(index + 1)
      let isError = index == errorLine
      grid.put(
        String(repeating: " ", count: numberWidth - number.count) + number
          + (isError ? "✗" : " "), x: inner.x, y: y, style: isError ? Theme.failure : Theme.dim)
      grid.put(
        Self.visible(editor.lines[index], skipping: shift, width: textWidth), x: inner.x + gutter,
        y: y, limit: textWidth)
    }
  }

  /// Where the terminal's cursor goes in the composer.
  func composerCursor(_ rect: Rect) -> Screen.Cursor? {
    let editor = composer.editor
    let inner = rect.inner
    let gutter = String(editor.lines.count).count + 2
    let textWidth = inner.width - gutter
    let cursorX = editor.lines[editor.cursor.line].prefix(editor.cursor.column).reduce(0) {
      $0 + Self.shownWidth($1)
    }
    let shift = max(0, cursorX - textWidth + 1)
    let row = editor.cursor.line - composer.scroll
    guard textWidth > 0, (0..<inner.height).contains(row) else { return nil }
    return Screen.Cursor(x: inner.x + gutter + cursorX - shift, y: inner.y + row)
  }

  /// Cells a character of the request takes as shown: a control or bidi character is drawn as
  /// its inert symbol (`␛`, `⟨RLO⟩`), wider than the character, and the cursor must know.
  static func shownWidth(_ character: Character) -> Int {
    if let ascii = character.asciiValue, ascii >= 0x20, ascii < 0x7F { return 1 }
    return DisplayWidth.of(InertText.make(String(character)))
  }

  /// The part of a line from display column `skipping` on, at most `width` wide, inert.
  static func visible(_ line: [Character], skipping: Int, width: Int) -> String {
    var column = 0
    var text = ""
    var used = 0
    for character in line {
      let characterWidth = Self.shownWidth(character)
      defer { column += characterWidth }
      if column < skipping { continue }
      if used + characterWidth > width { break }
      text += InertText.make(String(character))
      used += characterWidth
    }
    return text
  }
}
