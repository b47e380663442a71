/// The one table of keys: it dispatches key presses, fills the hint bar and the help overlay,
/// so the three can never disagree (the htop / k9s way). What a key means depends on the
/// contexts in effect (`ExplorerState.contexts`), most specific first.
public enum Keymap {
  public enum Context: String, Sendable, CaseIterable {
    /// Anywhere, dialogs included.
    case always
    /// Anywhere but in a dialog or the help.
    case global
    /// Anywhere but the input line (where these keys are text) and dialogs.
    case commands
    case methods
    /// Typing the methods filter (after `/`).
    case filter
    /// The one-line prompt (a type that is a lone string: HelloRequest).
    case input
    /// The JSON composer (any other input type).
    case composer
    /// The input line or composer of a method that streams requests (client streaming, bidi).
    case stream
    case transcript, frames
    /// Inside the selected frame's decoded fields or raw bytes.
    case frameDetail
    /// The help or the grpcurl command: text to read.
    case viewer
    /// The target dialog.
    case target
    /// The metadata and deadline dialog.
    case settings
  }

  public enum Action: Sendable, Equatable {
    case quit, suspend, help, toggleServer, changeTarget, nextFocus, previousFocus
    case up, down, pageUp, pageDown
    case choose, send, halfClose, cancelCall, recallPrevious, recallNext
    case editLeft, editRight, editHome, editEnd, editBackspace, editDelete, editKillToStart
    case expand, collapse, toggleRaw, rerun, showGrpcurl
    case closeOverlay, connect
    case startFilter, acceptFilter, clearFilter
    case newline, undo, externalEditor, resetTemplate, editRequest
    case editSettings, saveSettings, switchField, showHeaders, toggleWhole
  }

  public struct Binding: Sendable {
    public var keys: [Key]
    public var action: Action
    public var label: String
    public var context: Context
    /// Shown in the hint bar (all bindings are in the help overlay).
    public var hint: Bool
  }

  /// The line editor's keys, the same in the input line and the target dialog.
  static func editing(_ context: Context) -> [Binding] {
    [
      Binding(
        keys: [.left], action: .editLeft, label: "cursor left", context: context, hint: false),
      Binding(
        keys: [.right], action: .editRight, label: "cursor right", context: context, hint: false),
      Binding(
        keys: [.home, .control("a")], action: .editHome, label: "line start", context: context,
        hint: false),
      Binding(
        keys: [.end, .control("e")], action: .editEnd, label: "line end", context: context,
        hint: false),
      Binding(
        keys: [.backspace], action: .editBackspace, label: "delete left", context: context,
        hint: false),
      Binding(
        keys: [.delete], action: .editDelete, label: "delete right", context: context, hint: false),
      Binding(
        keys: [.control("u")], action: .editKillToStart, label: "clear to start",
        context: context, hint: false),
    ]
  }

  /// The JSON composer's keys. Enter is a new line there, so sending takes a key of its own:
  /// Ctrl-S (delivered as a key: the terminal is in raw mode, flow control off) or F5 (in
  /// every terminal). Ctrl-Enter would be nicer but most terminals send it as plain Enter.
  static let composer: [Binding] = [
    Binding(
      keys: [.control("s"), .function(5)], action: .send, label: "send", context: .composer,
      hint: true),
    Binding(keys: [.enter], action: .newline, label: "new line", context: .composer, hint: false),
    Binding(
      keys: [.control("e")], action: .externalEditor, label: "$EDITOR", context: .composer,
      hint: true),
    Binding(keys: [.control("z")], action: .undo, label: "undo", context: .composer, hint: true),
    Binding(
      keys: [.control("r")], action: .resetTemplate, label: "template again",
      context: .composer, hint: false),
    Binding(keys: [.up], action: .up, label: "line up", context: .composer, hint: false),
    Binding(keys: [.down], action: .down, label: "line down", context: .composer, hint: false),
    Binding(keys: [.pageUp], action: .pageUp, label: "page up", context: .composer, hint: false),
    Binding(
      keys: [.pageDown], action: .pageDown, label: "page down", context: .composer, hint: false),
    Binding(keys: [.left], action: .editLeft, label: "left", context: .composer, hint: false),
    Binding(keys: [.right], action: .editRight, label: "right", context: .composer, hint: false),
    Binding(
      keys: [.home, .control("a")], action: .editHome, label: "line start", context: .composer,
      hint: false),
    Binding(keys: [.end], action: .editEnd, label: "line end", context: .composer, hint: false),
    Binding(
      keys: [.backspace], action: .editBackspace, label: "delete left", context: .composer,
      hint: false),
    Binding(
      keys: [.delete], action: .editDelete, label: "delete right", context: .composer,
      hint: false),
    Binding(
      keys: [.control("u")], action: .editKillToStart, label: "clear to line start",
      context: .composer, hint: false),
    Binding(
      keys: [.escape], action: .cancelCall, label: "cancel call", context: .composer, hint: false),
  ]

  public static let bindings: [Binding] =
    [
      Binding(
        keys: [.function(10), .control("c")], action: .quit, label: "quit", context: .always,
        hint: false),
      Binding(
        keys: [.control("z")], action: .suspend, label: "suspend (fg resumes)", context: .always,
        hint: false),

      Binding(keys: [.function(1)], action: .help, label: "help", context: .global, hint: true),
      Binding(
        keys: [.function(2)], action: .toggleServer, label: "server on/off", context: .global,
        hint: true),
      Binding(
        keys: [.function(4)], action: .changeTarget, label: "target", context: .global,
        hint: false),
      Binding(
        keys: [.function(6)], action: .editSettings, label: "metadata and deadline",
        context: .global, hint: false),
      Binding(keys: [.tab], action: .nextFocus, label: "next pane", context: .global, hint: true),
      Binding(
        keys: [.backTab], action: .previousFocus, label: "previous pane", context: .global,
        hint: false),
      Binding(
        keys: [.character("q")], action: .quit, label: "quit", context: .commands, hint: false),
      Binding(
        keys: [.character("?")], action: .help, label: "help", context: .commands, hint: false),
      Binding(
        keys: [.character("t")], action: .changeTarget, label: "target", context: .commands,
        hint: true),
      Binding(
        keys: [.character("m")], action: .editSettings, label: "metadata", context: .commands,
        hint: false),

      Binding(
        keys: [.up, .character("k")], action: .up, label: "method", context: .methods, hint: true),
      Binding(
        keys: [.down, .character("j")], action: .down, label: "method", context: .methods,
        hint: false),
      Binding(
        keys: [.enter], action: .choose, label: "choose / fold", context: .methods, hint: true),
      Binding(
        keys: [.character("/")], action: .startFilter, label: "filter", context: .methods,
        hint: true),
      Binding(
        keys: [.left], action: .collapse, label: "fold / to service", context: .methods,
        hint: false),
      Binding(keys: [.right], action: .expand, label: "unfold", context: .methods, hint: false),
      Binding(
        keys: [.pageUp], action: .pageUp, label: "page", context: .methods, hint: false),
      Binding(
        keys: [.pageDown], action: .pageDown, label: "page", context: .methods, hint: false),
      Binding(
        keys: [.escape], action: .clearFilter, label: "clear the filter", context: .methods,
        hint: false),

      Binding(
        keys: [.enter, .down], action: .acceptFilter, label: "keep filter", context: .filter,
        hint: true),
      Binding(
        keys: [.escape], action: .clearFilter, label: "clear filter", context: .filter, hint: true),
    ] + editing(.filter) + [

      Binding(keys: [.enter], action: .send, label: "send", context: .input, hint: true),
      Binding(
        keys: [.up], action: .recallPrevious, label: "earlier input", context: .input, hint: true),
      Binding(
        keys: [.down], action: .recallNext, label: "later input", context: .input, hint: false),
      Binding(
        keys: [.escape], action: .cancelCall, label: "cancel call", context: .input, hint: true),
    ] + editing(.input) + composer + [
      Binding(
        keys: [.control("d")], action: .halfClose, label: "end stream", context: .stream,
        hint: true),

      Binding(keys: [.up], action: .up, label: "call", context: .transcript, hint: true),
      Binding(keys: [.down], action: .down, label: "call", context: .transcript, hint: false),
      Binding(keys: [.pageUp], action: .pageUp, label: "scroll", context: .transcript, hint: true),
      Binding(
        keys: [.pageDown], action: .pageDown, label: "scroll", context: .transcript, hint: false),
      Binding(
        keys: [.enter], action: .toggleWhole, label: "long turns whole / folded",
        context: .transcript, hint: false),
      Binding(
        keys: [.character("r")], action: .rerun, label: "rerun", context: .transcript, hint: true),
      Binding(
        keys: [.character("e")], action: .editRequest, label: "edit request",
        context: .transcript, hint: true),
      Binding(
        keys: [.character("h")], action: .showHeaders, label: "headers", context: .transcript,
        hint: true),
      Binding(
        keys: [.character("g")], action: .showGrpcurl, label: "grpcurl", context: .transcript,
        hint: true),
      Binding(
        keys: [.escape], action: .cancelCall, label: "cancel call", context: .transcript,
        hint: true),

      Binding(keys: [.up], action: .up, label: "frame", context: .frames, hint: true),
      Binding(keys: [.down], action: .down, label: "frame", context: .frames, hint: false),
      Binding(
        keys: [.enter, .right], action: .expand, label: "fields", context: .frames, hint: true),
      Binding(
        keys: [.character("x"), .function(3)], action: .toggleRaw, label: "decoded/raw",
        context: .frames, hint: true),
      Binding(keys: [.pageUp], action: .pageUp, label: "page", context: .frames, hint: false),
      Binding(keys: [.pageDown], action: .pageDown, label: "page", context: .frames, hint: false),

      Binding(keys: [.up], action: .up, label: "field", context: .frameDetail, hint: true),
      Binding(keys: [.down], action: .down, label: "field", context: .frameDetail, hint: false),
      Binding(
        keys: [.pageUp], action: .pageUp, label: "scroll", context: .frameDetail, hint: true),
      Binding(
        keys: [.pageDown], action: .pageDown, label: "scroll", context: .frameDetail, hint: false),
      Binding(
        keys: [.left, .escape], action: .collapse, label: "back", context: .frameDetail,
        hint: true),
      Binding(
        keys: [.character("x"), .function(3)], action: .toggleRaw, label: "decoded/raw",
        context: .frameDetail, hint: true),

      Binding(
        keys: [.up, .character("k")], action: .up, label: "scroll", context: .viewer, hint: true),
      Binding(
        keys: [.down, .character("j")], action: .down, label: "scroll", context: .viewer,
        hint: false),
      Binding(keys: [.pageUp], action: .pageUp, label: "page", context: .viewer, hint: true),
      Binding(keys: [.pageDown], action: .pageDown, label: "page", context: .viewer, hint: false),
      Binding(
        keys: [.escape, .character("q"), .enter, .function(1), .character("?")],
        action: .closeOverlay, label: "close", context: .viewer, hint: true),

      Binding(keys: [.enter], action: .connect, label: "connect", context: .target, hint: true),
      Binding(
        keys: [.escape], action: .closeOverlay, label: "cancel", context: .target, hint: true),
    ] + editing(.target) + [
      Binding(
        keys: [.control("s")], action: .saveSettings, label: "save", context: .settings,
        hint: true),
      Binding(
        keys: [.tab, .backTab], action: .switchField, label: "deadline/headers",
        context: .settings, hint: true),
      Binding(
        keys: [.escape], action: .closeOverlay, label: "cancel", context: .settings, hint: true),
      Binding(keys: [.enter], action: .newline, label: "new line", context: .settings, hint: false),
      Binding(keys: [.up], action: .up, label: "line up", context: .settings, hint: false),
      Binding(keys: [.down], action: .down, label: "line down", context: .settings, hint: false),
    ] + editing(.settings)

  /// The action `key` means in `contexts` (most specific first), if any.
  public static func action(for key: Key, in contexts: [Context]) -> Action? {
    for context in contexts {
      if let binding = bindings.first(where: { $0.context == context && $0.keys.contains(key) }) {
        return binding.action
      }
    }
    return nil
  }

  /// `F2 server on/off`-style hints for the bar at the bottom, for `contexts`.
  public static func hints(for contexts: [Context]) -> [(keys: String, label: String)] {
    contexts.flatMap { context in
      bindings.filter { $0.context == context && $0.hint }.map { binding in
        let pairs: Set<Action> = [.up, .recallPrevious, .pageUp]
        let keys: String
        if pairs.contains(binding.action) {
          keys = binding.action == .pageUp ? "PgUp/PgDn" : "↑↓"
        } else {
          keys = shortKeys(binding)
        }
        return (keys, binding.label)
      }
    }
  }

  /// The README's key table: every binding, by where it acts, in the keymap's order. A test
  /// checks that the README has exactly this.
  public static func markdownTable() -> String {
    var rows = ["| where | keys | what |", "|---|---|---|"]
    for context in Context.allCases {
      for binding in bindings where binding.context == context {
        let keys = binding.keys.map { "`\(name($0))`" }.joined(separator: " ")
        let label = binding.label.replacingOccurrences(of: "|", with: "\\|")
        rows.append("| \(context.title) | \(keys) | \(label) |")
      }
    }
    return rows.joined(separator: "\n")
  }

  /// A binding's first two keys as the hint bar writes them: `Ctrl-S/F5`.
  static func shortKeys(_ binding: Binding) -> String {
    binding.keys.prefix(2).map(name).joined(separator: "/")
  }

  /// `Ctrl-S/F5`: the keys bound to `action` in `context`, as the hint bar writes them.
  public static func keys(for action: Action, in context: Context) -> String {
    let binding = bindings.first { $0.context == context && $0.action == action }
    return binding.map(shortKeys) ?? ""
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

extension Keymap.Action: Hashable {}

extension Keymap.Context {
  /// Where the keys of this context act, as the help and the README say it.
  public var title: String {
    switch self {
    case .always: "Anywhere"
    case .global: "Anywhere but in a dialog"
    case .commands: "Anywhere but where you type"
    case .methods: "Methods"
    case .filter: "Methods filter (/)"
    case .input: "Input (one-line prompt)"
    case .composer: "Composer (JSON request)"
    case .stream: "Input or composer, streaming methods"
    case .transcript: "Transcript"
    case .frames: "Frames"
    case .frameDetail: "Inside a frame (Frames, Enter)"
    case .viewer: "Help, grpcurl, headers"
    case .target: "Target dialog"
    case .settings: "Metadata dialog (m / F6)"
    }
  }
}
