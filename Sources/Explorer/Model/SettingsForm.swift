/// The metadata dialog (`m`/F6): the deadline on one line, the headers one a line.
public struct SettingsForm: Sendable, Equatable {
  public enum Field: Sendable, Equatable {
    case deadline, headers
  }

  public private(set) var deadline: LineEditor
  public private(set) var headers: TextEditor
  public private(set) var field = Field.headers
  /// Why Ctrl-S did not save, shown under the fields.
  public private(set) var error: String?

  public init(_ settings: RequestSettings) {
    deadline = LineEditor(settings.deadline ?? "")
    headers = TextEditor(settings.headerLines)
    headers.moveTo(line: headers.lines.count - 1, column: headers.lines.last?.count ?? 0)
  }

  mutating func insert(_ character: Character) {
    switch field {
    case .deadline: deadline.insert(character)
    case .headers: headers.insert(character)
    }
    error = nil
  }

  mutating func paste(_ text: String) {
    switch field {
    case .deadline: deadline.insert(contentsOf: String(text.filter { !$0.isNewline }))
    case .headers: headers.insert(contentsOf: text)
    }
    error = nil
  }

  /// Enter: from the deadline on to the headers; in the headers, a new line.
  mutating func newline() {
    if field == .deadline { field = .headers } else { headers.newline() }
  }

  /// Tab: the other field.
  mutating func switchField() {
    field = field == .deadline ? .headers : .deadline
  }

  /// ↑↓: lines of the headers, and between the two fields at their edges.
  mutating func move(by step: Int) {
    switch field {
    case .deadline where step > 0: field = .headers
    case .deadline: break
    case .headers where step < 0 && headers.cursor.line == 0: field = .deadline
    case .headers: headers.moveLines(by: step)
    }
  }

  /// Ctrl-S found `why` wrong: said under the fields until the next change.
  mutating func refuse(_ why: String) {
    error = why
  }

  mutating func edit(_ action: Keymap.Action) {
    switch field {
    case .deadline: deadline.edit(action)
    case .headers: headers.edit(action)
    }
    error = nil
  }
}
