import CNcursesw
import Explorer

/// curses color pairs by (foreground, background), made with `init_pair` the first time a style
/// needs one. Pair 0 is the terminal's own colors; when the pairs run out, styles fall back to it.
struct ColorPairs {
  private struct Colors: Hashable {
    var foreground: Color
    var background: Color
  }

  private var numbers: [Colors: Int16] = [:]
  private var next: Int = 1
  /// COLOR_PAIRS: pair numbers are 0..<limit.
  private let limit: Int
  /// Whether `use_default_colors` worked, so -1 means "the terminal's default" in a pair.
  private let defaultColors: Bool

  init(limit: Int, defaultColors: Bool) {
    self.limit = min(limit, Int(Int16.max))
    self.defaultColors = defaultColors
  }

  /// The pair for these colors, 0 for (default, default) or when none is left.
  mutating func number(foreground: Color, background: Color) -> Int16 {
    if foreground == .default && background == .default { return 0 }
    let colors = Colors(foreground: foreground, background: background)
    if let number = numbers[colors] { return number }
    var number: Int16 = 0
    if next < limit {
      let candidate = Int16(next)
      let made = init_pair(
        candidate, curses(foreground, fallback: .white), curses(background, fallback: .black))
      if made == cn_ok() {
        number = candidate
        next += 1
      }
    }
    numbers[colors] = number  // a failure is remembered too: no init_pair per cell
    return number
  }

  /// The curses color number; without default-color support, `.default` becomes `fallback`
  /// (what pair 0 shows on such terminals: white on black).
  private func curses(_ color: Color, fallback: Color) -> Int16 {
    if color == .default && !defaultColors { return Int16(fallback.rawValue) }
    return Int16(color.rawValue)
  }
}
