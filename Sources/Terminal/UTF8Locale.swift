import CNcursesw

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The C library's locale, which ncursesw reads to decode typed UTF-8 and to measure wide
/// characters: without a UTF-8 codeset every non-ASCII character breaks.
enum UTF8Locale {
  /// Takes the locale from the environment (LANG, LC_*), and falls back to C.UTF-8 when that
  /// is not UTF-8 (e.g. unset, "C" or "POSIX"). Must run before curses starts.
  static func prepare() {
    _ = setlocale(LC_ALL, "")
    if isUTF8 { return }
    if setlocale(LC_ALL, "C.UTF-8") == nil {
      _ = setlocale(LC_CTYPE, "C.UTF-8")
    }
  }

  /// Whether the current locale's character set is UTF-8.
  static var isUTF8: Bool {
    guard let codeset = cn_codeset() else { return false }
    let name = String(cString: codeset).uppercased()
    return name == "UTF-8" || name == "UTF8"
  }
}
