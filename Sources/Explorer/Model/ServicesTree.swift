/// The methods pane as a tree: each service a header that folds, its methods under it, and a
/// filter (`/`) that keeps the methods whose `service/method` contains its text.
///
/// It owns the methods, which one is selected, the folds, the filter and the cursor on a header;
/// the root asks it for `current` and hands it the keys of the Methods pane.
public struct ServicesTree: Sendable, Equatable {
  public enum Row: Sendable, Hashable {
    /// A service header, by its full name.
    case service(String)
    /// A method, by its index in `ExplorerState.methods`.
    case method(Int)
  }

  public typealias Method = ExplorerState.Method

  /// Every method of the schema, in its order.
  public private(set) var methods: [Method] {
    didSet { refreshRows() }
  }
  /// Index into `methods` of the selected method.
  public private(set) var selected = 0
  public private(set) var collapsed: Set<String> = [] {
    didSet { refreshRows() }
  }
  /// The filter's text; empty: every method.
  public private(set) var filter = LineEditor() {
    didSet { if filter.text != oldValue.text { refreshRows() } }
  }
  /// The rows on screen, in order, made again only when the methods, a fold or the filter
  /// change: grouping 200 methods by service on every key and every frame cost more than the rest
  /// of the pane.
  public private(set) var rows: [Row] = []
  /// Keys go to the filter (after `/`, until Enter or Esc).
  public private(set) var isEditingFilter = false
  /// The cursor is on this service's header rather than on the selected method.
  public private(set) var headerCursor: String?
  /// The first row on screen.
  public private(set) var scroll = 0

  public init(methods: [Method] = []) {
    self.methods = methods
    refreshRows()
  }

  /// The selected method, if there is any.
  public var current: Method? { methods.indices.contains(selected) ? methods[selected] : nil }

  /// Another schema's methods; the same path stays selected if it is among them.
  mutating func replace(methods newMethods: [Method]) {
    let path = current?.path
    methods = newMethods
    selected = newMethods.firstIndex { $0.path == path } ?? 0
  }

  /// Selects the method at `path` and makes it the cursor's row; false if there is none.
  mutating func select(path: String) -> Bool {
    guard let index = methods.firstIndex(where: { $0.path == path }) else { return false }
    selected = index
    reveal(path)
    return true
  }

  /// After any event: the selection points at a method and the cursor at a row shown.
  mutating func settle() {
    selected = min(max(0, selected), max(0, methods.count - 1))
    keepCursorShown()
  }

  private mutating func refreshRows() {
    rows = rows(methods)
  }

  /// `pkg.Service` of a method's path `/pkg.Service/Method`.
  public static func service(of path: String) -> String {
    let parts = path.split(separator: "/", omittingEmptySubsequences: true)
    return parts.count >= 2 ? String(parts[0]) : ""
  }

  /// The rows on screen, in order: a header per service with a method shown, and its methods
  /// unless folded. While filtering, services with no match are left out and the rest unfolded.
  private func rows(_ methods: [Method]) -> [Row] {
    let needle = filter.text.lowercased()
    var order: [String] = []
    var byService: [String: [Int]] = [:]
    for (index, method) in methods.enumerated() {
      let service = method.service
      if !needle.isEmpty {
        let haystack = (service + "/" + method.name).lowercased()
        guard haystack.contains(needle) else { continue }
      }
      if byService[service] == nil { order.append(service) }
      byService[service, default: []].append(index)
    }
    var rows: [Row] = []
    for service in order {
      rows.append(.service(service))
      if needle.isEmpty, collapsed.contains(service) { continue }
      rows += byService[service, default: []].map(Row.method)
    }
    return rows
  }

  /// The cursor's row: the header it is on, else the selected method.
  public var cursorRow: Row {
    headerCursor.map(Row.service) ?? .method(selected)
  }

  /// ↑/↓/PgUp/PgDn: moves over the rows; landing on a method selects it.
  mutating func move(by step: Int) {
    guard !rows.isEmpty else { return }
    let current = rows.firstIndex(of: cursorRow) ?? (step > 0 ? -1 : 0)
    land(on: rows[min(max(0, current + step), rows.count - 1)])
  }

  private mutating func land(on row: Row) {
    switch row {
    case .service(let name): headerCursor = name
    case .method(let index):
      headerCursor = nil
      selected = index
    }
  }

  /// Enter on a header folds or unfolds it.
  mutating func toggleFold() {
    // While filtering every service shows unfolded: a fold there would only surprise later.
    guard let service = headerCursor, filter.isEmpty else { return }
    if collapsed.contains(service) {
      collapsed.remove(service)
    } else {
      collapsed.insert(service)
    }
  }

  /// → unfolds the header under the cursor.
  mutating func unfold() {
    if let service = headerCursor { collapsed.remove(service) }
  }

  /// ← folds the header under the cursor; on a method, goes up to its service's header.
  mutating func fold() {
    if let service = headerCursor {
      guard filter.isEmpty else { return }
      collapsed.insert(service)
    } else if methods.indices.contains(selected) {
      headerCursor = methods[selected].service
    }
  }

  /// The selected method went out of sight (folded, filtered out): the cursor stays on what
  /// is shown.
  private mutating func keepCursorShown() {
    if rows.contains(cursorRow) { return }
    // Folded away: the cursor goes to its service's header. Filtered out: to the first match.
    if headerCursor == nil, filter.isEmpty, methods.indices.contains(selected),
      rows.contains(.service(methods[selected].service))
    {
      headerCursor = methods[selected].service
      return
    }
    // The first method shown, else the first header, else nothing to point at.
    if let first = rows.first(where: { if case .method = $0 { true } else { false } }) ?? rows.first
    {
      land(on: first)
    } else {
      headerCursor = nil
    }
  }

  /// Makes the method at `path` the cursor's row: its service unfolded, a filter that hides it
  /// cleared.
  private mutating func reveal(_ path: String) {
    let service = Self.service(of: path)
    collapsed.remove(service)
    headerCursor = nil
    let haystack = (service + "/" + (path.split(separator: "/").last.map(String.init) ?? ""))
    if !haystack.lowercased().contains(filter.text.lowercased()) { clearFilter() }
  }

  // MARK: - The filter

  mutating func startFilter() { isEditingFilter = true }

  /// Enter: the filter stays, the keys go back to the tree.
  mutating func acceptFilter() { isEditingFilter = false }

  /// Esc: every method again.
  mutating func clearFilter() {
    isEditingFilter = false
    filter = LineEditor()
  }

  mutating func editFilter(_ change: (inout LineEditor) -> Void) {
    change(&filter)
  }

  private func service(ofRow row: Row) -> String {
    switch row {
    case .service(let name): name
    case .method(let index): methods[index].service
    }
  }

  /// Keeps the cursor's row among the `height` rows on screen.
  mutating func scrollToCursor(height: Int) {
    guard height > 0, let row = rows.firstIndex(of: cursorRow) else {
      scroll = 0
      return
    }
    // Scrolling up to a service's first method brings its header along.
    let top =
      row > 0 && rows[row - 1] == .service(service(ofRow: rows[row])) ? row - 1 : row
    if top < scroll { scroll = top }
    if row >= scroll + height { scroll = row - height + 1 }
    scroll = max(0, min(scroll, max(0, rows.count - height)))
  }
}
