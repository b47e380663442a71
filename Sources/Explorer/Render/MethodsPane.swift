import WireFormat

extension ServicesTree {
  /// The services tree: headers that fold, methods with their kind, the selected method's
  /// input and output types (from `catalog`) in the bottom edge, the filter in the top one.
  func draw(_ grid: inout Grid, _ rect: Rect, focused: Bool, catalog: Catalog) {
    var title = "Methods"
    if isEditingFilter || !filter.isEmpty {
      title += " /" + InertText.make(filter.text) + (isEditingFilter ? "▏" : "")
    }
    grid.box(rect, title: title, focused: focused)
    let inner = rect.inner
    guard inner.height > 0, inner.width > 2 else { return }
    if rows.isEmpty {
      let text = filter.isEmpty ? "no methods" : "no method matches"
      grid.put(
        TextWrap.truncated(text, width: inner.width), x: inner.x, y: inner.y, style: Theme.dim)
    }
    let cursor = cursorRow
    var counts: [String: Int] = [:]
    for method in methods { counts[method.service, default: 0] += 1 }
    let first = min(scroll, max(0, rows.count - inner.height))
    for (offset, row) in rows.dropFirst(first).prefix(inner.height).enumerated() {
      let y = inner.y + offset
      switch row {
      case .service(let service):
        let folded = collapsed.contains(service) && filter.isEmpty
        let count = counts[service, default: 0]
        let label = "\(folded ? "▸" : "▾") \(InertText.make(service))"
        let countText = " \(count)"
        let room = max(1, inner.width - DisplayWidth.of(countText))
        grid.put(
          TextWrap.truncated(label, width: room), x: inner.x, y: y, limit: room,
          style: Theme.paneTitle)
        if inner.width > DisplayWidth.of(countText) + 4 {
          grid.put(
            countText, x: inner.x + inner.width - DisplayWidth.of(countText), y: y,
            style: Theme.dim)
        }
      case .method(let index):
        drawMethodRow(&grid, methods[index], x: inner.x + 2, y: y, width: inner.width - 2)
      }
      if row == cursor {
        grid.restyle(x: inner.x, y: y, width: inner.width) {
          $0 = focused ? Theme.selected : Theme.selectedUnfocused
        }
      }
    }
    // More rows than room: the edge says which way.
    if rows.count > inner.height, rect.width > 12 {
      let more = (first > 0 ? "↑" : "") + (first + inner.height < rows.count ? "↓" : "")
      grid.put(
        more, x: rect.x + rect.width - 2 - DisplayWidth.of(more), y: rect.y, style: Theme.dim)
    }
    if headerCursor == nil, let method = current, let descriptor = catalog.method(path: method.path)
    {
      drawSignature(&grid, rect, (descriptor.inputType, descriptor.outputType))
    }
  }

  private func drawMethodRow(
    _ grid: inout Grid, _ method: Method, x: Int, y: Int, width: Int
  ) {
    // The kind in full when it fits beside the name, else shortened.
    var kind = method.kind.rawValue
    if DisplayWidth.of(method.name) + DisplayWidth.of(kind) + 1 > width {
      kind = kind.replacingOccurrences(of: "server stream", with: "stream")
        .replacingOccurrences(of: "client stream", with: "client")
    }
    let nameWidth = max(1, width - DisplayWidth.of(kind) - 1)
    grid.put(TextWrap.truncated(method.name, width: nameWidth), x: x, y: y, limit: nameWidth)
    if width > DisplayWidth.of(kind) + 4 {
      grid.put(kind, x: x + width - DisplayWidth.of(kind), y: y, style: Theme.dim)
    }
  }

  /// `HelloRequest → HelloReply` of the selected method, in the pane's bottom edge.
  private func drawSignature(
    _ grid: inout Grid, _ rect: Rect, _ descriptor: (inputType: String, outputType: String)
  ) {
    guard rect.width > 8 else { return }
    let room = rect.width - 4
    // Without the package when the full names do not fit: the type names matter most.
    let short = { (name: String) in name.split(separator: ".").last.map(String.init) ?? name }
    let forms = [
      " \(descriptor.inputType) → \(descriptor.outputType) ",
      " \(short(descriptor.inputType)) → \(short(descriptor.outputType)) ",
      "\(short(descriptor.inputType)) → \(short(descriptor.outputType))",
    ]
    let text = InertText.make(forms.first { DisplayWidth.of($0) <= room } ?? forms[2])
    grid.put(
      TextWrap.truncated(text, width: room), x: rect.x + 2,
      y: rect.y + rect.height - 1, style: Theme.dim)
  }
}
