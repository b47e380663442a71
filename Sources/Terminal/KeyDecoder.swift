import CNcursesw
import Explorer

/// What `Terminal.readKey` reports: a key, or that the terminal changed size (curses has already
/// resized its screen; draw again at the new `Terminal.size`).
public enum KeyEvent: Hashable, Sendable {
  case key(Key)
  case resize
  /// Text the terminal marked as pasted (bracketed paste): its newlines are text, not Enter.
  case paste(String)
}

/// Turns what `wget_wch` returned into a key, without a terminal: `status` is `OK` for a character
/// (`code` is its Unicode scalar) or `KEY_CODE_YES` for a curses key code (`code` is `KEY_UP`, …).
public enum KeyDecoder {
  /// The event for one `wget_wch` result; nil for `ERR` (timeout) and keys the explorer has no
  /// name for.
  public static func event(status: Int32, code: UInt32) -> KeyEvent? {
    if status == Codes.keyCodeYes && code == Codes.resize { return .resize }
    return decode(status: status, code: code).map { .key($0) }
  }

  /// Whether the result is the bracketed-paste start (`ESC [ 200 ~`) or end (`ESC [ 201 ~`)
  /// marker, which `Terminal` defines as the key codes `pasteStart` and `pasteEnd`.
  public static func isPasteStart(status: Int32, code: UInt32) -> Bool {
    status == Codes.keyCodeYes && code == pasteStart
  }

  public static func isPasteEnd(status: Int32, code: UInt32) -> Bool {
    status == Codes.keyCodeYes && code == pasteEnd
  }

  static let pasteStart = UInt32(cn_key_max()) + 1
  static let pasteEnd = UInt32(cn_key_max()) + 2

  /// A character inside a paste: Return and line feed are a newline, Tab a tab, other controls
  /// and key codes nothing.
  public static func pasted(status: Int32, code: UInt32) -> Character? {
    guard status == Codes.ok else { return nil }
    switch code {
    case 0x0D, 0x0A: return "\n"
    case 0x09: return "\t"
    case 0x00...0x1F, 0x7F...0x9F: return nil
    default: return Unicode.Scalar(code).map(Character.init)
    }
  }

  /// The key for one `wget_wch` result; nil for `ERR`, `KEY_RESIZE` and keys without a name.
  public static func decode(status: Int32, code: UInt32) -> Key? {
    switch status {
    case Codes.ok: return character(code)
    case Codes.keyCodeYes: return keyCode(code)
    default: return nil
    }
  }

  /// A character typed (`status == OK`): controls by their usual meaning, the rest as text.
  static func character(_ code: UInt32) -> Key? {
    switch code {
    case 0x0D, 0x0A: return .enter  // Ctrl-M (Return; `nonl` keeps it 0x0D), Ctrl-J
    case 0x09: return .tab
    case 0x08, 0x7F: return .backspace  // Ctrl-H, DEL
    case 0x1B: return .escape
    case 0x01...0x1A:
      // Ctrl-A … Ctrl-Z, except those above.
      return .control(Character(Unicode.Scalar(UInt8(0x60 + code))))
    case 0x00...0x1F, 0x80...0x9F:
      return nil  // Ctrl-@, Ctrl-\ … Ctrl-_, C1 controls
    default:
      guard let scalar = Unicode.Scalar(code) else { return nil }
      return .character(Character(scalar))
    }
  }

  /// A curses key code (`status == KEY_CODE_YES`).
  static func keyCode(_ code: UInt32) -> Key? {
    switch code {
    case Codes.enter: return .enter
    case Codes.backTab: return .backTab
    case Codes.backspace: return .backspace
    case Codes.delete: return .delete
    case Codes.up: return .up
    case Codes.down: return .down
    case Codes.left: return .left
    case Codes.right: return .right
    case Codes.home: return .home
    case Codes.end: return .end
    case Codes.pageUp: return .pageUp
    case Codes.pageDown: return .pageDown
    case Codes.function1...Codes.function63: return .function(Int(code - Codes.function0))
    default: return nil
    }
  }
}

/// The values of ncurses' macros, read through the shim so they cannot drift.
private enum Codes {
  static let ok = cn_ok()
  static let keyCodeYes = cn_key_code_yes()
  static let resize = UInt32(cn_key_resize())
  static let enter = UInt32(cn_key_enter())
  static let backTab = UInt32(cn_key_btab())
  static let backspace = UInt32(cn_key_backspace())
  static let delete = UInt32(cn_key_dc())
  static let up = UInt32(cn_key_up())
  static let down = UInt32(cn_key_down())
  static let left = UInt32(cn_key_left())
  static let right = UInt32(cn_key_right())
  static let home = UInt32(cn_key_home())
  static let end = UInt32(cn_key_end())
  static let pageUp = UInt32(cn_key_ppage())
  static let pageDown = UInt32(cn_key_npage())
  /// KEY_F0 + n for n in 0…63 (ncurses reserves room for 64 function keys).
  static let function0 = UInt32(cn_key_f(0))
  static let function1 = UInt32(cn_key_f(1))
  static let function63 = UInt32(cn_key_f(63))
}
