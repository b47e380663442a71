/// A parsed (or built) JSON value and where it starts in the source.
public struct JSONNode: Sendable {
  public indirect enum Kind: Sendable {
    case null
    case bool(Bool)
    /// The number exactly as written (validated against RFC 8259's grammar), so that 64-bit integers and
    /// exact decimals reach the codec unrounded.
    case number(String)
    case string(String)
    case array([JSONNode])
    /// Members in source order; duplicate keys are kept (the caller decides whether they are an error).
    case object([Member])
  }

  /// One `"key": value` pair of an object.
  public struct Member: Sendable {
    public var key: String
    /// Where the key's opening quote is (the value's own position is `value.position`).
    public var keyPosition: JSONPosition
    public var value: JSONNode

    public init(key: String, keyPosition: JSONPosition, value: JSONNode) {
      self.key = key
      self.keyPosition = keyPosition
      self.value = value
    }
  }

  public var kind: Kind
  /// Where the value starts: its first character (`{`, `[`, `"`, `-`, a digit, `t`, `f` or `n`).
  public var position: JSONPosition

  public init(_ kind: Kind, at position: JSONPosition) {
    self.kind = kind
    self.position = position
  }
}

// Convenience constructors for building output without positions (`JSONPosition.synthetic`).
extension JSONNode {
  public static func object(_ members: [(String, JSONNode)]) -> JSONNode {
    let members = members.map { Member(key: $0.0, keyPosition: .synthetic, value: $0.1) }
    return JSONNode(.object(members), at: .synthetic)
  }

  public static func array(_ items: [JSONNode]) -> JSONNode {
    JSONNode(.array(items), at: .synthetic)
  }

  public static func string(_ text: String) -> JSONNode {
    JSONNode(.string(text), at: .synthetic)
  }

  /// `literal` is written out as given: the caller passes RFC 8259 number text (`"-12"`, `"1.5e-3"`).
  public static func number(_ literal: String) -> JSONNode {
    JSONNode(.number(literal), at: .synthetic)
  }

  public static func bool(_ value: Bool) -> JSONNode {
    JSONNode(.bool(value), at: .synthetic)
  }

  public static let null = JSONNode(.null, at: .synthetic)
}
