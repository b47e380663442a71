import Wire
import WireFormat

/// One line of a frame's decoded tree and the bytes of the frame it stands for.
struct DetailLine {
  var text: String
  var style: Style = .plain
  /// Ranges within the frame's bytes (the 9-byte header is 0..<9).
  var ranges: [Range<Int>] = []
}

/// The detail pane's content laid out for its inner size: the decoded lines wrapped to rows
/// (long values are never cut), and how many rows of hex the frame makes. Update scrolls by it,
/// render draws from it, so the two agree.
struct DetailLayout {
  /// What a layout is made from: the frame (its call, and the frame itself: late frames are
  /// put in sequence order, so an index may come to mean another), the pane's inner size, the
  /// catalog.
  struct Key: Equatable {
    var callID: Int
    var frame: FrameEntry.Identity
    var inner: Rect
    var catalogRevision: Int
  }

  struct Row {
    var line: Int
    var text: String
    var style: Style
  }

  var lines: [DetailLine]
  var rows: [Row]
  var inner: Rect
  var bytesPerRow: Int
  var hexRows: Int
  /// Rows the decoded tree gets: all of the pane, or what it needs when the hex fits below.
  var treeHeight: Int

  init(frame: FrameEntry, inner: Rect, catalog: Catalog?) {
    self.inner = inner
    lines = FrameInspector.detailLines(frame, catalog: catalog)
    rows = lines.enumerated().flatMap { index, line in
      TextWrap.lines(line.text, width: max(1, inner.width)).map {
        Row(line: index, text: $0, style: line.style)
      }
    }
    bytesPerRow = FrameInspector.bytesPerRow(inner.width)
    hexRows = (frame.bytes.count + bytesPerRow - 1) / bytesPerRow
    treeHeight =
      rows.count + 1 + min(hexRows, 4) <= inner.height ? rows.count : inner.height
  }

  /// The rows of `line`.
  func rows(of line: Int) -> Range<Int> {
    let first = rows.firstIndex { $0.line == line } ?? 0
    let last = rows.lastIndex { $0.line == line } ?? first
    return first..<(last + 1)
  }

  var maxTreeScroll: Int { max(0, rows.count - treeHeight) }
  var maxHexScroll: Int { max(0, hexRows - inner.height) }
}

extension ExplorerState {
  /// The selected frame's detail as laid out in the pane, when both are on screen.
  var detailLayout: DetailLayout? {
    guard let key = detailKey, let frame = selectedFrameEntry else { return nil }
    if let detailCache, detailCache.key == key { return detailCache.layout }
    return DetailLayout(frame: frame, inner: key.inner, catalog: catalog)
  }

  /// What the detail's layout depends on, when a frame and its pane are on screen.
  private var detailKey: DetailLayout.Key? {
    guard let call = transcript.shownCall, let frames = call.frames, !frames.isEmpty,
      let rect = layout?.detail
    else { return nil }
    let frame = frames[min(inspector.selectedFrame, frames.count - 1)]
    return DetailLayout.Key(
      callID: call.id, frame: frame.identity, inner: rect.inner, catalogRevision: catalogRevision)
  }

  /// Lays out the selected frame's detail, unless it already is, for the next draws and keys.
  mutating func cacheDetailLayout() {
    guard let key = detailKey else {
      detailCache = nil
      return
    }
    if detailCache?.key == key { return }
    if let layout = detailLayout { detailCache = (key, layout) }
  }

  /// The frame the Frames pane has selected, if the shown call has any.
  var selectedFrameEntry: FrameEntry? {
    let frames = shownFrames
    return frames.isEmpty ? nil : frames[min(inspector.selectedFrame, frames.count - 1)]
  }

  /// Rows PgUp/PgDn move in the detail pane.
  var detailPageRows: Int { inspector.pageRows(detailLayout) }

  /// ↑↓ inside a frame, as the inspector moves with the detail on screen.
  mutating func moveInDetail(by step: Int) {
    cacheDetailLayout()
    guard let layout = detailLayout else { return }
    inspector.moveInDetail(by: step, layout)
  }

  /// PgUp/PgDn inside a frame.
  mutating func scrollDetail(by rows: Int) {
    cacheDetailLayout()
    guard let layout = detailLayout else { return }
    inspector.scrollDetail(by: rows, layout)
  }
}

extension FrameInspector {
  /// The Decoded/Raw pane: `frame` (the selected one) as `layout` lays it out for the pane,
  /// the selected field and its bytes lit.
  func drawDetail(
    _ grid: inout Grid, _ rect: Rect, frame: FrameEntry?, layout: DetailLayout?, focused: Bool
  ) {
    let focused = focused && inDetail
    guard let layout, let frame else {
      grid.box(rect, title: view == .decoded ? "Decoded" : "Raw", focused: focused)
      return
    }
    let lines = layout.lines
    let selectedLine = min(self.selectedLine, max(0, lines.count - 1))
    let highlight = inDetail ? lines[selectedLine].ranges : []
    let inner = layout.inner
    switch view {
    case .raw:
      let first = min(scroll, layout.maxHexScroll)
      var title = "Raw · \(frame.bytes.count) bytes (x: decoded)"
      if layout.hexRows > inner.height {
        let last = min(layout.hexRows, first + inner.height)
        title = "Raw · \(frame.bytes.count) B · rows \(first + 1)–\(last) of \(layout.hexRows)"
      }
      grid.box(rect, title: title, focused: focused)
      drawHex(&grid, frame.bytes, inner, highlight: highlight, firstRow: first)
    case .decoded:
      let first = min(scroll, layout.maxTreeScroll)
      var title = "Decoded (x: raw)"
      if layout.rows.count > layout.treeHeight {
        title += " · more \(first > 0 ? "↑" : "")\(first < layout.maxTreeScroll ? "↓" : "")"
      }
      grid.box(rect, title: title, focused: focused)
      guard inner.height > 0 else { return }
      let visible = layout.rows[first..<min(layout.rows.count, first + layout.treeHeight)]
      for (offset, row) in visible.enumerated() {
        let y = inner.y + offset
        grid.put(row.text, x: inner.x, y: y, limit: inner.width, style: row.style)
        if inDetail, row.line == selectedLine {
          grid.restyle(x: inner.x, y: y, width: inner.width) { $0 = Theme.selected }
        }
      }
      if layout.treeHeight < inner.height {
        // The hex under the tree, around the selected field's bytes.
        let hexRect = Rect(
          x: inner.x, y: inner.y + layout.treeHeight + 1, width: inner.width,
          height: inner.height - layout.treeHeight - 1)
        let litRow = (highlight.first?.lowerBound ?? 0) / layout.bytesPerRow
        let firstRow = max(0, min(litRow - hexRect.height / 2, layout.hexRows - hexRect.height))
        drawHex(&grid, frame.bytes, hexRect, highlight: highlight, firstRow: firstRow)
      }
    }
  }

  static func bytesPerRow(_ width: Int) -> Int {
    width >= 75 ? 16 : width >= 40 ? 8 : 4
  }

  /// `offset  hex bytes  |ASCII|` from row `firstRow`, the highlighted bytes lit in both columns.
  func drawHex(
    _ grid: inout Grid, _ bytes: [UInt8], _ rect: Rect, highlight: [Range<Int>], firstRow: Int
  ) {
    guard rect.height > 0, rect.width > 8 else { return }
    let perRow = Self.bytesPerRow(rect.width)
    let rows = (bytes.count + perRow - 1) / perRow
    for (line, rowIndex) in (firstRow..<min(rows, firstRow + rect.height)).enumerated() {
      let y = rect.y + line
      let start = rowIndex * perRow
      var x =
        rect.x
        + grid.put(
          String(start, radix: 16).leftPadded(to: 4) + "  ", x: rect.x, y: y, style: Theme.dim)
      let asciiX = x + perRow * 3 + (perRow > 8 ? 1 : 0) + 1
      for offset in 0..<perRow {
        let index = start + offset
        guard index < bytes.count else { break }
        let lit = highlight.contains { $0.contains(index) }
        let style = lit ? Theme.highlight : Style.plain
        let hex = String(bytes[index], radix: 16).leftPadded(to: 2)
        grid.put(hex, x: x, y: y, limit: rect.x + rect.width - x, style: style)
        x += 3 + (offset == 7 && perRow > 8 ? 1 : 0)
        let byte = bytes[index]
        let character = (0x20...0x7E).contains(byte) ? String(UnicodeScalar(byte)) : "."
        grid.put(
          character, x: asciiX + offset, y: y, limit: max(0, rect.x + rect.width - asciiX - offset),
          style: style)
      }
    }
  }

  /// The frame's decoded tree, its message fields named from `catalog` (the one in effect now).
  static func detailLines(_ frame: FrameEntry, catalog: Catalog?) -> [DetailLine] {
    var lines: [DetailLine] = []
    let flags = frame.flags.isEmpty ? "no flags" : frame.flags.joined(separator: " ")
    if let error = frame.error {
      return [DetailLine(text: "decode error: \(error)", style: Theme.error)]
    }
    lines.append(
      DetailLine(
        text: "\(frame.typeName) · stream \(frame.streamID) · \(flags) · \(frame.length) B",
        style: Theme.paneTitle,
        ranges: frame.typeName == "PREFACE" ? [0..<frame.bytes.count] : [0..<9]))
    guard let decoded = frame.decoded else {
      lines.append(DetailLine(text: frame.storedSummary))
      for header in frame.storedHeaders where header.count >= 2 {
        lines.append(
          DetailLine(
            text: "\(header[0]): \(header[1])" + (header.count > 2 ? "  (\(header[2]))" : "")))
      }
      return lines
    }
    let base = decoded.offset
    func local(_ spans: ByteSpans) -> [Range<Int>] {
      spans.map { ($0.lowerBound - base)..<($0.upperBound - base) }
    }
    switch decoded.payload {
    case .preface:
      lines.append(
        DetailLine(
          text: "PRI * HTTP/2.0 … SM: the client connection preface",
          ranges: [0..<decoded.bytes.count]))
    case .headers(let headers), .continuation(let headers), .pushPromise(_, let headers):
      if let padding = headers.padding {
        lines.append(
          DetailLine(
            text: "padding: \(padding.paddingSpan.count) B", style: Theme.dim,
            ranges: local([padding.lengthSpan, padding.paddingSpan])))
      }
      if let priority = headers.priority {
        lines.append(
          DetailLine(
            text:
              "priority: depends on \(priority.streamDependency), weight \(Int(priority.weight) + 1)",
            ranges: local([priority.span])))
      }
      guard let block = headers.block else {
        lines.append(
          DetailLine(
            text: "header block fragment, \(headers.fragmentSpan.count) B; continues",
            ranges: local([headers.fragmentSpan])))
        break
      }
      for entry in block.entries {
        switch entry {
        case .field(let field):
          lines.append(
            DetailLine(
              text:
                "\(InertText.make(field.name)): \(InertText.make(field.value))  (\(field.representation.summary)\(huffmanNote(field)))",
              ranges: local(field.spans)))
        case .tableSizeUpdate(let size, let spans):
          lines.append(DetailLine(text: "dynamic table size update: \(size)", ranges: local(spans)))
        }
      }
      if let error = block.error {
        lines.append(DetailLine(text: InertText.make(error), style: Theme.error))
      }
    case .data(let data):
      if let padding = data.padding {
        lines.append(
          DetailLine(
            text: "padding: \(padding.paddingSpan.count) B", style: Theme.dim,
            ranges: local([padding.lengthSpan, padding.paddingSpan])))
      }
      switch data.content {
      case .body(let contentType):
        lines.append(
          DetailLine(
            text:
              "\(data.dataSpan.count) B of body (\(InertText.make(contentType ?? "no content-type")))",
            ranges: local([data.dataSpan])))
      case .grpc(let messages, let awaiting):
        for message in messages {
          lines.append(
            DetailLine(
              text:
                "gRPC prefix: compressed \(message.compressed ? 1 : 0), length \(message.length)",
              ranges: local(message.prefixSpans)))
          let type =
            message.messageType(in: catalog, direction: decoded.direction).map { " \($0)" } ?? ""
          var size = "\(message.length) B"
          if message.compressed {
            size += " \(InertText.make(message.encoding ?? "compressed"))"
            if let plain = message.plain { size += " → \(plain.count) B" }
          }
          lines.append(
            DetailLine(
              text: "message\(type), \(size)", style: Theme.paneTitle,
              ranges: local(message.bodySpans)))
          if let problem = message.decompressionProblem {
            lines.append(DetailLine(text: InertText.make(problem), style: Theme.error))
          }
          // A compressed message's fields are in the decompressed bytes, which are not on the
          // wire: they light nothing in the hex.
          let fieldRanges = message.compressed ? { (_: ByteSpans) in [] } : local
          for field in message.fields(in: catalog, direction: decoded.direction) ?? [] {
            appendField(field, depth: 1, to: &lines, local: fieldRanges)
          }
        }
        if let awaiting {
          lines.append(
            DetailLine(
              text:
                "message continues: \(awaiting.received) of \(awaiting.expected.map(String.init) ?? "?") B so far",
              style: Theme.dim, ranges: local([data.dataSpan])))
        }
        if messages.isEmpty, awaiting == nil, data.dataSpan.isEmpty {
          lines.append(DetailLine(text: "empty (ends the stream)", style: Theme.dim))
        }
      }
    case .settings(let settings):
      if settings.isEmpty {
        lines.append(
          DetailLine(
            text: decoded.header?.flags.contains(.ack) == true
              ? "acknowledges the peer's SETTINGS" : "no parameters"
          ))
      }
      for setting in settings {
        lines.append(
          DetailLine(text: "\(setting.name) = \(setting.value)", ranges: local([setting.span])))
      }
    default:
      lines.append(
        DetailLine(
          text: InertText.make(decoded.summary),
          ranges: decoded.bytes.count > 9 ? [9..<decoded.bytes.count] : []))
    }
    for problem in decoded.problems {
      lines.append(DetailLine(text: "! " + InertText.make(problem), style: Theme.error))
    }
    return lines
  }

  private static func huffmanNote(_ field: HeaderField) -> String {
    var notes: [String] = []
    if let name = field.nameHuffman { notes.append(name ? "name Huffman" : "name raw") }
    if let value = field.valueHuffman { notes.append(value ? "value Huffman" : "value raw") }
    return notes.isEmpty ? "" : ", " + notes.joined(separator: ", ")
  }

  private static func appendField(
    _ field: ProtobufField, depth: Int, to lines: inout [DetailLine],
    local: (ByteSpans) -> [Range<Int>]
  ) {
    let indent = String(repeating: "  ", count: depth)
    let name = field.name.map { "\(field.number) \(InertText.make($0))" } ?? "\(field.number)"
    let type = field.declaredType.map { InertText.make($0) } ?? "\(field.wireType)"
    let value: String
    switch field.value {
    case .message: value = "{"
    case .varint(let number):
      value =
        "\(number)" + (field.declaredType == nil ? " (zigzag \(ProtobufValue.zigzag(number)))" : "")
    default: value = InertText.make(field.value.shortDescription)
    }
    lines.append(
      DetailLine(text: "\(indent)\(name) (\(type)): \(value)", ranges: local(field.spans)))
    if case .message(let fields) = field.value {
      for child in fields { appendField(child, depth: depth + 1, to: &lines, local: local) }
      lines.append(DetailLine(text: "\(indent)}", style: Theme.dim))
    }
  }
}
