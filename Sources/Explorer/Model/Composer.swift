import WireFormat

/// The request being written for the selected method, when its input type is not a lone string
/// (those keep the one-line prompt): a JSON editor started from a template of the type, checked
/// against the type as it is typed, with the last text of every method kept for the session.
public struct Composer: Sendable {
  /// What the codec says of the text, shown under the editor.
  public enum Check: Sendable, Equatable {
    /// `✓ kitchensink.Order`
    case valid(String)
    /// The codec's error (JSON path, line:column), inert, and the 1-based line it points at.
    case invalid(String, line: Int?)
  }

  public private(set) var editor = TextEditor()
  /// The method (`:path`) and input type the text is for; nil before any.
  public private(set) var path: String?
  public private(set) var typeName = ""
  public private(set) var check = Check.invalid("", line: nil)
  /// The first line of the text on screen.
  public private(set) var scroll = 0
  /// The last text of each method (by path) this session; history fills it at start.
  private var drafts: [String: String] = [:]
  private var checkedRevision = -1

  public init() {}

  public var text: String { editor.text }
  public var draft: RequestDraft { RequestDraft(typeName: typeName, json: editor.text) }
  public var isValid: Bool { if case .valid = check { true } else { false } }

  /// Shows the text for the method at `path`: the one it had, else the type's template.
  mutating func open(path: String, typeName: String, catalog: Catalog) {
    guard path != self.path || typeName != self.typeName else { return }
    if let old = self.path { drafts[old] = editor.text }
    self.path = path
    self.typeName = typeName
    let text = drafts[path] ?? catalog.template(for: typeName) ?? "{}"
    editor = TextEditor(text)
    scroll = 0
    checkedRevision = -1
  }

  /// The last request of a method as its draft (history, oldest first, calls this for every
  /// call it read, so the newest wins).
  mutating func remember(_ json: String, for path: String) {
    drafts[path] = Self.pretty(json)
    if path == self.path { editor.replace(with: drafts[path]!, keepUndo: false) }
    checkedRevision = -1
  }

  /// Rerun into the composer, the external editor's result: the text replaced, undoably.
  mutating func fill(with json: String) {
    editor.replace(with: Self.pretty(json))
    scroll = 0
    checkedRevision = -1
  }

  /// Ctrl-R: the type's template again (undo brings the text back).
  mutating func resetToTemplate(catalog: Catalog) {
    editor.replace(with: catalog.template(for: typeName) ?? "{}")
    scroll = 0
    checkedRevision = -1
  }

  mutating func edit(_ change: (inout TextEditor) -> Void) {
    change(&editor)
  }

  /// The catalog changed: the same text may now read differently.
  mutating func recheckLater() { checkedRevision = -1 }

  /// Checks the text against its type, once per change of the text.
  mutating func validate(with catalog: Catalog) {
    guard editor.revision != checkedRevision else { return }
    checkedRevision = editor.revision
    do {
      _ = try catalog.decodeJSON(editor.text, as: typeName)
      check = .valid(InertText.make(typeName))
    } catch let error as CodecError {
      check = .invalid(InertText.make(error.description), line: error.line)
    } catch {
      check = .invalid(InertText.make("\(error)"), line: nil)
    }
  }

  /// Keeps the cursor's line among the `rows` lines on screen.
  mutating func scrollToCursor(rows: Int) {
    let line = editor.cursor.line
    if line < scroll { scroll = line }
    if rows > 0, line >= scroll + rows { scroll = line - rows + 1 }
    scroll = max(0, min(scroll, editor.lines.count - max(1, rows)))
  }

  /// Compact JSON from history or a call, laid out as the editor shows JSON; text that is not
  /// JSON is kept as it is, to be fixed.
  static func pretty(_ json: String) -> String {
    guard let node = try? JSONParser.parse(json) else { return json }
    return JSONWriter.pretty(node)
  }
}
