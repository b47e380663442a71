/// One field of a protobuf message as encoded (wire format), named when a schema knows it.
public struct ProtobufField: Sendable, Hashable {
  public var number: Int
  public var wireType: ProtobufWireType
  public var value: ProtobufValue
  /// The field's bytes (tag, length and value).
  public var spans: ByteSpans
  /// From the schema: the field's name and declared type (`string`, `helloworld.HelloReply`, …).
  public var name: String?
  public var declaredType: String?
}

public enum ProtobufWireType: UInt8, Sendable, Hashable {
  case varint = 0
  case fixed64 = 1
  case lengthDelimited = 2
  case startGroup = 3
  case endGroup = 4
  case fixed32 = 5
}

public indirect enum ProtobufValue: Sendable, Hashable {
  case varint(UInt64)
  case fixed64(UInt64)
  case fixed32(UInt32)
  /// A length-delimited value that is valid, printable UTF-8 (or declared `string`).
  case string(String)
  /// A length-delimited value that parses as a message (or is declared as one).
  case message([ProtobufField])
  case bytes([UInt8])
}

extension ProtobufValue {
  /// The varint read as a zigzag-encoded signed number (sint32/sint64).
  public static func zigzag(_ value: UInt64) -> Int64 {
    Int64(bitPattern: (value >> 1) ^ (0 &- (value & 1)))
  }
}
