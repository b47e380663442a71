import CNcursesw
import Explorer
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The full-screen terminal through ncursesw: the only code in the program that calls curses.
///
/// One at a time, used from one thread (curses is not thread-safe). Keys arrive raw: Ctrl-C,
/// Ctrl-Z, Ctrl-S and Ctrl-Q are keys, not signals or flow control. Esc is reported after 25 ms
/// without a following byte, so Alt-x arrives as `.escape` then `x`.
public final class Terminal {
  private var screen: OpaquePointer?
  /// nil without colors (no color support, or NO_COLOR set): only bold, dim, underline, reverse.
  private var colorPairs: ColorPairs?
  private var cursorVisible = false
  private var bracketedPaste = false

  /// Takes over the terminal: curses mode, raw keys, no echo, hidden cursor, colors when wanted.
  public init() throws {
    guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
      throw TerminalError.notATerminal
    }
    UTF8Locale.prepare()
    guard let screen = cn_newterm_stdio(), let window = cn_stdscr() else {
      throw TerminalError.unknownTerminalType(getenv("TERM").map { String(cString: $0) })
    }
    self.screen = screen
    _ = raw()
    _ = noecho()
    _ = nonl()
    _ = keypad(window, true)
    _ = intrflush(window, false)
    _ = set_escdelay(25)
    Self.defineHomeAndEndVariants()
    _ = define_key("\u{1B}[200~", Int32(KeyDecoder.pasteStart))
    _ = define_key("\u{1B}[201~", Int32(KeyDecoder.pasteEnd))
    _ = curs_set(0)
    // COLORS and COLOR_PAIRS are known only after start_color.
    if has_colors() && !Self.noColorRequested() && start_color() == cn_ok() && cn_colors() >= 8 {
      let defaultColors = use_default_colors() == cn_ok()
      colorPairs = ColorPairs(limit: Int(cn_color_pairs()), defaultColors: defaultColors)
    }
  }

  deinit {
    restore()
    if let screen { delscreen(screen) }
  }

  /// The screen in cells, as curses knows it now (updated on `.resize`).
  public var size: (width: Int, height: Int) {
    (width: max(0, Int(cn_max_x())), height: max(0, Int(cn_max_y())))
  }

  /// Waits up to `timeoutMilliseconds` (negative: forever, 0: don't wait) for a key or a resize;
  /// nil on timeout and for keys the explorer has no name for. Calling it after `restore`
  /// re-enters curses mode, as `draw` does.
  public func readKey(timeoutMilliseconds: Int32) -> KeyEvent? {
    guard screen != nil, let window = cn_stdscr() else { return nil }
    wtimeout(window, timeoutMilliseconds)
    var code: wint_t = 0
    let status = wget_wch(window, &code)
    if KeyDecoder.isPasteStart(status: status, code: UInt32(code)) {
      return .paste(readPaste(window))
    }
    return KeyDecoder.event(status: status, code: UInt32(code))
  }

  /// The text up to the paste's end marker; a terminal that never sends one (or a paste cut
  /// off) ends it after 200 ms of silence, so keys are never swallowed for good.
  private func readPaste(_ window: UnsafeMutablePointer<WINDOW>) -> String {
    var text = ""
    wtimeout(window, 200)
    // CR LF (text copied from a Windows file) is one line break, not two.
    var afterCR = false
    while true {
      var code: wint_t = 0
      let status = wget_wch(window, &code)
      if status == cn_err() || KeyDecoder.isPasteEnd(status: status, code: UInt32(code)) {
        return text
      }
      let isLF = status == cn_ok() && code == 0x0A
      defer { afterCR = status == cn_ok() && code == 0x0D }
      if isLF && afterCR { continue }
      if let character = KeyDecoder.pasted(status: status, code: UInt32(code)) {
        text.append(character)
      }
    }
  }

  /// Shows `grid` from the top-left corner, clipped to the screen (cells beyond the grid stay
  /// blank), and the cursor at `cursor` when given and on screen, hidden otherwise.
  public func draw(_ grid: Grid, cursor: (x: Int, y: Int)?) {
    guard screen != nil, let window = cn_stdscr() else { return }
    setBracketedPaste(true)
    _ = werase(window)
    let (width, height) = size
    let columns = min(width, grid.width)
    var painter = CellPainter(window: window, colorPairs: colorPairs)
    for y in 0..<min(height, grid.height) {
      for x in 0..<columns where !grid[x, y].isContinuation {
        painter.paint(grid[x, y], x: x, y: y, room: columns - x)
      }
    }
    colorPairs = painter.colorPairs
    if let cursor, (0..<width).contains(cursor.x), (0..<height).contains(cursor.y) {
      _ = wmove(window, Int32(cursor.y), Int32(cursor.x))
      _ = wnoutrefresh(window)
      _ = doupdate()
      setCursorVisible(true)
    } else {
      setCursorVisible(false)
      _ = wnoutrefresh(window)
      _ = doupdate()
    }
  }

  /// Gives the terminal back (`endwin`): normal mode, cursor shown, screen as the shell left it.
  /// Safe to call more than once; `draw` or `readKey` afterwards resumes curses mode.
  public func restore() {
    guard screen != nil, !isendwin() else { return }
    setBracketedPaste(false)
    _ = endwin()
    cursorVisible = true  // endwin shows the cursor again
  }

  /// Asks the terminal to mark pastes (`ESC [ ? 2004 h`), so that a pasted newline is text and
  /// not Enter; turned off again whenever the terminal is given back. Terminals that do not know
  /// the mode ignore it.
  private func setBracketedPaste(_ on: Bool) {
    guard on != bracketedPaste else { return }
    bracketedPaste = on
    fflush(nil)  // after what curses has buffered
    let sequence = on ? "\u{1B}[?2004h" : "\u{1B}[?2004l"
    _ = sequence.withCString { write(STDOUT_FILENO, $0, strlen($0)) }
  }

  /// Asks the terminal to put `text` on the system clipboard (OSC 52, `c`: the clipboard
  /// selection). The payload is base64, so nothing in it can act on the terminal; terminals
  /// that do not know the sequence ignore it, and tmux takes it with `set-clipboard on`.
  public func copyToClipboard(_ text: String) {
    guard screen != nil else { return }
    fflush(nil)  // after what curses has buffered
    let sequence = Array("\u{1B}]52;c;\(Data(text.utf8).base64EncodedString())\u{07}".utf8)
    // All of it or the terminal is left inside an unterminated OSC, swallowing what follows.
    var written = 0
    while written < sequence.count {
      let result = sequence[written...].withUnsafeBytes {
        write(STDOUT_FILENO, $0.baseAddress, $0.count)
      }
      if result > 0 {
        written += result
      } else if result < 0, errno == EINTR {
        continue
      } else {
        break
      }
    }
  }

  /// Runs `body` (another full-screen program: the user's editor) with the terminal given back,
  /// then takes it again; the next `draw` repaints every cell.
  public func outside<T>(_ body: () throws -> T) rethrows -> T {
    restore()
    defer { repaintAll() }
    return try body()
  }

  /// Ctrl-Z: gives the terminal back and stops the process, as a shell's job control expects;
  /// returns once the process is continued, and the next `draw` repaints the whole screen (the
  /// shell has drawn over it meanwhile).
  public func suspend() {
    restore()
    // To this thread, not the process: `kill(getpid(), …)` goes to the main thread, and this
    // one ran on into the next draw (raw mode again) before the stop reached it, leaving the
    // shell a raw terminal about one time in five.
    raise(SIGSTOP)
    repaintAll()
  }

  /// The next `draw` clears the terminal and paints every cell, whatever curses believes is on
  /// it (after SIGCONT, say).
  public func repaintAll() {
    guard screen != nil, let window = cn_stdscr() else { return }
    _ = clearok(window, true)
  }

  private func setCursorVisible(_ visible: Bool) {
    guard visible != cursorVisible else { return }
    _ = curs_set(visible ? 1 : 0)
    cursorVisible = visible
  }

  /// Home and End have several encodings (xterm's `ESC O H`, VT220's `ESC [ 1 ~`, rxvt's
  /// `ESC [ 7 ~`, …) and terminfo lists one, so a TERM that does not quite match the terminal
  /// (xterm-256color inside tmux, say) would turn End into Esc, "[", "4", "~". Any of them works.
  private static func defineHomeAndEndVariants() {
    for sequence in ["\u{1B}[1~", "\u{1B}[7~", "\u{1B}[H", "\u{1B}OH"] {
      _ = define_key(sequence, cn_key_home())
    }
    for sequence in ["\u{1B}[4~", "\u{1B}[8~", "\u{1B}[F", "\u{1B}OF"] {
      _ = define_key(sequence, cn_key_end())
    }
  }

  /// https://no-color.org: set and not empty.
  private static func noColorRequested() -> Bool {
    guard let value = getenv("NO_COLOR") else { return false }
    return value.pointee != 0
  }
}
