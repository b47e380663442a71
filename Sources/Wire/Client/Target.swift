/// Where a client connects: `HOST:PORT`, with IPv6 literals in brackets (`[::1]:50051`).
public struct Target: Hashable, Sendable, CustomStringConvertible {
  public var host: String
  public var port: Int

  public init(host: String, port: Int) {
    self.host = host
    self.port = port
  }

  /// Parses `HOST:PORT`, `[IPv6]:PORT`, or `:PORT` (meaning 127.0.0.1).
  public init?(parsing text: String) {
    guard case .success(let target) = Self.parse(text) else { return nil }
    self = target
  }

  /// Why `text` is not a target, in words a command line can print.
  public struct ParseError: Error, Equatable, CustomStringConvertible {
    public var description: String
  }

  /// As `init?(parsing:)`, or what is wrong with `text`.
  public static func parse(_ text: String) -> Result<Target, ParseError> {
    var host: Substring
    let portText: Substring
    if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
      host = text[text.index(after: text.startIndex)..<close]
      let rest = text[text.index(after: close)...]
      guard rest.hasPrefix(":") else { return .failure(notHostPort) }
      portText = rest.dropFirst()
    } else {
      guard let colon = text.lastIndex(of: ":") else { return .failure(notHostPort) }
      host = text[..<colon]
      portText = text[text.index(after: colon)...]
      if host.contains(":") {
        return .failure(ParseError(description: "an IPv6 address needs brackets: [\(host)]:PORT"))
      }
    }
    if host.isEmpty { host = "127.0.0.1" }
    guard !portText.isEmpty, portText.allSatisfy({ ("0"..."9").contains($0) }) else {
      return .failure(
        ParseError(description: "port \"\(portText)\" is not a number from 1 to 65535"))
    }
    guard let port = Int(portText), (1...65535).contains(port) else {
      return .failure(ParseError(description: "port \(portText) is out of range (1-65535)"))
    }
    return .success(Target(host: String(host), port: port))
  }

  private static let notHostPort = ParseError(description: "not HOST:PORT ([::1]:PORT for IPv6)")

  public var description: String {
    host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
  }
}
