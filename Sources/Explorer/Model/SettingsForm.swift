/// The metadata dialog (`m`/F6): the deadline on one line, the headers one a line.
public struct SettingsForm: Sendable, Equatable {
  public enum Field: Sendable, Equatable {
    case deadline, headers
  }

  public var deadline: LineEditor
  public var headers: TextEditor
  public var field = Field.headers
  /// Why Ctrl-S did not save, shown under the fields.
  public var error: String?

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

  mutating func edit(_ action: Keymap.Action) {
    switch field {
    case .deadline: deadline.edit(action)
    case .headers: headers.edit(action)
    }
    error = nil
  }
}
