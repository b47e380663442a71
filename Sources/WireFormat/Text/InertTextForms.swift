/// The other shapes text from a peer takes in text output, made inert the same way as `make`, so
/// that a control reads `␛` whether it is in a status message, a quoted string in a frame summary
/// or a proto3 JSON message.
extension InertText {
  /// `"…"` around `make(text)`: a string quoted in a summary or a log line.
  public static func quoted(_ text: String) -> String {
    "\"" + make(text) + "\""
  }

  /// JSON for reading on a terminal: inside strings, escapes of characters that `make` replaces
  /// (`\u001b`, `\n`, `\t`) become its symbols (`␛`, `␊`, `␉`); other escapes (`\"`, `\\`) stay,
  /// and raw controls become symbols too; line breaks between values (indented JSON) stay.
  /// Machine-readable output keeps the JSON as it is.
  public static func make(json: String) -> String {
    var result = String.UnicodeScalarView()
    var scalars = json.unicodeScalars.makeIterator()
    var inString = false
    while let scalar = scalars.next() {
      if scalar == "\"" { inString.toggle() }
      if !inString, scalar == "\n" {
        result.append(scalar)
        continue
      }
      guard inString, scalar == "\\", let escaped = scalars.next() else {
        append(scalar, to: &result)
        continue
      }
      if let control = shortEscapes[escaped] {
        append(control, to: &result)
      } else if escaped == "u" {
        var hex = ""
        while hex.unicodeScalars.count < 4, let digit = scalars.next() {
          hex.unicodeScalars.append(digit)
        }
        if let value = UInt32(hex, radix: 16), let named = Unicode.Scalar(value),
          symbol(for: named) != nil
        {
          append(named, to: &result)
        } else {
          result.append(contentsOf: "\\u\(hex)".unicodeScalars)
        }
      } else {
        result.append(contentsOf: ["\\", escaped])
      }
    }
    return String(result)
  }

  /// JSON's one-letter escapes of controls (RFC 8259, section 7).
  private static let shortEscapes: [Unicode.Scalar: Unicode.Scalar] = [
    "b": "\u{08}", "f": "\u{0C}", "n": "\n", "r": "\r", "t": "\t",
  ]

  private static func append(_ scalar: Unicode.Scalar, to result: inout String.UnicodeScalarView) {
    if let symbol = symbol(for: scalar) {
      result.append(contentsOf: symbol.unicodeScalars)
    } else {
      result.append(scalar)
    }
  }
}
