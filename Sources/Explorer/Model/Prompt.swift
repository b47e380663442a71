/// The one-line prompt (`▸ name:`) for a method whose input is a lone string: the line being
/// typed and the lines sent before, which ↑/↓ bring back as a shell's history does.
public struct Prompt: Sendable, Equatable {
  public private(set) var editor = LineEditor()
  /// Lines sent, oldest first.
  public private(set) var history: [String] = []
  private var recallIndex: Int?
  /// What was being typed when ↑ began recalling: ↓ past the newest entry brings it back.
  private var recallDraft: String?

  public init() {}

  /// Typing ends a recall: the line is the user's now.
  mutating func type(_ change: (inout LineEditor) -> Void) {
    change(&editor)
    recallIndex = nil
  }

  /// The line replaced (a request put back to change): typed over, not recalled.
  mutating func replace(with text: String) {
    type { $0.replace(with: text) }
  }

  /// A key of the editing actions (←, Backspace…): the line changes, a recall goes on (↑ still
  /// reaches older lines).
  mutating func edit(_ action: Keymap.Action) {
    editor.edit(action)
  }

  /// ↑ from the line being typed keeps it as the draft; ↓ past the newest entry brings it back.
  mutating func recall(older: Bool) {
    guard !history.isEmpty else { return }
    let next: Int?
    switch (recallIndex, older) {
    case (nil, true):
      recallDraft = editor.text
      next = history.count - 1
    case (nil, false): return
    case (let index?, true): next = max(0, index - 1)
    case (let index?, false): next = index + 1 < history.count ? index + 1 : nil
    }
    recallIndex = next
    editor.replace(with: next.map { history[$0] } ?? recallDraft ?? "")
    if next == nil { recallDraft = nil }
  }

  /// The line was sent: into the history (once, if not empty), and a fresh line to type.
  mutating func sent() {
    let line = editor.text
    if !line.isEmpty, history.last != line { history.append(line) }
    recallIndex = nil
    recallDraft = nil
    editor = LineEditor()
  }
}
