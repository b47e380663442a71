import CWidth

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How many terminal cells text takes, per grapheme, agreeing with the C library's `wcwidth`
/// (which is what ncursesw uses to place characters): Hangul syllables and CJK take 2, combining
/// marks 0.
public enum DisplayWidth {
  /// `wcwidth` answers by the C library's locale; in the "C" locale every non-ASCII character
  /// would be -1. The program sets the locale before curses starts; this makes the answer the
  /// same in tests and tools that never do.
  private static let localeReady: Bool = {
    if let current = setlocale(LC_CTYPE, nil), String(cString: current).uppercased().contains("UTF")
    {
      return true
    }
    if setlocale(LC_CTYPE, "") == nil
      || !(String(cString: setlocale(LC_CTYPE, nil)).uppercased().contains("UTF"))
    {
      _ = setlocale(LC_CTYPE, "C.UTF-8")
    }
    return true
  }()

  /// Cells taken by one grapheme as the explorer draws it (see `drawn`): 0 to 2 per part.
  public static func of(_ character: Character) -> Int {
    if character.asciiValue != nil { return 1 }
    let scalars = character.unicodeScalars
    if scalars.count == 1, let scalar = scalars.first {
      return isLeftOut(scalar) ? 0 : max(1, min(2, wcwidth(scalar)))
    }
    return drawn(character).reduce(0) { $0 + $1.width }
  }

  public static func of(_ text: some StringProtocol) -> Int {
    // ASCII without CR (CR LF is one grapheme of one cell) is a cell a byte: no grapheme
    // breaking, which is most of the cost of measuring.
    var bytes = 0
    for byte in text.utf8 {
      guard byte < 0x80, byte != 0x0D else { return text.reduce(0) { $0 + of($1) } }
      bytes += 1
    }
    return bytes
  }

  /// How a grapheme is drawn: runs of one spacing character with the combining marks that
  /// follow it, each 1 or 2 cells wide by the C library's `wcwidth`, which is how ncursesw
  /// places them.
  ///
  /// The rule for what terminals disagree on: a ZWJ sequence (👩‍👩‍👧) is drawn as its parts side by
  /// side (👩👩👧, 6 cells) without the joiners; variation selectors (❤️ → ❤), emoji skin-tone
  /// modifiers and tag characters are left out. Terminals differ on the width of the joined or
  /// emoji-styled forms (and ncursesw measures each character on its own), so drawing them would
  /// move every cell after them on some terminals; the parts have one width everywhere. The
  /// text itself (history, `call`, the request sent) keeps every character.
  public static func drawn(_ character: Character) -> [(text: String, width: Int)] {
    if character.asciiValue != nil { return [(String(character), 1)] }
    var parts: [(text: String, width: Int)] = []
    var marks = 0
    for scalar in character.unicodeScalars where !isLeftOut(scalar) {
      let width = wcwidth(scalar)
      if width == 0 {
        // A combining mark rides on the character before it (curses keeps up to 4); one with
        // nothing before it sits on a dotted circle.
        if parts.isEmpty {
          parts.append(("\u{25CC}", 1))
          marks = 0
        }
        if marks < 4 {
          parts[parts.count - 1].text.unicodeScalars.append(scalar)
          marks += 1
        }
      } else {
        parts.append((String(scalar), max(1, min(2, width))))
        marks = 0
      }
    }
    return parts
  }

  /// Joiners, selectors, modifiers and other invisible formatting that the rule above leaves
  /// out of the drawing.
  public static func isLeftOut(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x200B...0x200D, 0x2060...0x2064, 0xFEFF: true  // ZWSP, ZWNJ, ZWJ, word joiners, BOM
    case 0xFE00...0xFE0F, 0xE0100...0xE01EF: true  // variation selectors
    case 0x1F3FB...0x1F3FF: true  // emoji modifiers (skin tones)
    case 0xE0000...0xE007F: true  // tags
    default: false
    }
  }

  /// `wcwidth` of one scalar; -1 (unprintable) counts as 1, as curses draws a stand-in.
  private static func wcwidth(_ scalar: Unicode.Scalar) -> Int {
    _ = localeReady
    let width = Int(cwidth_wcwidth(scalar.value))
    return width < 0 ? 1 : width
  }
}
