extension Grid {
  /// A single-line border around `rect` with `title` in its top edge.
  mutating func box(_ rect: Rect, title: String, focused: Bool) {
    guard rect.width >= 2, rect.height >= 2 else { return }
    let style = focused ? Theme.focusedBorder : Theme.border
    let right = rect.x + rect.width - 1
    let bottom = rect.y + rect.height - 1
    for column in rect.x...right {
      setNarrow("─", x: column, y: rect.y, style: style)
      setNarrow("─", x: column, y: bottom, style: style)
    }
    for row in rect.y...bottom {
      setNarrow("│", x: rect.x, y: row, style: style)
      setNarrow("│", x: right, y: row, style: style)
    }
    setNarrow("┌", x: rect.x, y: rect.y, style: style)
    setNarrow("┐", x: right, y: rect.y, style: style)
    setNarrow("└", x: rect.x, y: bottom, style: style)
    setNarrow("┘", x: right, y: bottom, style: style)
    if rect.width > 4 {
      let text = TextWrap.truncated(" \(title) ", width: rect.width - 4)
      put(text, x: rect.x + 2, y: rect.y, style: focused ? Theme.focusedBorder : Theme.paneTitle)
    }
  }
}
