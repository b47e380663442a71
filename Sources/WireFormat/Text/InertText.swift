/// Makes text from a peer safe to put on a terminal: every character that could move the cursor,
/// change colors or the title (C0/C1 controls, hence ESC/CSI/OSC sequences) or reorder text (bidi
/// controls) becomes a visible symbol that does nothing, so the user sees what was sent.
public enum InertText {
  /// - Parameter keepNewlines: keep `\n` as a line break (for multi-line bodies); otherwise it is
  ///   shown as `␊` like every other control.
  public static func make(_ text: String, keepNewlines: Bool = false) -> String {
    // Printable ASCII (and newlines, when kept) is inert as it is: the same string back,
    // without rebuilding it scalar by scalar.
    if text.utf8.allSatisfy({ (0x20..<0x7F).contains($0) || keepNewlines && $0 == 0x0A }) {
      return text
    }
    var result = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      if keepNewlines && scalar == "\n" {
        result.append(scalar)
      } else if let symbol = symbol(for: scalar) {
        result.append(contentsOf: symbol.unicodeScalars)
      } else {
        result.append(scalar)
      }
    }
    return String(result)
  }

  /// Bytes that should be UTF-8 text: invalid sequences become U+FFFD, then as `make`.
  public static func make(utf8 bytes: some Collection<UInt8>, keepNewlines: Bool = false) -> String
  {
    make(String(decoding: bytes, as: UTF8.self), keepNewlines: keepNewlines)
  }

  /// Whether `text` has nothing `make` would change.
  public static func isInert(_ text: String) -> Bool {
    !text.unicodeScalars.contains { symbol(for: $0) != nil }
  }

  /// The visible stand-in for a dangerous scalar, or nil for a harmless one.
  static func symbol(for scalar: Unicode.Scalar) -> String? {
    switch scalar.value {
    case 0x00...0x1F:
      // Control Pictures: ␀ … ␟, ␛ for ESC.
      return String(Unicode.Scalar(0x2400 + scalar.value)!)
    case 0x7F:
      return "␡"
    case 0x80...0x9F:
      return "⟨C1 " + String(scalar.value, radix: 16, uppercase: true) + "⟩"
    default:
      return bidiNames[scalar.value].map { "⟨\($0)⟩" }
    }
  }

  /// Unicode's bidirectional formatting characters (UAX #9), which can make text display in an
  /// order other than the one it has ("Trojan Source").
  static let bidiNames: [UInt32: String] = [
    0x061C: "ALM", 0x200E: "LRM", 0x200F: "RLM", 0x202A: "LRE", 0x202B: "RLE", 0x202C: "PDF",
    0x202D: "LRO", 0x202E: "RLO", 0x2066: "LRI", 0x2067: "RLI", 0x2068: "FSI", 0x2069: "PDI",
    0x2028: "LSEP", 0x2029: "PSEP",
  ]
}
