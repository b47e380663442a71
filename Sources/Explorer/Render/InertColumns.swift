/// Text the user edits (the composer, the metadata dialog) as it is drawn: a control or bidi
/// character is shown as its inert symbol (`␛`, `⟨RLO⟩`), wider than the character, and the
/// cursor and the sideways shift must count what is shown.
enum InertColumns {
  /// Cells `character` takes as shown.
  static func width(_ character: Character) -> Int {
    if let ascii = character.asciiValue, ascii >= 0x20, ascii < 0x7F { return 1 }
    return DisplayWidth.of(InertText.make(String(character)))
  }

  /// Cells the first `count` characters of `line` take as shown.
  static func width(of line: some Collection<Character>, upTo count: Int) -> Int {
    line.prefix(count).reduce(0) { $0 + width($1) }
  }

  /// The part of `line` from display column `skipping` on, at most `width` wide, inert.
  static func slice(_ line: [Character], skipping: Int, width room: Int) -> String {
    var column = 0
    var text = ""
    var used = 0
    for character in line {
      let characterWidth = width(character)
      defer { column += characterWidth }
      if column < skipping { continue }
      if used + characterWidth > room { break }
      text += InertText.make(String(character))
      used += characterWidth
    }
    return text
  }
}
