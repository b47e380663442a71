import GRPCCore
import Wire
import WireFormat

extension ExplorerState {
  mutating func handle(_ event: CallEvent, of id: Int) -> [Effect] {
    guard let index = index(ofCall: id) else { return [] }
    switch event {
    case .started(let streamID, _):
      calls[index].streamID = streamID
    case .captured(let items):
      for item in items {
        calls[index].insertFrame(FrameEntry(item, startNanos: calls[index].startNanos))
      }
    case .responseHeaders(_, let metadata):
      calls[index].responseHeaders = Self.lines(of: metadata)
    case .trailers(let trailers):
      calls[index].trailers = Self.lines(of: trailers)
      if let details = StatusDetails(trailers: trailers, catalog: catalog) {
        calls[index].errorDetails =
          details.details.map(JSONWriter.compact) + (details.problem.map { [$0] } ?? [])
      }
    case .message(let bytes):
      calls[index].turns.append(.reply(replyText(bytes, path: calls[index].path)))
    case .finished(let outcome):
      // Already ended here (cut off when the explorer quit): written to history then.
      guard calls[index].phase == .running else { return [] }
      calls[index].phase = .finished
      var message = InertText.make(outcome.status.message)
      let switchedOff = targetIsEmbedded && (server == .off || server == .stopping)
      if let reason = cutOffReasons.removeValue(forKey: id), outcome.status.code != .ok {
        message += " — \(reason)"
      } else if outcome.connectionFailed, switchedOff {
        message += " — embedded server is off (F2)"
      } else if switchedOff, [.cancelled, .unavailable].contains(outcome.status.code) {
        message += " — the embedded server was switched off (F2)"
      }
      calls[index].ending = CallRecord.Ending(
        code: outcome.status.code.rawValue, name: outcome.status.code.canonicalName,
        message: message, totalMicros: Int(outcome.timing.totalNanos / 1000))
      if openStream == id { openStream = nil }
      return [.recordHistory(id: id)]
    }
    return []
  }

  /// `name: value` lines, inert; binary values in base64, as `-bin` headers are written.
  static func lines(of metadata: Metadata) -> [String] {
    metadata.map { entry in
      switch entry.value {
      case .string(let text): InertText.make("\(entry.key): \(text)")
      case .binary(let bytes): InertText.make("\(entry.key): \(Base64.encode(bytes))")
      }
    }
  }

  mutating func handle(_ event: ConnectionEvent) {
    title.apply(event)
    switch event {
    case .connected, .closed:
      break
    case .captured(let item, _):
      // Connection-level frames belong to the call that is current when they pass.
      guard let index = calls.indices.last, calls[index].frames != nil else { return }
      let entry = FrameEntry(item, startNanos: calls[index].startNanos)
      calls[index].insertFrame(entry)
    }
  }

  /// A reply as the transcript shows it, read with the catalog: the text of its one string field
  /// (HelloReply.message), or its proto3 JSON laid out on lines; without a schema for it, its
  /// fields by number.
  func replyText(_ bytes: [UInt8], path: String) -> String {
    if let method = catalog.method(path: path) {
      do {
        let message = try catalog.decode(bytes, as: method.outputType)
        if catalog.messageList[message.type].soleStringField != nil {
          if case .string(let text)? = message.value(at: 0) { return InertText.make(text) }
          return ""
        }
        return InertText.make(try catalog.jsonText(message), keepNewlines: true)
      } catch {
        return
          "(\(bytes.count) bytes that are not a \(method.outputType): \(InertText.make("\(error)")))"
      }
    }
    return Self.schemalessReplyText(bytes, path: path)
  }

  static func schemalessReplyText(_ bytes: [UInt8], path: String) -> String {
    guard let fields = ProtobufDecoder().decode(bytes, spans: [0..<bytes.count]) else {
      return "(\(bytes.count) bytes that are not a protobuf message)"
    }
    if fields.count == 1, case .string(let text) = fields[0].value {
      return InertText.make(text)
    }
    return InertText.make(fields.map(\.shortDescription).joined(separator: ", "))
  }
}
