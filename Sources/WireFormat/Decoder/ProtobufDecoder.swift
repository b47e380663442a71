/// Decodes protobuf wire format without generated code: field numbers, wire types and values,
/// like `protoc --decode_raw`, with each field's byte spans; a `Catalog` adds names and types.
///
/// Written here rather than taken from swift-protobuf because swift-protobuf decodes only into
/// generated types and does not report where each field's bytes are.
public struct ProtobufDecoder: Sendable {
  /// Nested messages deeper than this are shown as bytes: hostile input cannot recurse forever.
  public var maxDepth = 16
  public var catalog: Catalog?

  public init(catalog: Catalog? = nil) {
    self.catalog = catalog
  }

  /// The fields of `bytes`, or nil when they are not a valid message.
  /// - Parameters:
  ///   - spans: where `bytes` lie in the direction's stream (one span, or several when the message
  ///     was split across frames).
  ///   - messageType: the full name of the message type in the catalog, if known.
  public func decode(_ bytes: [UInt8], spans: ByteSpans, messageType: String? = nil)
    -> [ProtobufField]?
  {
    decode(bytes[...], locator: SpanLocator(spans), messageType: messageType, depth: 0)
  }

  private func decode(
    _ bytes: ArraySlice<UInt8>,
    locator: SpanLocator,
    messageType: String?,
    depth: Int
  ) -> [ProtobufField]? {
    let message = messageType.flatMap { catalog?.message($0) }
    var fields: [ProtobufField] = []
    var index = bytes.startIndex
    while index < bytes.endIndex {
      let start = index
      guard let tag = Self.varint(bytes, &index), tag >> 3 != 0, tag >> 3 <= 536_870_911,
        let wireType = ProtobufWireType(rawValue: UInt8(tag & 7))
      else { return nil }
      let number = Int(tag >> 3)
      let declared = message?.field(number: Int32(number))
      let value: ProtobufValue
      switch wireType {
      case .varint:
        guard let varint = Self.varint(bytes, &index) else { return nil }
        value = .varint(varint)
      case .fixed64:
        guard let raw = Self.littleEndian(bytes, &index, count: 8) else { return nil }
        value = .fixed64(raw)
      case .fixed32:
        guard let raw = Self.littleEndian(bytes, &index, count: 4) else { return nil }
        value = .fixed32(UInt32(raw))
      case .lengthDelimited:
        guard let length = Self.varint(bytes, &index), length <= UInt64(bytes.endIndex - index)
        else { return nil }
        let contentStart = index
        index += Int(length)
        value = lengthDelimited(
          bytes[contentStart..<index],
          locator: locator,
          declared: declared,
          depth: depth
        )
      case .startGroup, .endGroup:
        return nil  // groups are deprecated and not used by proto3; treat as not a message
      }
      // Slices keep the indices of the whole body, so indices are offsets within the message.
      fields.append(
        ProtobufField(
          number: number,
          wireType: wireType,
          value: value,
          spans: locator.spans(for: start..<index),
          name: declared?.name,
          declaredType: declared.map { $0.typeName ?? $0.kind.protoName }
        )
      )
    }
    return fields
  }

  private func lengthDelimited(
    _ content: ArraySlice<UInt8>,
    locator: SpanLocator,
    declared: FieldDescriptor?,
    depth: Int
  ) -> ProtobufValue {
    switch declared?.kind {
    case .string?:
      return .string(String(decoding: content, as: UTF8.self))
    case .bytes?:
      return .bytes(Array(content))
    case .message? where depth < maxDepth:
      return decode(content, locator: locator, messageType: declared?.typeName, depth: depth + 1)
        .map(ProtobufValue.message) ?? .bytes(Array(content))
    default:
      // Without a schema: printable text first (a short string is often also a valid message),
      // then a nested message, then bytes.
      if let text = String(validating: content, as: UTF8.self), text.allSatisfy(\.isReadable) {
        return .string(text)
      }
      if depth < maxDepth, !content.isEmpty,
        let fields = decode(content, locator: locator, messageType: nil, depth: depth + 1)
      {
        return .message(fields)
      }
      return .bytes(Array(content))
    }
  }

  static func varint(_ bytes: ArraySlice<UInt8>, _ index: inout Int) -> UInt64? {
    var result: UInt64 = 0
    var shift: UInt64 = 0
    while index < bytes.endIndex, shift < 64 {
      let byte = bytes[index]
      index += 1
      result |= UInt64(byte & 0x7F) << shift
      if byte & 0x80 == 0 { return result }
      shift += 7
    }
    return nil
  }

  private static func littleEndian(_ bytes: ArraySlice<UInt8>, _ index: inout Int, count: Int)
    -> UInt64?
  {
    guard bytes.endIndex - index >= count else { return nil }
    var result: UInt64 = 0
    for offset in 0..<count { result |= UInt64(bytes[index + offset]) << (8 * UInt64(offset)) }
    index += count
    return result
  }
}

extension Character {
  /// Text a person can read: no control characters (newline and tab allowed).
  fileprivate var isReadable: Bool {
    if self == "\n" || self == "\t" || self == "\r\n" { return true }
    return !unicodeScalars.contains { $0.properties.generalCategory == .control }
  }
}
