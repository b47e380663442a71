/// How a cell looks. The terminal adapter maps it to curses attributes and color pairs; with
/// NO_COLOR it keeps only bold, dim, underline and reverse.
public struct Style: Hashable, Sendable {
  public var foreground: Color
  public var background: Color
  public var bold: Bool
  public var dim: Bool
  public var underline: Bool
  public var reverse: Bool

  public init(
    foreground: Color = .default, background: Color = .default, bold: Bool = false,
    dim: Bool = false, underline: Bool = false, reverse: Bool = false
  ) {
    self.foreground = foreground
    self.background = background
    self.bold = bold
    self.dim = dim
    self.underline = underline
    self.reverse = reverse
  }

  public static let plain = Style()
}

/// The eight ANSI colors and the terminal's own default (`use_default_colors`).
public enum Color: Int, Hashable, Sendable, CaseIterable {
  case `default` = -1
  case black = 0
  case red, green, yellow, blue, magenta, cyan, white
}
