import Wire
import WireFormat

/// Captured frames as `call --frames` prints them and as `--json` gives them: the call's and
/// discovery's alike. Times are from `startNanos`; fields are named from `catalog`.
struct FrameReport {
  var catalog: Catalog
  var startNanos: UInt64

  func lines(_ items: [CapturedItem]) -> [String] { items.flatMap(lines) }

  func json(_ items: [CapturedItem]) -> JSONNode { .array(items.map(json)) }

  private func lines(_ captured: CapturedItem) -> [String] {
    let time = "+" + CallReport.millis(captured.uptimeNanos &- startNanos)
    switch captured.item {
    case .error(let error):
      return [
        "\(arrow(error.direction)) \(time)  DECODE ERROR at byte \(error.offset): \(InertText.make(error.message))"
      ]
    case .frame(let frame):
      let flags = frame.flagNames.isEmpty ? "" : " [\(frame.flagNames.joined(separator: ","))]"
      var lines = [
        "\(arrow(frame.direction)) \(time)  \(frame.typeName) stream \(frame.streamID)\(flags) \(frame.length) B  \(InertText.make(frame.summary(in: catalog)))"
      ]
      if case .headers(let headers) = frame.payload, let block = headers.block {
        lines += block.fields.map {
          "      \(InertText.make($0.name)): \(InertText.make($0.value))  (\($0.representation.summary)\(Self.huffman($0)))"
        }
      }
      lines += HexDump.lines(frame.bytes).map { "      " + $0 }
      return lines
    }
  }

  private static func huffman(_ field: HeaderField) -> String {
    switch (field.nameHuffman, field.valueHuffman) {
    case (nil, nil): ""
    case (_, let value?) where field.nameHuffman ?? value == value: value ? ", Huffman" : ""
    case (let name, let value):
      ", name \(name == true ? "Huffman" : "raw"), value \(value == true ? "Huffman" : "raw")"
    }
  }

  private func arrow(_ direction: Direction) -> String { direction == .outbound ? "→" : "←" }

  private func json(_ captured: CapturedItem) -> JSONNode {
    let time = JSONNode.int(Int((captured.uptimeNanos &- startNanos) / 1000))
    switch captured.item {
    case .error(let error):
      return .object([
        ("dir", .string(error.direction.rawValue)), ("t_us", time),
        ("type", .string("DECODE_ERROR")),
        ("stream", .int(0)), ("flags", .array([])), ("length", .int(0)), ("hex", .string("")),
        ("offset", .int(error.offset)), ("error", .string(error.message)),
      ])
    case .frame(let frame):
      var members: [(String, JSONNode)] = [
        ("dir", .string(frame.direction.rawValue)), ("t_us", time),
        ("type", .string(frame.typeName)), ("stream", .int(Int(frame.streamID))),
        ("flags", .array(frame.flagNames.map(JSONNode.string))), ("length", .int(frame.length)),
        ("hex", .string(HexDump.hex(frame.bytes))),
        ("summary", .string(frame.summary(in: catalog))),
      ]
      switch frame.payload {
      case .headers(let headers), .continuation(let headers), .pushPromise(_, let headers):
        if let block = headers.block {
          members.append(
            (
              "headers",
              .array(
                block.fields.map {
                  .object([
                    ("name", .string($0.name)), ("value", .string($0.value)),
                    ("encoding", .string($0.representation.summary)),
                  ])
                })
            ))
        }
      case .data(let data):
        if case .grpc(let messages, _) = data.content, !messages.isEmpty {
          members.append(
            (
              "messages",
              .array(
                messages.map {
                  .object([("compressed", .bool($0.compressed)), ("length", .int($0.length))])
                })
            ))
        }
      default:
        break
      }
      if !frame.problems.isEmpty {
        members.append(("problems", .array(frame.problems.map(JSONNode.string))))
      }
      return .object(members)
    }
  }
}
