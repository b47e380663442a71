/// A multi-line text field for the JSON composer: lines of graphemes, a cursor, and undo.
///
/// Lines are kept apart so that a keystroke in a 1,000-line request touches one line, not the
/// whole text.
public struct TextEditor: Sendable, Equatable {
  public struct Position: Sendable, Hashable {
    public var line: Int
    /// 0…lines[line].count: the cursor sits before `lines[line][column]`.
    public var column: Int
  }

  public private(set) var lines: [[Character]] = [[]]
  public private(set) var cursor = Position(line: 0, column: 0)
  /// The column ↑↓ aim for, kept across shorter lines (as editors do).
  private var wantedColumn = 0
  private var undoStack: [Snapshot] = []
  /// Typing coalesces into one undo step until something else happens; so does a run of
  /// deletions.
  private var typing = false
  private var deleting = false
  /// Bumped by every change of the text (not of the cursor): what validation keys on.
  public private(set) var revision = 0

  static let undoLimit = 200

  private struct Snapshot: Sendable, Equatable {
    var lines: [[Character]]
    var cursor: Position
  }

  public init(_ text: String = "") {
    lines = Self.split(text)
    cursor = Position(line: 0, column: 0)
  }

  public var text: String { lines.map { String($0) }.joined(separator: "\n") }
  public var canUndo: Bool { !undoStack.isEmpty }

  static func split(_ text: String) -> [[Character]] {
    var result: [[Character]] = [[]]
    for character in text {
      // "\r\n" is one Character in Swift, and a newline.
      if character.isNewline {
        result.append([])
      } else {
        result[result.count - 1].append(character == "\t" ? " " : character)
      }
    }
    return result
  }

  // MARK: - Changes

  /// Replaces the whole text (a template, a draft, the external editor's result) as one step
  /// that undo can take back.
  public mutating func replace(with text: String, keepUndo: Bool = true) {
    if keepUndo { remember() } else { undoStack.removeAll() }
    lines = Self.split(text)
    cursor = Position(line: 0, column: 0)
    wantedColumn = 0
    typing = false
    revision += 1
  }

  public mutating func insert(_ character: Character) {
    if character.isNewline {
      newline()
      return
    }
    if !typing || character == " " { remember() }
    typing = true
    deleting = false
    lines[cursor.line].insert(character == "\t" ? " " : character, at: cursor.column)
    cursor.column += 1
    wantedColumn = cursor.column
    revision += 1
  }

  /// Pasted text, newlines kept, as one undo step.
  public mutating func insert(contentsOf text: String) {
    remember()
    var pieces = Self.split(text)
    let rest = Array(lines[cursor.line][cursor.column...])
    lines[cursor.line].removeSubrange(cursor.column...)
    lines[cursor.line] += pieces.removeFirst()
    let lastLine = cursor.line + pieces.count
    lines.insert(contentsOf: pieces, at: cursor.line + 1)
    cursor = Position(line: lastLine, column: lines[lastLine].count)
    lines[lastLine] += rest
    wantedColumn = cursor.column
    typing = false
    revision += 1
  }

  /// Enter: a new line indented like this one, one level more after an opening `{` or `[`.
  public mutating func newline() {
    remember()
    let current = lines[cursor.line]
    var indent = current.prefix { $0 == " " }.count
    let before = current[..<cursor.column].last { $0 != " " }
    if before == "{" || before == "[" { indent += 2 }
    let rest = Array(current[cursor.column...])
    lines[cursor.line].removeSubrange(cursor.column...)
    // Closing what was just opened: the bracket goes on a line of its own, one level out.
    if let closing = rest.first(where: { $0 != " " }), closing == "}" || closing == "]",
      before == "{" || before == "["
    {
      let trimmed = Array(rest.drop { $0 == " " })
      lines.insert(Array(repeating: " ", count: max(0, indent - 2)) + trimmed, at: cursor.line + 1)
      lines.insert(Array(repeating: " ", count: indent), at: cursor.line + 1)
    } else {
      lines.insert(
        Array(repeating: " ", count: indent) + rest.drop { $0 == " " }, at: cursor.line + 1)
    }
    cursor = Position(line: cursor.line + 1, column: indent)
    wantedColumn = indent
    revision += 1
  }

  public mutating func backspace() {
    if cursor.column > 0 {
      rememberDeletion()
      lines[cursor.line].remove(at: cursor.column - 1)
      cursor.column -= 1
    } else if cursor.line > 0 {
      rememberDeletion()
      let line = lines.remove(at: cursor.line)
      cursor.line -= 1
      cursor.column = lines[cursor.line].count
      lines[cursor.line] += line
    } else {
      return
    }
    wantedColumn = cursor.column
    revision += 1
  }

  public mutating func delete() {
    if cursor.column < lines[cursor.line].count {
      rememberDeletion()
      lines[cursor.line].remove(at: cursor.column)
    } else if cursor.line + 1 < lines.count {
      rememberDeletion()
      lines[cursor.line] += lines.remove(at: cursor.line + 1)
    } else {
      return
    }
    revision += 1
  }

  /// Ctrl-U: what is before the cursor on its line goes.
  public mutating func killToStart() {
    guard cursor.column > 0 else { return }
    remember()
    lines[cursor.line].removeFirst(cursor.column)
    cursor.column = 0
    wantedColumn = 0
    revision += 1
  }

  /// Ctrl-Z: back to before the last step (a run of typing is one step).
  public mutating func undo() {
    deleting = false
    guard let last = undoStack.popLast() else { return }
    lines = last.lines
    cursor = last.cursor
    wantedColumn = cursor.column
    typing = false
    revision += 1
  }

  /// The first of a run of deletions is an undo step; the rest join it.
  private mutating func rememberDeletion() {
    if !deleting { remember() }
    deleting = true
  }

  private mutating func remember() {
    typing = false
    deleting = false
    undoStack.append(Snapshot(lines: lines, cursor: cursor))
    if undoStack.count > Self.undoLimit { undoStack.removeFirst(undoStack.count - Self.undoLimit) }
  }

  // MARK: - Moves

  public mutating func left() {
    typing = false
    deleting = false
    if cursor.column > 0 {
      cursor.column -= 1
    } else if cursor.line > 0 {
      cursor.line -= 1
      cursor.column = lines[cursor.line].count
    }
    wantedColumn = cursor.column
  }

  public mutating func right() {
    typing = false
    deleting = false
    if cursor.column < lines[cursor.line].count {
      cursor.column += 1
    } else if cursor.line + 1 < lines.count {
      cursor.line += 1
      cursor.column = 0
    }
    wantedColumn = cursor.column
  }

  /// ↑/↓ and PgUp/PgDn: `rows` lines up (negative) or down, at the column aimed for.
  public mutating func moveLines(by rows: Int) {
    typing = false
    deleting = false
    cursor.line = min(max(0, cursor.line + rows), lines.count - 1)
    cursor.column = min(wantedColumn, lines[cursor.line].count)
  }

  public mutating func home() {
    typing = false
    deleting = false
    // First to the indentation, then to the very start (as most editors do).
    let indent = lines[cursor.line].prefix { $0 == " " }.count
    cursor.column = cursor.column == indent ? 0 : indent
    wantedColumn = cursor.column
  }

  public mutating func end() {
    typing = false
    deleting = false
    cursor.column = lines[cursor.line].count
    wantedColumn = cursor.column
  }

  /// Puts the cursor at `line` (0-based), e.g. where validation found the error.
  public mutating func moveTo(line: Int, column: Int) {
    typing = false
    deleting = false
    cursor.line = min(max(0, line), lines.count - 1)
    cursor.column = min(max(0, column), lines[cursor.line].count)
    wantedColumn = cursor.column
  }
}
