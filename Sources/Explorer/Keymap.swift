/// The one table of keys: it dispatches key presses, fills the hint bar and the help overlay,
/// so the three can never disagree (the htop / k9s way).
public enum Keymap {
  public enum Context: String, Sendable, CaseIterable {
    /// Anywhere, even while typing.
    case global
    /// Anywhere but the input line (where these keys are text).
    case commands
    case methods, input, transcript, frames
  }

  public enum Action: Sendable, Equatable {
    case quit, help, toggleServer, changeTarget, nextFocus, previousFocus
    case up, down, pageUp, pageDown
    case choose, send, halfClose, cancelCall, recallPrevious, recallNext
    case editLeft, editRight, editHome, editEnd, editBackspace, editDelete, editKillToStart
    case expand, collapse, toggleRaw, rerun, showGrpcurl
  }

  public struct Binding: Sendable {
    public var keys: [Key]
    public var action: Action
    public var label: String
    public var context: Context
    /// Shown in the hint bar (all bindings are in the help overlay).
    public var hint: Bool
  }

  public static let bindings: [Binding] = [
    Binding(keys: [.function(1)], action: .help, label: "help", context: .global, hint: true),
    Binding(
      keys: [.function(2)], action: .toggleServer, label: "server on/off", context: .global,
      hint: true),
    Binding(
      keys: [.function(4)], action: .changeTarget, label: "target", context: .global, hint: false),
    Binding(keys: [.tab], action: .nextFocus, label: "next pane", context: .global, hint: true),
    Binding(
      keys: [.backTab], action: .previousFocus, label: "previous pane", context: .global,
      hint: false),
    Binding(
      keys: [.function(10), .control("c")], action: .quit, label: "quit", context: .global,
      hint: true),
    Binding(keys: [.character("q")], action: .quit, label: "quit", context: .commands, hint: false),
    Binding(keys: [.character("?")], action: .help, label: "help", context: .commands, hint: false),
    Binding(
      keys: [.character("t")], action: .changeTarget, label: "target", context: .commands,
      hint: true),

    Binding(
      keys: [.up, .character("k")], action: .up, label: "method", context: .methods, hint: true),
    Binding(
      keys: [.down, .character("j")], action: .down, label: "method", context: .methods, hint: false
    ),
    Binding(keys: [.enter], action: .choose, label: "choose", context: .methods, hint: true),

    Binding(keys: [.enter], action: .send, label: "send", context: .input, hint: true),
    Binding(
      keys: [.up], action: .recallPrevious, label: "earlier input", context: .input, hint: true),
    Binding(keys: [.down], action: .recallNext, label: "later input", context: .input, hint: false),
    Binding(
      keys: [.control("d")], action: .halfClose, label: "end stream", context: .input, hint: true),
    Binding(
      keys: [.escape], action: .cancelCall, label: "cancel call", context: .input, hint: true),
    Binding(keys: [.left], action: .editLeft, label: "cursor left", context: .input, hint: false),
    Binding(
      keys: [.right], action: .editRight, label: "cursor right", context: .input, hint: false),
    Binding(
      keys: [.home, .control("a")], action: .editHome, label: "line start", context: .input,
      hint: false),
    Binding(
      keys: [.end, .control("e")], action: .editEnd, label: "line end", context: .input, hint: false
    ),
    Binding(
      keys: [.backspace], action: .editBackspace, label: "delete left", context: .input, hint: false
    ),
    Binding(
      keys: [.delete], action: .editDelete, label: "delete right", context: .input, hint: false),
    Binding(
      keys: [.control("u")], action: .editKillToStart, label: "clear to start", context: .input,
      hint: false),

    Binding(keys: [.up], action: .up, label: "call", context: .transcript, hint: true),
    Binding(keys: [.down], action: .down, label: "call", context: .transcript, hint: false),
    Binding(keys: [.pageUp], action: .pageUp, label: "scroll", context: .transcript, hint: true),
    Binding(
      keys: [.pageDown], action: .pageDown, label: "scroll", context: .transcript, hint: false),
    Binding(
      keys: [.character("r")], action: .rerun, label: "rerun", context: .transcript, hint: true),
    Binding(
      keys: [.character("g")], action: .showGrpcurl, label: "grpcurl", context: .transcript,
      hint: true),
    Binding(
      keys: [.escape], action: .cancelCall, label: "cancel call", context: .transcript, hint: false),

    Binding(keys: [.up], action: .up, label: "frame", context: .frames, hint: true),
    Binding(keys: [.down], action: .down, label: "frame", context: .frames, hint: false),
    Binding(
      keys: [.enter, .right], action: .expand, label: "fields", context: .frames, hint: true),
    Binding(
      keys: [.left, .escape], action: .collapse, label: "back", context: .frames, hint: false),
    Binding(
      keys: [.character("x"), .function(3)], action: .toggleRaw, label: "decoded/raw",
      context: .frames, hint: true),
    Binding(keys: [.pageUp], action: .pageUp, label: "page", context: .frames, hint: false),
    Binding(keys: [.pageDown], action: .pageDown, label: "page", context: .frames, hint: false),
  ]

  static func context(for focus: ExplorerState.Focus) -> Context {
    switch focus {
    case .methods: .methods
    case .input: .input
    case .transcript: .transcript
    case .frames: .frames
    }
  }

  /// The action `key` means with `focus` focused, if any: global bindings first, then the
  /// focused pane's, then (outside the input line) the command keys.
  public static func action(for key: Key, focus: ExplorerState.Focus) -> Action? {
    var contexts: [Context] = [.global, context(for: focus)]
    if focus != .input { contexts.append(.commands) }
    for context in contexts {
      if let binding = bindings.first(where: { $0.context == context && $0.keys.contains(key) }) {
        return binding.action
      }
    }
    return nil
  }

  /// `F2 server on/off`-style hints for the bar at the bottom.
  public static func hints(for focus: ExplorerState.Focus) -> [(keys: String, label: String)] {
    var contexts: [Context] = [context(for: focus), .global]
    if focus != .input { contexts.insert(.commands, at: 1) }
    return contexts.flatMap { context in
      bindings.filter { $0.context == context && $0.hint }.map { binding in
        let keys =
          binding.action == .up || binding.action == .recallPrevious
          ? "↑↓" : binding.keys.map(name).joined(separator: "/")
        return (keys, binding.label)
      }
    }
  }

  public static func name(_ key: Key) -> String {
    switch key {
    case .character(let character): String(character)
    case .control(let letter): "Ctrl-\(letter.uppercased())"
    case .enter: "Enter"
    case .tab: "Tab"
    case .backTab: "Shift-Tab"
    case .backspace: "Backspace"
    case .delete: "Delete"
    case .escape: "Esc"
    case .up: "↑"
    case .down: "↓"
    case .left: "←"
    case .right: "→"
    case .home: "Home"
    case .end: "End"
    case .pageUp: "PgUp"
    case .pageDown: "PgDn"
    case .function(let number): "F\(number)"
    }
  }
}
