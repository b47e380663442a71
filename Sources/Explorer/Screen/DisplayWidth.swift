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

  /// Cells taken by one grapheme: 0, 1 or 2. Controls (which `InertText` has already replaced
  /// where they came from a peer) count as 1.
  public static func of(_ character: Character) -> Int {
    if character.asciiValue != nil { return 1 }
    _ = localeReady
    var width = 0
    for scalar in character.unicodeScalars {
      let scalarWidth = Int(cwidth_wcwidth(scalar.value))
      width = max(width, scalarWidth < 0 ? (width == 0 ? 1 : 0) : scalarWidth)
    }
    return min(width, 2)
  }

  public static func of(_ text: some StringProtocol) -> Int {
    text.reduce(0) { $0 + of($1) }
  }
}
