import Foundation
import GRPCCore
import Wire
import WireFormat

/// What `call` prints about a finished call: grpcurl -v style text, or the JSON document.
/// Server text is made inert (`InertText`: `␛`, `⟨RLO⟩`) in the text, the proto3 JSON of messages
/// included; the JSON document escapes it (`\u001b`).
struct CallReport {
  var catalog: Catalog
  var method: WireFormat.MethodDescriptor
  var target: Target
  /// The proto3 JSON of each request sent.
  var requests: [String]
  var result: CallResult
  var startNanos: UInt64
  /// Every item of the connection (the call's stream and the connection's own), in order.
  var frames: [CapturedItem]
  var connectionCloseReason: String?

  // MARK: - Text

  func text(withFrames: Bool) -> String {
    var lines: [String] = []
    lines.append("Calling \(method.path) (\(method.kind.rawValue)) on \(target)")
    lines.append("")
    lines.append("Request contents:")
    lines += requests.isEmpty ? ["(none)"] : requests.map { InertText.make(json: $0) }
    lines.append("")
    lines.append("Response headers received:")
    lines += metadataLines(result.headers, httpStatus: result.httpStatus)
    lines.append("")
    lines.append("Response contents:")
    if result.messages.isEmpty { lines.append("(none)") }
    for message in result.messages {
      lines.append(InertText.make(json: responseJSON(message)))
    }
    if let body = result.outcome.nonGRPCBody {
      lines.append("")
      lines.append(
        "Response body (\(InertText.make(body.contentType ?? "no content-type")), \(body.bytes.count) B):"
      )
      lines.append(InertText.make(utf8: body.bytes.prefix(2048), keepNewlines: true))
    }
    lines.append("")
    lines.append("Response trailers received:")
    lines += metadataLines(result.trailers, httpStatus: nil)
    if let details = StatusDetails(trailers: result.trailers, catalog: catalog) {
      lines.append("")
      lines.append("Error details (grpc-status-details-bin):")
      if let problem = details.problem { lines.append(InertText.make(problem)) }
      for detail in details.details {
        lines.append(InertText.make(json: JSONWriter.pretty(detail)))
      }
    }
    if withFrames {
      lines.append("")
      lines.append("Frames (\(frames.count)):")
      for item in frames { lines += frameLines(item) }
    }
    lines.append("")
    lines.append(
      "Sent \(plural(requests.count, "request")) and received \(plural(result.messages.count, "response"))"
    )
    let status = result.status
    let message = status.message.isEmpty ? "" : ": " + InertText.make(status.message)
    lines.append(
      "Status: \(status.code.canonicalName)\(message) · \(Self.millis(result.outcome.timing.totalNanos))"
    )
    let timing = result.outcome.timing
    var timingLine = "Timing: connect \(Self.millis(timing.connectNanos))"
    if let first = timing.firstResponseNanos {
      timingLine += ", first response \(Self.millis(first))"
    }
    timingLine += ", total \(Self.millis(timing.totalNanos))"
    lines.append(timingLine)
    if let reason = connectionCloseReason {
      lines.append("Connection: \(InertText.make(reason))")
    }
    return lines.joined(separator: "\n")
  }

  private func metadataLines(_ metadata: Metadata, httpStatus: Int?) -> [String] {
    var lines: [String] = []
    if let httpStatus { lines.append(":status: \(httpStatus)") }
    for (key, value) in metadata {
      switch value {
      case .string(let text): lines.append("\(InertText.make(key)): \(InertText.make(text))")
      case .binary(let bytes):
        lines.append("\(InertText.make(key)): \(Base64.encode(bytes))")
      }
    }
    return lines.isEmpty ? ["(empty)"] : lines
  }

  private func frameLines(_ captured: CapturedItem) -> [String] {
    let time = "+" + Self.millis(captured.uptimeNanos &- startNanos)
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

  private func plural(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
  }

  private func responseJSON(_ message: [UInt8]) -> String {
    do {
      return try catalog.jsonText(catalog.decode(message, as: method.outputType))
    } catch {
      return "(\(message.count) bytes that are not a \(method.outputType): \(error))"
    }
  }

  static func millis(_ nanos: UInt64) -> String {
    let micros = Double(nanos) / 1000
    return micros < 10_000
      ? String(format: "%.2f ms", micros / 1000) : String(format: "%.1f ms", micros / 1000)
  }

  // MARK: - JSON

  func json() -> JSONNode {
    let status = result.status
    let timing = result.outcome.timing
    var members: [(String, JSONNode)] = [
      ("method", .string(method.path)),
      ("target", .string(target.description)),
      (
        "status",
        .object(
          [
            ("code", .int(status.code.rawValue)), ("name", .string(status.code.canonicalName)),
            ("message", .string(status.message)),
          ] + detailsJSON())
      ),
    ]
    if let httpStatus = result.httpStatus { members.append(("http_status", .int(httpStatus))) }
    members += [
      ("headers", Self.json(result.headers)),
      ("trailers", Self.json(result.trailers)),
      ("requests", .array(requests.map(JSONNode.embedded))),
      (
        "responses",
        .array(
          result.messages.map { message in
            (try? catalog.compactJSONText(catalog.decode(message, as: method.outputType)))
              .map(JSONNode.embedded)
              ?? .object([("undecodable_hex", .string(HexDump.hex(message)))])
          })
      ),
    ]
    if let body = result.outcome.nonGRPCBody {
      members.append(
        (
          "body",
          .object([
            ("content_type", body.contentType.map(JSONNode.string) ?? .null),
            ("text", .string(String(decoding: body.bytes, as: UTF8.self))),
          ])
        ))
    }
    members.append(("frames", .array(frames.map(frameJSON))))
    members.append(
      (
        "timing",
        .object([
          ("connect_us", .int(Int(timing.connectNanos / 1000))),
          ("first_response_us", timing.firstResponseNanos.map { .int(Int($0 / 1000)) } ?? .null),
          ("total_us", .int(Int(timing.totalNanos / 1000))),
        ])
      ))
    if let reason = connectionCloseReason { members.append(("connection_closed", .string(reason))) }
    return .object(members)
  }

  /// `details`: the rich error model's details as proto3 JSON, when the trailers carry them.
  private func detailsJSON() -> [(String, JSONNode)] {
    guard let details = StatusDetails(trailers: result.trailers, catalog: catalog) else {
      return []
    }
    var members: [(String, JSONNode)] = [
      ("details", .array(details.details.map { $0 }))
    ]
    if let problem = details.problem { members.append(("details_problem", .string(problem))) }
    return members
  }

  private static func json(_ metadata: Metadata) -> JSONNode {
    .array(
      metadata.map { key, value in
        let text: String =
          switch value {
          case .string(let text): text
          case .binary(let bytes): Base64.encode(bytes)
          }
        return .object([("name", .string(key)), ("value", .string(text))])
      })
  }

  private func frameJSON(_ captured: CapturedItem) -> JSONNode {
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
