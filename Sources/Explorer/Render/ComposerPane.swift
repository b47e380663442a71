extension Composer {
  /// The JSON composer: the request's lines under their numbers, the line the codec complains
  /// about marked, the cursor's line kept in sight (sideways too). Returns where the terminal's
  /// cursor goes when `focused`.
  func draw(_ grid: inout Grid, _ rect: Rect, focused: Bool) -> Screen.Cursor? {
    let position = "\(editor.cursor.line + 1):\(editor.cursor.column + 1)"
    grid.box(
      rect, title: "Request · \(InertText.make(typeName)) · \(position)", focused: focused)
    let inner = rect.inner
    guard inner.height > 0, inner.width > 8 else { return nil }
    let numberWidth = String(editor.lines.count).count
    let gutter = numberWidth + 2
    let textWidth = inner.width - gutter
    var errorLine: Int?
    if case .invalid(_, let line?) = check { errorLine = line - 1 }
    // Sideways: every line shifted so that the cursor's column is on screen.
    let cursorX = InertColumns.width(
      of: editor.lines[editor.cursor.line], upTo: editor.cursor.column)
    let shift = max(0, cursorX - textWidth + 1)
    let first = min(scroll, max(0, editor.lines.count - 1))
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
        InertColumns.slice(editor.lines[index], skipping: shift, width: textWidth),
        x: inner.x + gutter, y: y, limit: textWidth)
    }
    let row = editor.cursor.line - first
    guard focused, textWidth > 0, (0..<inner.height).contains(row) else { return nil }
    return Screen.Cursor(x: inner.x + gutter + cursorX - shift, y: inner.y + row)
  }

  /// The line under the composer, after `prompt` (the method, an open stream): whether the
  /// JSON fits its type (the codec's error if not); the JSON itself, on one line, while the
  /// focus is elsewhere.
  func drawStatus(_ grid: inout Grid, _ rect: Rect, prompt: String, focused: Bool) {
    let x =
      rect.x
      + grid.put(
        prompt, x: rect.x, y: rect.y, limit: rect.width,
        style: focused ? Theme.paneTitle : Theme.dim)
    let room = max(0, rect.x + rect.width - x)
    guard focused else {
      // Newlines and indentation folded away: a glimpse of the request, not its layout.
      let glimpse = editor.lines.map { String($0.drop { $0 == " " }) }.joined(separator: " ")
      grid.put(
        TextWrap.truncated(InertText.make(glimpse), width: room), x: x, y: rect.y, limit: room,
        style: Theme.dim)
      return
    }
    switch check {
    case .valid(let type):
      let keys = Keymap.keys(for: .send, in: .composer)
      grid.put(
        TextWrap.truncated("✓ \(type) · \(keys) sends", width: room), x: x, y: rect.y,
        limit: room, style: Theme.ok)
    case .invalid(let why, _):
      grid.put(
        TextWrap.truncated("✗ \(why)", width: room), x: x, y: rect.y, limit: room,
        style: Theme.failure)
    }
  }
}

extension Prompt {
  /// The one-line prompt after `label` (`SayHello ▸ name: `). Returns where the terminal's
  /// cursor goes when `showsCursor` (focused, no dialog over it).
  func draw(_ grid: inout Grid, _ rect: Rect, label: String, focused: Bool, showsCursor: Bool)
    -> Screen.Cursor?
  {
    var x =
      rect.x
      + grid.put(
        label, x: rect.x, y: rect.y, limit: rect.width,
        style: focused ? Theme.paneTitle : Theme.dim)
    // Keep the cursor on screen: the characters just before it that fit (walked back from the
    // cursor, so a long input costs what is visible, not its length), then what follows it.
    let room = max(0, rect.x + rect.width - x - 1)
    let characters = editor.characters
    var start = editor.cursor
    var beforeCursor = 0
    while start > 0 {
      let width = DisplayWidth.of(characters[start - 1])
      if beforeCursor + width > room { break }
      beforeCursor += width
      start -= 1
    }
    var end = editor.cursor
    var used = beforeCursor
    while end < characters.count, used < room {
      used += DisplayWidth.of(characters[end])
      end += 1
    }
    grid.put(
      String(characters[start..<end]), x: x, y: rect.y, limit: room,
      style: focused ? .plain : Theme.dim)
    x += beforeCursor
    guard showsCursor, x < rect.x + rect.width else { return nil }
    return Screen.Cursor(x: x, y: rect.y)
  }
}
