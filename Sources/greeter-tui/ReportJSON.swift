import WireFormat

/// What `call --json` builds its document from; `JSONWriter` writes it (every character that
/// could act on a terminal escaped, so the output is safe to print as is).
extension JSONNode {
  static func int(_ value: Int) -> JSONNode { .number(String(value)) }

  /// JSON text made elsewhere (the codec's output), as a node of this document; text that does
  /// not parse is kept as a string rather than lost.
  static func embedded(_ text: String) -> JSONNode {
    (try? JSONParser.parse(text)) ?? .string(text)
  }
}
