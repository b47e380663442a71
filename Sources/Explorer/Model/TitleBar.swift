import Wire

/// The title bar's model: where calls go, how the connection, the embedded server and the
/// discovery stand, and the metadata in effect; it draws itself.
public struct TitleBar: Sendable, Equatable {
  public private(set) var target: String
  /// Whether the target is the embedded server (so F2 explains a refused connection).
  public private(set) var targetIsEmbedded: Bool
  public private(set) var connection = ConnectionStatus.idle
  /// Headers and deadline sent with every call (and discovery) to the target.
  public private(set) var requestSettings = RequestSettings()
  public private(set) var discovery = DiscoveryStatus.none
  public private(set) var server = ServerStatus.off
  /// What the TLS handshake of the current connection settled; nil on plaintext.
  public private(set) var tls: TLSFacts?

  public init(target: String, targetIsEmbedded: Bool) {
    self.target = target
    self.targetIsEmbedded = targetIsEmbedded
  }

  /// The embedded server picked its port (`--port 0`): the target follows it.
  mutating func follow(embeddedAddress: String) {
    target = embeddedAddress
  }

  /// `t`/F4: calls go to `newTarget` from now on, not connected yet, with none of the old
  /// target's headers (a bearer token is not the new server's), discovering it.
  mutating func switchTarget(to newTarget: String) {
    target = newTarget
    targetIsEmbedded = false
    tls = nil
    requestSettings = RequestSettings()
    connection = .idle
    discovery = .running("reflection")
  }

  mutating func update(server: ServerStatus) { self.server = server }
  mutating func update(discovery: DiscoveryStatus) { self.discovery = discovery }
  mutating func update(settings: RequestSettings) { requestSettings = settings }

  /// The client's connection news; closes of earlier connections (drained after a GOAWAY) are
  /// not news.
  mutating func apply(_ event: ConnectionEvent) {
    switch event {
    case .connected(_, let id, let facts):
      connection = .connected(id: id)
      tls = facts
    case .closed(let reason, let id):
      if case .connected(let current) = connection, current != id { return }
      connection = .closed(reason.map { InertText.make($0) })
    case .captured:
      break
    }
  }

  func draw(_ grid: inout Grid, _ rect: Rect) {
    grid.fill(x: rect.x, y: rect.y, width: rect.width, height: 1, style: Theme.titleBar)
    let connectionText: String
    switch connection {
    case .idle: connectionText = "not connected"
    case .connected:
      connectionText =
        switch tls {
        case nil: "connected"
        case let facts? where facts.verified: "connected 🔒 \(facts.version)"
        case let facts?: "connected ⚠ \(facts.version) NOT VERIFIED"
        }
    case .closed: connectionText = "disconnected"
    }
    let serverText: String
    switch server {
    case .off: serverText = "○ server off"
    case .starting: serverText = "◌ server starting"
    case .stopping: serverText = "◌ server stopping"
    case .on(let address): serverText = "● server \(address)"
    case .failed(let message): serverText = "✗ server: \(message)"
    }
    var text = " greeter-tui │ → \(target) \(connectionText) "
    if !requestSettings.isEmpty { text += "· \(InertText.make(requestSettings.summary)) " }
    text += "│ \(serverText) "
    switch discovery {
    case .none: break
    case .running(let how): text += "│ discovering… (\(how)) "
    case .found(let what): text += "│ \(what) "
    case .failed(let why): text += "│ ✗ \(why) "
    }
    grid.put(
      TextWrap.truncated(text, width: rect.width), x: rect.x, y: rect.y, style: Theme.titleBar)
  }
}
