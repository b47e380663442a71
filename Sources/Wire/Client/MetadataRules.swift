import WireFormat

/// What a request header and a deadline may be, checked before anything is sent, the same for
/// `-H`/`--deadline` and for the explorer's metadata dialog.
public enum MetadataRules {
  /// `name: value` → lowercase name and trimmed value; `-bin` values must be base64. The error
  /// says what is wrong, in words a user can act on.
  public static func header(_ text: String) -> Result<(name: String, value: String), RuleError> {
    guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else {
      return .failure(
        RuleError("a header is NAME:VALUE, not \(InertText.make(text.debugDescription))"))
    }
    let name = text[..<colon].trimmingCharacters(in: " \t").lowercased()
    let value = text[text.index(after: colon)...].trimmingCharacters(in: " \t")
    let token = Set("abcdefghijklmnopqrstuvwxyz0123456789-_.".unicodeScalars)
    guard !name.isEmpty, name.unicodeScalars.allSatisfy(token.contains) else {
      return .failure(
        RuleError(
          "header name \(InertText.make(name.debugDescription)) is not valid gRPC metadata (a-z 0-9 - _ . only)"
        ))
    }
    if name.hasPrefix("grpc-") {
      return .failure(RuleError("header \(name) is reserved for gRPC itself"))
    }
    // Set by the client itself, or forbidden in HTTP/2 (RFC 9113 §8.2.2).
    if [
      "content-type", "te", "connection", "keep-alive", "proxy-connection", "transfer-encoding",
      "upgrade", "host",
    ].contains(name) {
      return .failure(RuleError("header \(name) is set by the client or not allowed in HTTP/2"))
    }
    if name.hasSuffix("-bin") {
      // Sent as typed, so the standard alphabet only (gRPC's), padded or not.
      let standard = value.unicodeScalars.allSatisfy {
        ("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0)
          || "+/=".unicodeScalars.contains($0)
      }
      guard standard, Base64.decode(value) != nil else {
        return .failure(RuleError("\(name) is a binary header: its value must be base64"))
      }
    } else if !value.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) }) {
      return .failure(RuleError("\(name): ASCII values only (use a -bin header for bytes)"))
    }
    return .success((name, value))
  }

  /// The smallest and largest deadline: below 1 ms it passes before even a loopback call
  /// connects, and 99,999,999 s is as far as `grpc-timeout`'s eight digits go in seconds (about
  /// three years).
  public static let deadlineSeconds = 0.001...99_999_999.0

  /// A deadline given in seconds (`2.5`).
  public static func deadline(_ text: String) -> Result<Duration, RuleError> {
    // No hexadecimal (`0x10`): grpcurl's -max-time would not read it from a copied command.
    let decimal = !text.contains { $0 == "x" || $0 == "X" }
    guard decimal, let seconds = Double(text), !seconds.isNaN else {
      return .failure(
        RuleError("deadline takes a number of seconds, not \"\(InertText.make(text))\""))
    }
    guard seconds > 0 else {
      return .failure(RuleError("deadline must be positive, not \(text) (seconds)"))
    }
    guard seconds >= deadlineSeconds.lowerBound else {
      return .failure(RuleError("deadline must be at least 0.001 (1 ms), not \(text)"))
    }
    guard seconds <= deadlineSeconds.upperBound else {
      return .failure(RuleError("deadline must be at most 99999999 (seconds), not \(text)"))
    }
    return .success(.nanoseconds(Int64((seconds * 1e9).rounded())))
  }

  public struct RuleError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
  }
}

extension StringProtocol {
  fileprivate func trimmingCharacters(in set: String) -> String {
    let characters = Set(set)
    var slice = Substring(self)
    while let first = slice.first, characters.contains(first) { slice.removeFirst() }
    while let last = slice.last, characters.contains(last) { slice.removeLast() }
    return String(slice)
  }
}
