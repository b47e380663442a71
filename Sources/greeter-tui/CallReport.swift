import Discovery
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
  /// The TLS handshake's facts, over TLS.
  var tls: TLSFacts?
  /// Where the schema came from, for a server that was asked (not the embedded one).
  var discovery: Discovery?

  // MARK: - Text

  func text(withFrames: Bool) -> String {
    var lines: [String] = []
    lines.append("Calling \(method.path) (\(method.kind.rawValue)) on \(target)")
    if let tls { lines += TLSReport(facts: tls).lines }
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
      if let discovery, !discovery.calls.isEmpty {
        lines.append("")
        lines += DiscoveryReport(discovery: discovery).frameLines()
      }
      lines.append("")
      lines.append("Frames (\(frames.count)):")
      lines += FrameReport(catalog: catalog, startNanos: startNanos).lines(frames)
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
    if let tls { members.append(("tls", TLSReport(facts: tls).json)) }
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
    members.append(("frames", FrameReport(catalog: catalog, startNanos: startNanos).json(frames)))
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
    if let discovery { members.append(("discovery", DiscoveryReport(discovery: discovery).json())) }
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
}
