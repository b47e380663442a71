import Wire

extension ExplorerState {
  func drawTitle(_ grid: inout Grid, _ rect: Rect) {
    grid.fill(x: rect.x, y: rect.y, width: rect.width, height: 1, style: Theme.titleBar)
    let connectionText: String
    switch connection {
    case .idle: connectionText = "not connected"
    case .connected: connectionText = "connected"
    case .closed: connectionText = "disconnected"
    }
    let serverText: String
    switch server {
    case .off: serverText = "○ server off"
    case .starting: serverText = "◌ server starting"
    case .stopping: serverText = "◌ server stopping"
    case .on(let address): serverText = "● server \(address)"
    case .failed(let message): serverText = "✗ server: \(message)"
    }
    let text = " greeter-tui │ → \(target) \(connectionText) │ \(serverText) "
    grid.put(
      TextWrap.truncated(text, width: rect.width), x: rect.x, y: rect.y, style: Theme.titleBar)
  }

  func drawInput(_ grid: inout Grid, _ rect: Rect) -> Screen.Cursor? {
    let method = currentMethod
    var prompt = method?.name ?? "no method"
    if let id = openStream, let index = index(ofCall: id), calls[index].path == method?.path {
      prompt += " (stream open, Ctrl-D ends it)"
    }
    prompt += " ▸ name: "
    let focused = focus == .input
    var x =
      rect.x
      + grid.put(
        prompt, x: rect.x, y: rect.y, limit: rect.width,
        style: focused ? Theme.paneTitle : Theme.dim)
    // Keep the cursor on screen: show the end of a long input.
    let room = rect.x + rect.width - x - 1
    var visible = input.characters[...]
    var cursorIndex = input.cursor
    while DisplayWidth.of(String(visible)) > room, !visible.isEmpty, cursorIndex > 0 {
      visible = visible.dropFirst()
      cursorIndex -= 1
    }
    let beforeCursor = DisplayWidth.of(String(visible.prefix(cursorIndex)))
    grid.put(
      String(visible), x: x, y: rect.y, limit: max(0, room), style: focused ? .plain : Theme.dim)
    x += beforeCursor
    guard focused, overlay == nil, x < rect.x + rect.width else { return nil }
    return Screen.Cursor(x: x, y: rect.y)
  }

  /// The notice, if any (it is news), then the keys of the focused pane.
  func drawHints(_ grid: inout Grid, _ rect: Rect) {
    var x = rect.x
    if let notice {
      x += grid.put(" \(notice) ", x: x, y: rect.y, limit: rect.width, style: Theme.notice) + 2
    }
    for (keys, label) in Keymap.hints(for: focus) {
      let width = DisplayWidth.of(keys) + DisplayWidth.of(label) + 1
      if x + width > rect.x + rect.width { break }
      x += grid.put(keys, x: x, y: rect.y, style: Theme.hintKey)
      x += grid.put(" " + label, x: x, y: rect.y, style: Theme.dim) + 2
    }
  }

  func drawOverlay(_ grid: inout Grid, _ overlay: Overlay) -> Screen.Cursor? {
    let lines: [String]
    let title: String
    switch overlay {
    case .help:
      title = "Keys (any key closes)"
      lines = Self.helpLines
    case .grpcurl(let command):
      title = "The same call with grpcurl (any key closes)"
      lines = [command]
    case .target(let editor):
      title = "Target HOST:PORT (Enter connects, Esc cancels)"
      lines = [editor.text]
    }
    let width = min(grid.width - 2, max(40, (lines.map { DisplayWidth.of($0) }.max() ?? 0) + 4))
    let wrapped = lines.flatMap { TextWrap.lines($0, width: width - 4) }
    let height = min(grid.height - 2, wrapped.count + 2)
    let rect = Rect(
      x: (grid.width - width) / 2, y: max(1, (grid.height - height) / 2), width: width,
      height: height)
    grid.fill(x: rect.x, y: rect.y, width: rect.width, height: rect.height, style: .plain)
    grid.box(rect, title: title, focused: true)
    for (row, line) in wrapped.prefix(rect.height - 2).enumerated() {
      grid.put(line, x: rect.x + 2, y: rect.y + 1 + row, limit: rect.width - 4)
    }
    if case .target(let editor) = overlay {
      let x = rect.x + 2 + DisplayWidth.of(String(editor.characters.prefix(editor.cursor)))
      return x < rect.x + rect.width - 1 ? Screen.Cursor(x: x, y: rect.y + 1) : nil
    }
    return nil
  }

  static let helpLines: [String] = {
    var lines: [String] = []
    for context in Keymap.Context.allCases {
      let bindings = Keymap.bindings.filter { $0.context == context }
      guard !bindings.isEmpty else { continue }
      let heading: String =
        switch context {
        case .global: "Anywhere"
        case .commands: "Anywhere but the input line"
        case .methods: "Methods"
        case .input: "Input"
        case .transcript: "Transcript"
        case .frames: "Frames"
        }
      lines.append(heading)
      for binding in bindings {
        let keys = binding.keys.map(Keymap.name).joined(separator: " / ")
        lines.append("  " + keys.padding(toLength: 16, withPad: " ", startingAt: 0) + binding.label)
      }
    }
    return lines
  }()
}
