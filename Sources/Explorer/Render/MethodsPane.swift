extension ExplorerState {
  func drawMethods(_ grid: inout Grid, _ rect: Rect) {
    let focused = focus == .methods
    grid.box(rect, title: "Methods", focused: focused)
    let inner = rect.inner
    guard inner.height > 0 else { return }
    // Keep the selected method visible when the pane is shorter than the list.
    let first = max(0, min(selectedMethod - inner.height + 1, methods.count - inner.height))
    for (row, index) in (first..<min(methods.count, first + inner.height)).enumerated() {
      let method = methods[index]
      let y = inner.y + row
      // The kind in full when it fits beside the name, else shortened.
      var kind = method.kind.rawValue
      if DisplayWidth.of(method.name) + DisplayWidth.of(kind) + 1 > inner.width {
        kind = kind.replacingOccurrences(of: "server stream", with: "stream")
          .replacingOccurrences(of: "client stream", with: "client")
      }
      let nameWidth = max(1, inner.width - DisplayWidth.of(kind) - 1)
      grid.put(
        TextWrap.truncated(method.name, width: nameWidth), x: inner.x, y: y, limit: nameWidth)
      if inner.width > DisplayWidth.of(kind) + 4 {
        grid.put(kind, x: inner.x + inner.width - DisplayWidth.of(kind), y: y, style: Theme.dim)
      }
      if index == selectedMethod {
        grid.restyle(x: inner.x, y: y, width: inner.width) {
          $0 = focused ? Theme.selected : Theme.selectedUnfocused
        }
      }
    }
  }
}
