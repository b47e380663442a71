import Foundation
import Wire

/// A finished call as one line of `history.jsonl`, and back. The line keeps what the transcript
/// shows and each frame's bytes, summary and header fields (not the decoder's state: HPACK's
/// dynamic table belongs to the connection, so old frames are not decoded again).
public enum HistoryCodec {
  /// Frame summaries name message fields from `catalog`, the one in effect when the call ended.
  public static func line(for call: CallRecord, catalog: Catalog? = nil) -> String {
    var object: [String: Any] = [
      "v": 1,
      "id": call.id,
      "method": call.method,
      "path": call.path,
      "kind": call.kind.rawValue,
      "started_at": call.startedAt,
      "turns": call.turns.map { turn -> [String: String] in
        switch turn {
        case .request(let text): ["request": text]
        case .reply(let text): ["reply": text]
        }
      },
    ]
    if let ending = call.ending {
      object["status"] = ["code": ending.code, "name": ending.name, "message": ending.message]
      object["total_us"] = ending.totalMicros
    }
    if let stream = call.streamID { object["stream"] = Int(stream) }
    if !call.errorDetails.isEmpty { object["details"] = call.errorDetails }
    if !call.drafts.isEmpty {
      object["requests"] = call.drafts.map { ["type": $0.typeName, "json": $0.json] }
    }
    object["frames"] = (call.frames ?? []).map { frameObject($0, catalog: catalog) }
    let data =
      (try? JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes]))
      ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self)
  }

  private static func frameObject(_ frame: FrameEntry, catalog: Catalog?) -> [String: Any] {
    var object: [String: Any] = [
      "dir": frame.direction.rawValue, "t_us": frame.micros, "type": frame.typeName,
      "stream": Int(frame.streamID), "flags": frame.flags, "length": frame.length,
      "summary": frame.summary(in: catalog), "hex": Hex.string(frame.bytes),
    ]
    if let error = frame.error { object["error"] = error }
    let headers: [[String]]
    if let decoded = frame.decoded {
      switch decoded.payload {
      case .headers(let payload), .continuation(let payload), .pushPromise(_, let payload):
        headers =
          payload.block?.fields.map { [$0.name, $0.value, $0.representation.summary] } ?? []
      default:
        headers = []
      }
    } else {
      headers = frame.storedHeaders
    }
    if !headers.isEmpty { object["headers"] = headers }
    return object
  }

  /// The call a history line describes, without its frames (`frames(from:)` reads those when
  /// needed); nil when the line is not a call.
  public static func call(from line: Substring) -> CallRecord? {
    guard let object = parse(line),
      let id = object["id"] as? Int, let method = object["method"] as? String,
      let path = object["path"] as? String
    else { return nil }
    let kind = (object["kind"] as? String).flatMap(CallKind.init(rawValue:)) ?? .unary
    let turns: [CallRecord.Turn] = (object["turns"] as? [[String: String]] ?? []).compactMap {
      if let text = $0["request"] { return .request(InertText.make(text)) }
      if let text = $0["reply"] { return .reply(InertText.make(text)) }
      return nil
    }
    var record = CallRecord(
      id: id, method: InertText.make(method), path: path, kind: kind, turns: turns,
      phase: .finished,
      startedAt: object["started_at"] as? Double ?? 0, frames: nil)
    if let status = object["status"] as? [String: Any] {
      record.ending = CallRecord.Ending(
        code: status["code"] as? Int ?? 2,
        name: InertText.make(status["name"] as? String ?? "UNKNOWN"),
        message: InertText.make(status["message"] as? String ?? ""),
        totalMicros: object["total_us"] as? Int ?? 0)
    }
    record.streamID = (object["stream"] as? Int).map { UInt32(clamping: $0) }
    record.errorDetails = object["details"] as? [String] ?? []
    record.drafts = (object["requests"] as? [[String: String]] ?? []).compactMap {
      guard let type = $0["type"], let json = $0["json"] else { return nil }
      return RequestDraft(typeName: type, json: json)
    }
    return record
  }

  public static func frames(from line: Substring) -> [FrameEntry]? {
    guard let object = parse(line), let frames = object["frames"] as? [[String: Any]] else {
      return nil
    }
    return frames.map { frame in
      FrameEntry(
        direction: frame["dir"] as? String == "in" ? .inbound : .outbound,
        micros: frame["t_us"] as? Int ?? 0,
        typeName: InertText.make(frame["type"] as? String ?? "?"),
        streamID: UInt32(clamping: frame["stream"] as? Int ?? 0),
        flags: (frame["flags"] as? [String] ?? []).map { InertText.make($0) },
        length: frame["length"] as? Int ?? 0,
        summary: InertText.make(frame["summary"] as? String ?? ""),
        bytes: Hex.bytes(frame["hex"] as? String ?? ""),
        error: (frame["error"] as? String).map { InertText.make($0) },
        storedHeaders: (frame["headers"] as? [[String]] ?? []).map { $0.map { InertText.make($0) } }
      )
    }
  }

  private static func parse(_ line: Substring) -> [String: Any]? {
    guard !line.isEmpty else { return nil }
    return (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
  }
}
