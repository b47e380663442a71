/// One cell of the screen: a grapheme (or "" for the right half of a wide one) and its style.
public struct Cell: Hashable, Sendable {
  public var text: String
  public var style: Style

  public init(_ text: String = " ", style: Style = .plain) {
    self.text = text
    self.style = style
  }

  /// The right half of a wide character: the terminal draws nothing there.
  public var isContinuation: Bool { text.isEmpty }
}

/// What the screen should show: `render` makes it, the terminal adapter draws it, tests read it
/// as text. Writing never splits a wide character at a pane edge (it leaves a space instead).
public struct Grid: Sendable, Equatable {
  public let width: Int
  public let height: Int
  public private(set) var cells: [Cell]

  public init(width: Int, height: Int) {
    self.width = max(0, width)
    self.height = max(0, height)
    cells = Array(repeating: Cell(), count: self.width * self.height)
  }

  public subscript(x: Int, y: Int) -> Cell {
    get { cells[y * width + x] }
    set { cells[y * width + x] = newValue }
  }

  /// Writes `text` from column `x` of row `y`, clipped to `limit` columns (default: to the
  /// grid's edge), and returns the columns used. Text should be inert (`InertText`) already.
  @discardableResult
  public mutating func put(
    _ text: some StringProtocol, x: Int, y: Int, limit: Int? = nil, style: Style = .plain
  ) -> Int {
    guard y >= 0, y < height, x < width else { return 0 }
    let end = min(width, x + (limit ?? width))
    var column = x
    // Printable ASCII, most of any screen, is a cell a byte: no grapheme breaking, no measuring.
    if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
      for byte in text.utf8 {
        guard column < end else { break }
        if column >= 0 { self[column, y] = Cell(Self.asciiCells[Int(byte)], style: style) }
        column += 1
      }
      return column - x
    }
    for character in text {
      // Printable ASCII, most of any screen, is one cell as it is: no measuring.
      if let ascii = character.asciiValue, ascii >= 0x20, ascii < 0x7F {
        guard column < end else { break }
        if column >= 0 { self[column, y] = Cell(Self.asciiCells[Int(ascii)], style: style) }
        column += 1
        continue
      }
      let parts = DisplayWidth.drawn(character)
      let cellWidth = parts.reduce(0) { $0 + $1.width }
      if cellWidth == 0 { continue }
      if column + cellWidth > end {
        // A grapheme is never split at an edge: what is left of the room stays blank.
        for blank in max(0, column)..<max(max(0, column), end) {
          self[blank, y] = Cell(" ", style: style)
        }
        break
      }
      for part in parts {
        if column >= 0 {
          self[column, y] = Cell(part.text, style: style)
          if part.width == 2 { self[column + 1, y] = Cell("", style: style) }
        }
        column += part.width
      }
    }
    return column - x
  }

  /// The one-character strings of ASCII, made once.
  static let asciiCells: [String] = (0..<128).map { String(UnicodeScalar(UInt8($0))) }

  /// Sets the cell at `x`, `y` (when on the grid) to `text`, which must be one narrow grapheme
  /// (a box-drawing line): for the thousands of border cells, without measuring each.
  mutating func setNarrow(_ text: String, x: Int, y: Int, style: Style) {
    guard x >= 0, x < width, y >= 0, y < height else { return }
    self[x, y] = Cell(text, style: style)
  }

  /// Fills a rectangle with spaces in `style`.
  public mutating func fill(x: Int, y: Int, width: Int, height: Int, style: Style) {
    for row in max(0, y)..<min(self.height, y + height) {
      for column in max(0, x)..<min(self.width, x + width) {
        self[column, row] = Cell(" ", style: style)
      }
    }
  }

  /// Changes the style of a run of cells, keeping their text (selection bars, highlights).
  public mutating func restyle(x: Int, y: Int, width: Int, _ change: (inout Style) -> Void) {
    guard y >= 0, y < height else { return }
    for column in max(0, x)..<min(self.width, x + width) {
      change(&self[column, y].style)
    }
  }

  /// The rows as text, trailing spaces removed: what goldens and tmux captures compare.
  public var text: String {
    (0..<height).map { row in
      var line = ""
      for column in 0..<width { line += self[column, row].text }
      while line.hasSuffix(" ") { line.removeLast() }
      return line
    }.joined(separator: "\n")
  }
}
