import Wire

/// Bytes as hex: a flat string for JSON, or `offset  16 bytes  |ASCII|` lines for people.
enum HexDump {
  static func hex(_ bytes: some Collection<UInt8>) -> String { Hex.string(bytes) }

  static func lines(_ bytes: [UInt8]) -> [String] {
    stride(from: 0, to: bytes.count, by: 16).map { start in
      let row = bytes[start..<min(start + 16, bytes.count)]
      var line = String(start, radix: 16).leftPadded(to: 4) + "  "
      for (index, byte) in row.enumerated() {
        line += hex([byte]) + (index == 7 ? "  " : " ")
      }
      line += String(repeating: " ", count: (16 - row.count) * 3 + (row.count <= 8 ? 1 : 0))
      line +=
        " |" + String(row.map { (0x20...0x7E).contains($0) ? Character(Unicode.Scalar($0)) : "." })
        + "|"
      return line
    }
  }
}
