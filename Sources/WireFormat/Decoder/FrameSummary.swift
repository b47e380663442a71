/// One-line descriptions of decoded frames, as a frames list shows them (`HEADERS` rows say the
/// path or status, `DATA` rows the gRPC messages). Strings from the peer are quoted and inert
/// (`grpc-message "bad ␛[31m"`): a summary is display text, safe on a terminal as it is.
extension DecodedFrame {
  /// The summary with message fields by number, as the capture sees them.
  public var summary: String { summary(in: nil) }

  /// The summary with message fields named and typed from `catalog`, when it has the method;
  /// with `brief`, a message's fields are cut after `fieldsSummaryLimit` characters (a row
  /// on screen shows a fraction of them; history and `call --frames` keep them whole).
  public func summary(in catalog: Catalog?, brief: Bool = false) -> String {
    var text: String
    switch payload {
    case .preface:
      text = "client connection preface"
    case .headers(let headers), .continuation(let headers):
      text =
        headers.block.map(Self.describe)
        ?? "header block fragment \(headers.fragmentSpan.count) B, continues"
    case .pushPromise(let promised, let headers):
      text = "promised stream \(promised)" + (headers.block.map { " " + Self.describe($0) } ?? "")
    case .data(let data):
      text = Self.describe(data, catalog: catalog, direction: direction, brief: brief)
    case .priority(let priority):
      text =
        "depends on \(priority.streamDependency)\(priority.exclusive ? " (exclusive)" : ""), weight \(Int(priority.weight) + 1)"
    case .rstStream(let code):
      text = HTTP2Names.errorCode(code)
    case .settings(let settings):
      text =
        settings.isEmpty
        ? (header?.flags.contains(.ack) == true ? "ACK" : "(no parameters)")
        : settings.map { "\($0.name.dropFirst("SETTINGS_".count))=\($0.value)" }.joined(
          separator: " ")
    case .ping(let opaque):
      text = "opaque 0x" + String(opaque, radix: 16).leftPadded(to: 16)
    case .goAway(let lastStream, let code, let debug):
      text = "\(HTTP2Names.errorCode(code)), last stream \(lastStream)"
      if !debug.isEmpty {
        text += ", debug \(InertText.quoted(String(decoding: debug, as: UTF8.self)))"
      }
    case .windowUpdate(let increment):
      text = "+\(increment)"
    case .unknown:
      text = "\(length) B of an unknown frame type"
    case .malformed(let reason):
      text = "malformed: \(reason)"
    }
    for problem in problems { text += " [\(problem)]" }
    return text
  }

  private static func describe(_ block: HeaderBlock) -> String {
    var parts: [String] = []
    if let path = block.value(":path") {
      parts.append("\(block.value(":method") ?? "?") \(path)")
    }
    if let status = block.value(":status") { parts.append(":status \(status)") }
    if let type = block.value("content-type") { parts.append(type) }
    if let code = block.value("grpc-status") { parts.append("grpc-status \(code)") }
    if let message = block.value("grpc-message") {
      parts.append("grpc-message \(InertText.quoted(message))")
    }
    if parts.isEmpty { parts.append("\(block.fields.count) fields") }
    if let error = block.error { parts.append("[\(error)]") }
    return parts.joined(separator: " ")
  }

  private static func describe(
    _ data: DataPayload, catalog: Catalog?, direction: Direction, brief: Bool
  ) -> String {
    switch data.content {
    case .body(let contentType):
      return "\(data.dataSpan.count) B of body (\(contentType ?? "no content-type"))"
    case .grpc(let messages, let awaiting):
      var parts = messages.map { message -> String in
        var text = "gRPC \(message.length) B"
        if message.compressed {
          if let plain = message.plain {
            text += " \(message.encoding ?? "compressed") → \(plain.count) B"
          } else {
            text += " compressed" + (message.decompressionProblem.map { " (\($0))" } ?? "")
          }
        }
        if let fields = message.fields(in: catalog, direction: direction) {
          text +=
            ": "
            + (brief
              ? Self.describe(fields) : fields.map(\.shortDescription).joined(separator: ", "))
        }
        return text
      }
      if let awaiting {
        if let expected = awaiting.expected {
          parts.append("gRPC message \(awaiting.received)/\(expected) B so far")
        } else {
          parts.append("gRPC prefix \(awaiting.received)/5 B so far")
        }
      }
      if parts.isEmpty {
        parts.append(data.dataSpan.isEmpty ? "empty" : "\(data.dataSpan.count) B")
      }
      return parts.joined(separator: "; ")
    }
  }
}

extension DecodedFrame {
  /// Longest a brief summary's list of fields gets: one row shows a fraction of it, and a
  /// 1 MiB message's 18,000 fields joined for a row cost 50 ms.
  static let fieldsSummaryLimit = 240

  /// `name: "Ada", 2: 150`, cut after `fieldsSummaryLimit` characters with how many are left.
  public static func describe(_ fields: [ProtobufField]) -> String {
    var text = ""
    for (index, field) in fields.enumerated() {
      if index > 0 { text += ", " }
      if text.utf8.count > fieldsSummaryLimit {
        return text + "… \(fields.count - index) more field\(fields.count - index == 1 ? "" : "s")"
      }
      text += briefly(field)
    }
    return text
  }

  /// A field as a summary shows it: long strings cut (the Decoded pane shows them whole).
  private static func briefly(_ field: ProtobufField) -> String {
    let name = field.name ?? String(field.number)
    switch field.value {
    case .string(let text) where text.utf8.count > fieldsSummaryLimit:
      return "\(name): " + InertText.quoted(String(text.prefix(fieldsSummaryLimit / 2)))
        + "… (\(text.utf8.count) B)"
    case .message(let fields): return "\(name): {" + describe(fields) + "}"
    default: return field.shortDescription
    }
  }
}

extension ProtobufField {
  /// `name: "Ada"`, `1: 150`, `2: {…}`: the field's name when the schema knows it, else its number.
  public var shortDescription: String {
    "\(name ?? String(number)): " + value.shortDescription
  }
}

extension ProtobufValue {
  public var shortDescription: String {
    switch self {
    case .varint(let value): "\(value)"
    case .fixed64(let value): "0x" + String(value, radix: 16).leftPadded(to: 16)
    case .fixed32(let value): "0x" + String(value, radix: 16).leftPadded(to: 8)
    case .string(let text): InertText.quoted(text)
    case .message(let fields): "{" + fields.map(\.shortDescription).joined(separator: ", ") + "}"
    case .bytes(let bytes): "\(bytes.count) bytes"
    }
  }
}
