/// Breaks text into lines of at most `width` cells: at spaces where it can, inside a word where
/// it must (or where a break at a space would leave a stub), never inside a grapheme.
enum TextWrap {
  static func lines(_ text: String, width: Int) -> [String] {
    guard width > 0 else { return [] }
    var lines: [String] = []
    for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
      var line = ""
      var lineWidth = 0
      var lastSpace: String.Index?
      for character in paragraph {
        let characterWidth = DisplayWidth.of(character)
        if lineWidth + characterWidth > width {
          // Not at a space that would leave a stub (`◂` alone before a long JSON reply):
          // a word longer than two thirds of the width is cut where it reaches the edge.
          if let space = lastSpace, space > line.startIndex,
            DisplayWidth.of(line[..<space]) >= width / 3
          {
            let rest = String(line[line.index(after: space)...])
            lines.append(String(line[..<space]))
            line = rest
            lineWidth = DisplayWidth.of(line)
          } else {
            lines.append(line)
            line = ""
            lineWidth = 0
          }
          lastSpace = nil
        }
        if character == " " { lastSpace = line.endIndex }
        line.append(character)
        lineWidth += characterWidth
      }
      lines.append(line)
    }
    return lines
  }

  /// `text` cut to `width` cells, with `…` when cut.
  static func truncated(_ text: String, width: Int) -> String {
    guard width > 0 else { return "" }
    if DisplayWidth.of(text) <= width { return text }
    var result = ""
    var used = 0
    for character in text {
      let characterWidth = DisplayWidth.of(character)
      if used + characterWidth > width - 1 { break }
      result.append(character)
      used += characterWidth
    }
    return result + "…"
  }
}
