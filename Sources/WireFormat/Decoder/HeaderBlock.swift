/// A complete HPACK header block (HEADERS or PUSH_PROMISE plus any CONTINUATION frames).
public struct HeaderBlock: Sendable {
  public var entries: [HPACKEntry]
  /// Why decoding stopped early (the entries before it are kept), or nil.
  public var error: String?

  public var fields: [HeaderField] {
    entries.compactMap { if case .field(let field) = $0 { field } else { nil } }
  }

  /// The first field called `name`. Walks the entries without building `fields`: the decoder
  /// asks this of every block it closes.
  public func value(_ name: String) -> String? {
    for case .field(let field) in entries where field.name == name { return field.value }
    return nil
  }
}

public enum HPACKEntry: Sendable {
  case field(HeaderField)
  /// A dynamic table size update (RFC 7541 §6.3).
  case tableSizeUpdate(size: Int, spans: ByteSpans)
}

/// One header field and how it was encoded: what HPACK teaches is in `representation` and the
/// Huffman flags.
public struct HeaderField: Sendable, Hashable {
  public var name: String
  public var value: String
  public var representation: HPACKRepresentation
  /// Nil when the name came from the table; otherwise whether its literal was Huffman-coded.
  public var nameHuffman: Bool?
  /// Nil for an indexed field; otherwise whether the value literal was Huffman-coded.
  public var valueHuffman: Bool?
  public var spans: ByteSpans
}

/// The four ways RFC 7541 §6 encodes a field.
public enum HPACKRepresentation: Sendable, Hashable {
  /// The whole field from the static or dynamic table.
  case indexed(index: Int)
  /// A literal added to the dynamic table; the name indexed when `nameIndex` is set.
  case literalWithIndexing(nameIndex: Int?)
  case literalWithoutIndexing(nameIndex: Int?)
  /// A literal intermediaries must never index (sensitive values).
  case literalNeverIndexed(nameIndex: Int?)

  /// A short English description, e.g. "literal with indexing, name indexed (4)".
  public var summary: String {
    switch self {
    case .indexed(let index):
      return "indexed (\(index)\(index <= 61 ? ", static" : ", dynamic"))"
    case .literalWithIndexing(let name): return "literal with indexing" + Self.name(name)
    case .literalWithoutIndexing(let name): return "literal without indexing" + Self.name(name)
    case .literalNeverIndexed(let name): return "literal never indexed" + Self.name(name)
    }
  }

  private static func name(_ index: Int?) -> String {
    index.map { ", name indexed (\($0))" } ?? ", literal name"
  }
}
