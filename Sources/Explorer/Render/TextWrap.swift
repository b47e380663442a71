/// Breaks text into lines of at most `width` cells: at spaces where it can, inside a word where
/// it must (or where a break at a space would leave a stub), never inside a grapheme.
enum TextWrap {
  static func lines(_ text: String, width: Int) -> [String] {
    guard width > 0 else { return [] }
    var lines: [String] = []
    for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if let ascii = asciiLines(paragraph, width: width) {
        lines += ascii
        continue
      }
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

  /// `prefix + text` wrapped as `lines` does it, with the prefix (`◂ `, `Unary ▸ `) kept out of
  /// the text while wrapping, so that ASCII text (a JSON reply) takes the fast path. Its spaces
  /// cannot be breaks when it is under a third of the width (no stubs), so the rows are the same.
  static func lines(_ text: some StringProtocol, width: Int, after prefix: String) -> [String] {
    let prefixWidth = DisplayWidth.of(prefix)
    // A text that starts with a mark (combining, ZWJ, a variation selector) joins the prefix's
    // last character: the placeholder would take it instead.
    let startsWithMark =
      text.unicodeScalars.first.map {
        [.nonspacingMark, .spacingMark, .enclosingMark, .format].contains(
          $0.properties.generalCategory)
          || (0xFE00...0xFE0F).contains($0.value)
      } ?? false
    guard prefixWidth * 3 < width, !prefix.contains("\n"), !startsWithMark else {
      return lines(prefix + text, width: width)
    }
    var rows = lines(String(repeating: "x", count: prefixWidth) + text, width: width)
    rows[0] = prefix + rows[0].dropFirst(prefixWidth)
    return rows
  }

  /// The same rules for a paragraph of printable ASCII (JSON, mostly), by bytes: a cell a byte,
  /// no grapheme breaking. Nil for any other text.
  private static func asciiLines(_ paragraph: Substring, width: Int) -> [String]? {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(paragraph.utf8.count)
    for byte in paragraph.utf8 {
      guard byte >= 0x20, byte < 0x7F else { return nil }
      bytes.append(byte)
    }
    var lines: [String] = []
    var start = 0
    // The lowest index a break may use: as in `lines`, not the row's first character, and no
    // space from before the previous break's edge.
    var floor = 1
    while bytes.count - start > width {
      let end = start + width  // the first byte that does not fit
      var space = end - 1
      while space >= floor, bytes[space] != 0x20 { space -= 1 }
      if space >= floor, space - start >= width / 3 {
        lines.append(String(decoding: bytes[start..<space], as: UTF8.self))
        start = space + 1
      } else {
        lines.append(String(decoding: bytes[start..<end], as: UTF8.self))
        start = end
      }
      floor = max(end, start + 1)
    }
    lines.append(String(decoding: bytes[start...], as: UTF8.self))
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
