extension ProtobufDecoder {
  /// The first top-level string (length-delimited) field `number` of a serialized message, read
  /// without decoding the rest: a FileDescriptorProto's name, say. Nil when the bytes do not
  /// lead to one, or it is not UTF-8.
  public static func stringField(_ number: UInt64, in bytes: [UInt8]) -> String? {
    let slice = bytes[...]
    var index = slice.startIndex
    while index < slice.endIndex {
      guard let key = varint(slice, &index) else { return nil }
      switch key & 7 {
      case 0: guard varint(slice, &index) != nil else { return nil }
      case 1: index += 8
      case 5: index += 4
      case 2:
        guard let length = varint(slice, &index), length <= UInt64(slice.endIndex - index)
        else { return nil }
        let end = index + Int(length)
        if key >> 3 == number { return String(validating: slice[index..<end], as: UTF8.self) }
        index = end
      default: return nil
      }
    }
    return nil
  }
}
