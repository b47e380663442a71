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
    var host: Substring
    let portText: Substring
    if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
      host = text[text.index(after: text.startIndex)..<close]
      let rest = text[text.index(after: close)...]
      guard rest.hasPrefix(":") else { return nil }
      portText = rest.dropFirst()
    } else {
      guard let colon = text.lastIndex(of: ":") else { return nil }
      host = text[..<colon]
      portText = text[text.index(after: colon)...]
      if host.contains(":") { return nil }  // an IPv6 literal needs brackets
    }
    if host.isEmpty { host = "127.0.0.1" }
    guard let port = Int(portText), (1...65535).contains(port) else { return nil }
    self.init(host: String(host), port: port)
  }

  public var description: String {
    host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
  }
}
