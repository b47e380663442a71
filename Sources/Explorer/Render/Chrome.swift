import Wire
import WireFormat

extension ExplorerState {
  /// The line under the panes: the prompt or, for JSON, the composer's status, after the
  /// method's name and its open stream. Returns where the terminal's cursor goes.
  func drawInput(_ grid: inout Grid, _ rect: Rect) -> Screen.Cursor? {
    let method = tree.current
    var label = (method?.name ?? "no method") + (method.flatMap(streamNote) ?? "") + " ▸ "
    let focused = focus == .input
    if composesJSON {
      composer.drawStatus(&grid, rect, prompt: label, focused: focused)
      return nil
    }
    label += "\(promptLabel(for: method)): "
    return prompt.draw(
      &grid, rect, label: label, focused: focused, showsCursor: focused && overlay == nil)
  }

  /// ` (stream open, 2 sent, Ctrl-D ends it)` while `method`'s stream is open.
  func streamNote(for method: Method) -> String? {
    guard let id = transcript.openStream, let index = transcript.index(ofCall: id),
      transcript.calls[index].path == method.path
    else { return nil }
    return " (stream open, \(transcript.calls[index].drafts.count) sent, Ctrl-D ends it)"
  }

  /// The notice, if any (it is news), then the keys of the focused pane.
  func drawHints(_ grid: inout Grid, _ rect: Rect) {
    var x = rect.x
    if let notice {
      x += grid.put(" \(notice) ", x: x, y: rect.y, limit: rect.width, style: Theme.notice) + 2
    }
    for (keys, label) in Keymap.hints(for: contexts) {
      let width = DisplayWidth.of(keys) + DisplayWidth.of(label) + 1
      if x + width > rect.x + rect.width { break }
      x += grid.put(keys, x: x, y: rect.y, style: Theme.hintKey)
      x += grid.put(" " + label, x: x, y: rect.y, style: Theme.dim) + 2
    }
  }

  /// The overlay's box and its text wrapped to fit, shared by render and by scrolling.
  struct OverlayLayout {
    var title: String
    var rect: Rect
    var lines: [String]
    /// The line shown as an error (red), if any.
    var errorLine: String?
    /// Where the text cursor is (a dialog being edited): its row among `lines` and its column
    /// in the box's text. Its row is kept on screen whatever `overlayScroll` says.
    var cursor: (row: Int, column: Int)?
    /// Rows of text the box shows at once.
    var visibleRows: Int { max(0, rect.height - 2) }
    var maxScroll: Int { max(0, lines.count - visibleRows) }
  }

  func overlayLayout(_ overlay: Overlay) -> OverlayLayout {
    let title: String
    var lines: [String]
    var errorLine = targetError
    switch overlay {
    case .help:
      title = "Keys"
      lines = Self.helpLines
    case .grpcurl(let command):
      title = "The same call with grpcurl"
      // The JSON is the user's or history's: shown inert, as all text from outside is.
      lines = [InertText.make(command)]
    case .target(let editor):
      title = "Target HOST:PORT"
      lines = [editor.text]
      if let targetError { lines += ["", targetError] }
    case .headers(let id):
      title = "Headers and trailers"
      let text =
        transcript.index(ofCall: id).map { headersText(of: transcript.calls[$0]) }
        ?? "(that call is gone)"
      lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    case .settings(let form):
      title = "Metadata and deadline for \(self.title.target)"
      // Uncut, for the box's width; `settingsLayout` cuts them to it below.
      lines = Self.settingsLayout(form, room: .max / 2).lines
      errorLine = form.error
    }
    let width = min(width - 2, max(40, (lines.map { DisplayWidth.of($0) }.max() ?? 0) + 4))
    var cursor: (row: Int, column: Int)?
    var wrapped: [String]
    if case .settings(let form) = overlay {
      // A dialog being edited is not wrapped (the cursor's row would move): each line is cut
      // to the box, and the cursor's line is shifted so that the cursor is in it.
      let layout = Self.settingsLayout(form, room: max(1, width - 4))
      wrapped = layout.lines
      cursor = layout.cursor
    } else {
      wrapped = lines.flatMap { TextWrap.lines($0, width: width - 4) }
    }
    let height = min(self.height - 2, wrapped.count + 2)
    let rect = Rect(
      x: (self.width - width) / 2, y: max(1, (self.height - height) / 2), width: width,
      height: height)
    return OverlayLayout(
      title: title, rect: rect, lines: wrapped, errorLine: errorLine, cursor: cursor)
  }

  var overlayPageRows: Int {
    overlay.map { max(1, overlayLayout($0).visibleRows - 1) } ?? 1
  }

  mutating func scrollOverlay(by rows: Int) {
    guard let overlay else { return }
    overlayScroll = min(max(0, overlayScroll + rows), overlayLayout(overlay).maxScroll)
  }

  func drawOverlay(_ grid: inout Grid, _ overlay: Overlay) -> Screen.Cursor? {
    let layout = overlayLayout(overlay)
    let rect = layout.rect
    grid.fill(x: rect.x, y: rect.y, width: rect.width, height: rect.height, style: .plain)
    grid.box(rect, title: layout.title, focused: true)
    var first = min(overlayScroll, layout.maxScroll)
    if let cursor = layout.cursor {
      first = min(max(first, cursor.row - layout.visibleRows + 1), cursor.row)
      first = max(0, min(first, layout.maxScroll))
    }
    for (row, line) in layout.lines.dropFirst(first).prefix(layout.visibleRows).enumerated() {
      let style = line == layout.errorLine ? Theme.error : Style.plain
      grid.put(line, x: rect.x + 2, y: rect.y + 1 + row, limit: rect.width - 4, style: style)
    }
    // Cut text says so in the bottom edge.
    var more: [String] = []
    if first > 0 { more.append("↑") }
    if first < layout.maxScroll { more.append("↓") }
    if !more.isEmpty, rect.width > 12, rect.height >= 2 {
      let label = " more \(more.joined()) "
      grid.put(
        label, x: rect.x + rect.width - 2 - DisplayWidth.of(label), y: rect.y + rect.height - 1,
        style: Theme.focusedBorder)
    }
    if let cursor = layout.cursor {
      let x = rect.x + 2 + cursor.column
      let y = rect.y + 1 + cursor.row - first
      return x < rect.x + rect.width - 1 && (rect.y + 1..<rect.y + rect.height - 1).contains(y)
        ? Screen.Cursor(x: x, y: y) : nil
    }
    if case .target(let editor) = overlay {
      let x = rect.x + 2 + DisplayWidth.of(String(editor.characters.prefix(editor.cursor)))
      return x < rect.x + rect.width - 1 && rect.height > 2
        ? Screen.Cursor(x: x, y: rect.y + 1) : nil
    }
    return nil
  }

  /// The metadata dialog as drawn in a box `room` cells wide: every line cut to it, the
  /// cursor's line shifted to show the cursor (as the composer does), and where the cursor is.
  static func settingsLayout(_ form: SettingsForm, room: Int) -> (
    lines: [String], cursor: (row: Int, column: Int)
  ) {
    let fields: [[Character]] = [form.deadline.characters] + form.headers.lines
    let cursorField = form.field == .deadline ? 0 : 1 + form.headers.cursor.line
    let cursorIndex =
      form.field == .deadline ? form.deadline.cursor : form.headers.cursor.column
    var lines = ["Deadline in seconds (empty: none):"]
    var cursor = (row: 1, column: 2)
    for (index, field) in fields.enumerated() {
      if index == 1 { lines += ["", "Headers, name: value, one a line (-bin values in base64):"] }
      var shift = 0
      if index == cursorField {
        let x = InertColumns.width(of: field, upTo: cursorIndex)
        shift = max(0, x - (room - 2) + 1)
        cursor = (row: lines.count, column: 2 + x - shift)
      }
      lines.append("  " + InertColumns.slice(field, skipping: shift, width: room - 2))
    }
    lines += ["", form.error ?? "Ctrl-S saves · Tab deadline/headers · Esc cancels"]
    return (lines.map { TextWrap.truncated($0, width: room) }, cursor)
  }

  static let helpLines: [String] = {
    var lines: [String] = []
    for context in Keymap.Context.allCases {
      let bindings = Keymap.bindings.filter { $0.context == context }
      guard !bindings.isEmpty else { continue }
      lines.append(context.title)
      for binding in bindings {
        let keys = binding.keys.map(Keymap.name).joined(separator: " / ")
        let gap = String(repeating: " ", count: max(2, 18 - DisplayWidth.of(keys)))
        lines.append("  " + keys + gap + binding.label)
      }
    }
    return lines
  }()

  /// `name` for a type whose only field is a string (HelloRequest): the line is that string;
  /// `JSON` for any other type: the line is the request's proto3 JSON.
  func promptLabel(for method: Method?) -> String {
    guard let method, let type = inputType(of: method.path) else { return "name" }
    return catalog.message(type)?.soleStringField.map { InertText.make($0.name) } ?? "JSON"
  }
}
