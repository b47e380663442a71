import Discovery
import Wire
import WireFormat

/// Where a command's schema came from, with the discovery calls and their frames: `discovery`
/// in `--json`, and the frames `--frames` prints ahead of the call's own.
struct DiscoveryReport {
  var discovery: Discovery

  /// The discovery's frames' clock: the first reflection call's start.
  private var startNanos: UInt64 {
    discovery.calls.first?.startNanos ?? discovery.frames.first?.uptimeNanos ?? 0
  }

  private var frameReport: FrameReport {
    FrameReport(catalog: discovery.catalog, startNanos: startNanos)
  }

  func json() -> JSONNode {
    var members: [(String, JSONNode)] = [("source", .string(discovery.source.rawValue))]
    if let tls = discovery.tls { members.append(("tls", TLSReport(facts: tls).json)) }
    return .object(
      members + [
        (
          "calls",
          .array(
            discovery.calls.map { call in
              var members: [(String, JSONNode)] = [
                ("method", .string(call.path)),
                ("requests", .array(call.requests.map(JSONNode.string))),
                ("responses", .int(call.responses)),
                (
                  "status",
                  .object([
                    ("code", .int(call.result.status.code.rawValue)),
                    ("name", .string(call.result.status.code.canonicalName)),
                    ("message", .string(call.result.status.message)),
                  ])
                ),
              ]
              if let http = call.result.httpStatus { members.append(("http_status", .int(http))) }
              return .object(members)
            })
        ),
        ("frames", frameReport.json(discovery.frames)),
      ])
  }

  /// `Discovery (reflection-v1, 2 calls, 14 frames):` and the frames, for `--frames`.
  func frameLines() -> [String] {
    var lines = [
      "Discovery (\(discovery.source.rawValue), \(discovery.calls.count) call\(discovery.calls.count == 1 ? "" : "s"), \(discovery.frames.count) frames):"
    ]
    if let tls = discovery.tls { lines += TLSReport(facts: tls).lines }
    for call in discovery.calls {
      let status = call.result.status
      lines.append(
        "  \(call.path): \(call.requests.count) asked, \(call.responses) answered, \(status.code.canonicalName)"
          + (status.message.isEmpty ? "" : ": " + InertText.make(status.message)))
    }
    lines += frameReport.lines(discovery.frames)
    return lines
  }
}
