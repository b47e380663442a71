/// A key press as the explorer understands it; the terminal adapter turns curses codes into it.
public enum Key: Hashable, Sendable {
  case character(Character)
  /// Ctrl plus a letter, lowercase: `.control("c")` for Ctrl-C.
  case control(Character)
  case enter, tab, backTab, backspace, delete, escape
  case up, down, left, right, home, end, pageUp, pageDown
  case function(Int)
}
