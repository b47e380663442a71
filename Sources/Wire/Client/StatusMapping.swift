import GRPCCore

/// The gRPC spec's rules for turning what arrived on the wire into a status.
enum StatusMapping {
  /// RST_STREAM error codes, per the gRPC over HTTP/2 spec ("Errors").
  static func status(forReset code: UInt32) -> Status.Code {
    switch code {
    case 0x7: .unavailable  // REFUSED_STREAM: not processed, safe to retry
    case 0x8: .cancelled
    case 0xB: .resourceExhausted  // ENHANCE_YOUR_CALM
    case 0xC: .permissionDenied  // INADEQUATE_SECURITY
    default: .internalError
    }
  }

  /// `grpc-message` is percent-encoded UTF-8; bytes that do not decode are kept as written.
  static func percentDecoded(_ text: String) -> String {
    guard text.contains("%") else { return text }
    var bytes: [UInt8] = []
    var utf8 = Array(text.utf8)[...]
    while let byte = utf8.popFirst() {
      if byte == UInt8(ascii: "%"), utf8.count >= 2,
        let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16)
      {
        bytes.append(value)
        utf8 = utf8.dropFirst(2)
      } else {
        bytes.append(byte)
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// `grpc-timeout`: at most 8 digits and a unit, the finest unit that fits (rounded up).
  static func timeoutHeader(_ duration: Duration) -> String {
    let nanos = duration.wholeNanoseconds
    let units: [(Int64, String)] = [
      (1, "n"), (1_000, "u"), (1_000_000, "m"), (1_000_000_000, "S"), (60_000_000_000, "M"),
      (3_600_000_000_000, "H"),
    ]
    for (size, unit) in units {
      let value = (nanos + size - 1) / size
      if value < 100_000_000 { return "\(value)\(unit)" }
    }
    return "99999999H"
  }
}
