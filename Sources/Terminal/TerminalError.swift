/// Why the terminal could not be set up.
public enum TerminalError: Error, Equatable, CustomStringConvertible {
  /// Standard input or output is not a terminal (piped, redirected, or run without a tty).
  case notATerminal
  /// curses has no description for `$TERM` (nil when TERM is unset).
  case unknownTerminalType(String?)

  public var description: String {
    switch self {
    case .notATerminal:
      return "standard input and output must be a terminal"
    case .unknownTerminalType(let name?):
      return "unknown terminal type '\(name)' (check TERM)"
    case .unknownTerminalType(nil):
      return "TERM is not set"
    }
  }
}
