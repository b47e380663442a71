import CNcursesw
import Explorer

/// Puts one `Cell` on a curses window as a wide character (`setcchar` + `mvwadd_wch`) with the
/// attributes and color pair of its `Style`.
struct CellPainter {
  let window: UnsafeMutablePointer<WINDOW>
  var colorPairs: ColorPairs?
  /// The grapheme as a NUL-terminated wide string: a spacing character and up to
  /// CCHARW_MAX - 1 combining ones.
  private var characters: [wchar_t]
  private var cell = cchar_t()

  init(window: UnsafeMutablePointer<WINDOW>, colorPairs: ColorPairs?) {
    self.window = window
    self.colorPairs = colorPairs
    characters = Array(repeating: 0, count: Int(cn_ccharw_max()) + 1)
  }

  /// Draws `cell` at column `x` of row `y`; `room` is how many columns are left on screen. A
  /// wide character with room for only its left half becomes a space, and a control character
  /// (which curses would show as two cells, `^X`) becomes U+FFFD.
  mutating func paint(_ cell: Cell, x: Int, y: Int, room: Int) {
    var text = Substring(cell.text)
    if let first = text.first, DisplayWidth.of(first) > room { text = " " }
    let attributes = Self.attributes(cell.style)
    let pair =
      colorPairs?.number(foreground: cell.style.foreground, background: cell.style.background) ?? 0
    if !set(text, attributes: attributes, pair: pair) {
      _ = set("\u{FFFD}", attributes: attributes, pair: pair)
    }
    _ = mvwadd_wch(window, Int32(y), Int32(x), &self.cell)
  }

  /// Fills `cell` from `text`; false when curses refuses it or it starts with a control.
  private mutating func set(_ text: Substring, attributes: attr_t, pair: Int16) -> Bool {
    let limit = characters.count - 1
    var count = 0
    for scalar in text.unicodeScalars.prefix(limit) {
      characters[count] = wchar_t(bitPattern: scalar.value)
      count += 1
    }
    characters[count] = 0
    guard count > 0, !Self.isControl(characters[0]) else { return false }
    return setcchar(&cell, characters, attributes, pair, nil) == cn_ok()
  }

  private static func isControl(_ character: wchar_t) -> Bool {
    character < 0x20 || (0x7F...0x9F).contains(character)
  }

  static func attributes(_ style: Style) -> attr_t {
    var attributes = cn_a_normal()
    if style.bold { attributes |= cn_a_bold() }
    if style.dim { attributes |= cn_a_dim() }
    if style.underline { attributes |= cn_a_underline() }
    if style.reverse { attributes |= cn_a_reverse() }
    return attributes
  }
}
