/// A request as the user wrote it: the message type and its proto3 JSON. It travels like that
/// from the composer through effects, the call, history, rerun and copy-as-grpcurl, and becomes
/// bytes (with the catalog in effect) only when it is sent.
public struct RequestDraft: Sendable, Hashable {
  /// Full name of the message type (`helloworld.HelloRequest`).
  public var typeName: String
  /// One JSON object, as typed or built (`{"name":"Ada"}`).
  public var json: String

  public init(typeName: String, json: String) {
    self.typeName = typeName
    self.json = json
  }

  /// The JSON on one line (the composer's is laid out on many): for a transcript line or a
  /// command line. Text that does not parse is given as it is.
  public var compactJSON: String {
    guard json.contains(where: \.isNewline), let node = try? JSONParser.parse(json) else {
      return json
    }
    return JSONWriter.compact(node)
  }
}

extension Catalog {
  /// The draft a one-line prompt builds: for a type whose only field is a string (HelloRequest),
  /// `text` is that string; for any other type, `text` is the JSON itself (blank means `{}`).
  public func draft(from text: String, as typeName: String) -> RequestDraft {
    // Through the codec, so a type with its own JSON form (StringValue: a bare string) gets it.
    if let message = soleStringMessage(text, as: typeName),
      let json = try? compactJSONText(message)
    {
      return RequestDraft(typeName: typeName, json: json)
    }
    let blank = text.allSatisfy(\.isWhitespace)
    return RequestDraft(typeName: typeName, json: blank ? "{}" : text)
  }

  /// A message of `typeName` whose only field, a string, holds `text` (HelloRequest for a
  /// name); nil for a type that is not like that.
  public func soleStringMessage(_ text: String, as typeName: String) -> DynamicMessage? {
    guard let descriptor = message(typeName), descriptor.soleStringField != nil else {
      return nil
    }
    var message = DynamicMessage(descriptor, in: self)
    // Implicit presence: the empty string is no value.
    if !text.isEmpty || descriptor.fields[0].hasPresence {
      message.values[0] = .single(.string(text))
    }
    return message
  }

  /// The draft's message in binary, or a `CodecError`/`CatalogError` saying why it does not fit.
  public func encode(_ draft: RequestDraft) throws -> [UInt8] {
    try encode(decodeJSON(draft.json, as: draft.typeName))
  }

  /// The draft as one line in a transcript: the string itself for a one-string-field type (what
  /// the prompt took), else its JSON.
  public func shownText(of draft: RequestDraft) -> String {
    guard message(draft.typeName)?.soleStringField != nil,
      let message = try? decodeJSON(draft.json, as: draft.typeName)
    else { return draft.compactJSON }
    if case .string(let text)? = message.value(at: 0) { return text }
    return ""
  }
}
