/// A one-line text field: graphemes and a cursor between them (UTF-8 in, wide characters and
/// combining marks handled as the units people see).
public struct LineEditor: Hashable, Sendable {
  public private(set) var characters: [Character] = []
  /// 0…characters.count: the cursor sits before `characters[cursor]`.
  public private(set) var cursor = 0

  public init(_ text: String = "") {
    characters = Array(text)
    cursor = characters.count
  }

  public var text: String { String(characters) }
  public var isEmpty: Bool { characters.isEmpty }

  public mutating func insert(_ character: Character) {
    characters.insert(character, at: cursor)
    cursor += 1
  }

  /// A paste: appended in one step, so a long one costs its length, not its length squared.
  public mutating func insert(contentsOf text: String) {
    let added = Array(text)
    characters.insert(contentsOf: added, at: cursor)
    cursor += added.count
  }

  public mutating func backspace() {
    guard cursor > 0 else { return }
    characters.remove(at: cursor - 1)
    cursor -= 1
  }

  public mutating func delete() {
    guard cursor < characters.count else { return }
    characters.remove(at: cursor)
  }

  public mutating func left() { cursor = max(0, cursor - 1) }
  public mutating func right() { cursor = min(characters.count, cursor + 1) }
  public mutating func home() { cursor = 0 }
  public mutating func end() { cursor = characters.count }

  /// Ctrl-U: deletes everything before the cursor, as shells do.
  public mutating func killToStart() {
    characters.removeFirst(cursor)
    cursor = 0
  }

  public mutating func replace(with text: String) {
    self = LineEditor(text)
  }
}
