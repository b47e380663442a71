import Wire

/// One line of a frame's decoded tree and the bytes of the frame it stands for.
struct DetailLine {
  var text: String
  var style: Style = .plain
  /// Ranges within the frame's bytes (the 9-byte header is 0..<9).
  var ranges: [Range<Int>] = []
}

extension ExplorerState {
  func drawDetail(_ grid: inout Grid, _ rect: Rect) {
    let frames = shownFrames
    let focused = focus == .frames && inFrameDetail
    guard !frames.isEmpty else {
      grid.box(rect, title: frameView == .decoded ? "Decoded" : "Raw", focused: focused)
      return
    }
    let frame = frames[min(selectedFrame, frames.count - 1)]
    let lines = Self.detailLines(frame)
    let selectedLine = min(selectedDetailLine, max(0, lines.count - 1))
    let highlight = inFrameDetail ? lines[selectedLine].ranges : []
    let inner = rect.inner
    switch frameView {
    case .raw:
      grid.box(rect, title: "Raw · \(frame.bytes.count) bytes (x: decoded)", focused: focused)
      drawHex(&grid, frame.bytes, inner, highlight: highlight)
    case .decoded:
      grid.box(rect, title: "Decoded (x: raw)", focused: focused)
      guard inner.height > 0 else { return }
      // The tree first; the hex under it when there is room, the selected field lit up.
      let hexRows =
        (frame.bytes.count + Self.bytesPerRow(inner.width) - 1) / Self.bytesPerRow(inner.width)
      let treeHeight =
        lines.count + 1 + min(hexRows, 4) <= inner.height ? lines.count : inner.height
      let first = max(0, min(selectedLine - treeHeight / 2, lines.count - treeHeight))
      for (row, index) in (first..<min(lines.count, first + treeHeight)).enumerated() {
        let y = inner.y + row
        grid.put(lines[index].text, x: inner.x, y: y, limit: inner.width, style: lines[index].style)
        if inFrameDetail, index == selectedLine {
          grid.restyle(x: inner.x, y: y, width: inner.width) { $0 = Theme.selected }
        }
      }
      if treeHeight < inner.height {
        let hexRect = Rect(
          x: inner.x, y: inner.y + treeHeight + 1, width: inner.width,
          height: inner.height - treeHeight - 1)
        drawHex(&grid, frame.bytes, hexRect, highlight: highlight)
      }
    }
  }

  static func bytesPerRow(_ width: Int) -> Int {
    width >= 75 ? 16 : width >= 40 ? 8 : 4
  }

  /// `offset  hex bytes  |ASCII|`, with the highlighted bytes lit in both columns.
  func drawHex(_ grid: inout Grid, _ bytes: [UInt8], _ rect: Rect, highlight: [Range<Int>]) {
    guard rect.height > 0, rect.width > 8 else { return }
    let perRow = Self.bytesPerRow(rect.width)
    let firstHighlighted = highlight.first?.lowerBound ?? 0
    let rows = (bytes.count + perRow - 1) / perRow
    let firstRow = max(0, min(firstHighlighted / perRow - rect.height / 2, rows - rect.height))
    for (line, rowIndex) in (firstRow..<min(rows, firstRow + rect.height)).enumerated() {
      let y = rect.y + line
      let start = rowIndex * perRow
      var x =
        rect.x
        + grid.put(String(start, radix: 16).leftPadded(4) + "  ", x: rect.x, y: y, style: Theme.dim)
      let asciiX = x + perRow * 3 + (perRow > 8 ? 1 : 0) + 1
      for offset in 0..<perRow {
        let index = start + offset
        guard index < bytes.count else { break }
        let lit = highlight.contains { $0.contains(index) }
        let style = lit ? Theme.highlight : Style.plain
        let hex = String(bytes[index], radix: 16).leftPadded(2)
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

  static func detailLines(_ frame: FrameEntry) -> [DetailLine] {
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
      lines.append(DetailLine(text: frame.summary))
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
          let type = message.messageType.map { " \($0)" } ?? ""
          lines.append(
            DetailLine(
              text: "message\(type), \(message.length) B", style: Theme.paneTitle,
              ranges: local(message.bodySpans)))
          for field in message.fields ?? [] {
            appendField(field, depth: 1, to: &lines, local: local)
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
            text: frame.flags.contains("ACK") ? "acknowledges the peer's SETTINGS" : "no parameters"
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
    let name = field.name.map { "\(field.number) \($0)" } ?? "\(field.number)"
    let type = field.declaredType ?? "\(field.wireType)"
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
