import Wire

/// Everything that changes the explorer goes through `ExplorerState.update` as one of these.
public enum ExplorerEvent: Sendable {
  case key(Key)
  /// Text the terminal marked as pasted: typed into the line being edited, newlines as spaces
  /// (a pasted newline is not Enter).
  case paste(String)
  case resize(width: Int, height: Int)
  /// Time passes: the clock of captured frames (uptime nanoseconds), for waiting times.
  case tick(nanos: UInt64)
  /// The explorer is ended from outside (a signal such as SIGHUP): running calls are written to
  /// history as cut off, then it quits.
  case terminate(reason: String)
  /// The client started the call at `startNanos` (the clock of captured frames), `wallClock`
  /// seconds since 1970 (for history): time reaches `update` in events, never read inside it.
  case callStarted(id: Int, startNanos: UInt64, wallClock: Double)
  /// Something happened on a call the explorer started.
  case call(id: Int, CallEvent)
  case connection(ConnectionEvent)
  case server(ServerStatus)
  /// Calls read from the history file at start (oldest first), and how many lines were skipped.
  case historyLoaded([CallRecord], skipped: Int, total: Int)
  /// The finished call was appended to the history file, its line starting at `offset`.
  case historyWritten(id: Int, offset: UInt64)
  /// An older call's frames, read back from the history file.
  case framesLoaded(id: Int, [FrameEntry])
  /// A message for the status line (e.g. the history file cannot be written).
  case notice(String)
  /// The schema in effect changed (discovery, files loaded): methods are listed from it, and
  /// frames already captured are named with it from now on.
  case catalog(Catalog)
  /// A discovered schema: methods are listed from `services` (the server's), fields named from
  /// the catalog.
  case schema(Catalog, services: [String])
  /// Where the schema stands, for the title bar.
  case discovery(DiscoveryStatus)
  /// A reflection stream of the discovery, finished: shown in the transcript as a call, with
  /// its frames (those of the discovery's connection included).
  case discoveryCall(DiscoveryCallSummary)
  /// The text the external editor (Ctrl-E) left in its file.
  case edited(String)
  /// The metadata and deadline for the target (from the command line, or remembered for it).
  case requestSettings(RequestSettings)
}

/// Where the schema of a target stands, as the title bar shows it.
public enum DiscoveryStatus: Sendable, Equatable {
  /// The embedded server's (known without asking).
  case none
  /// `discovering… (reflection v1)`
  case running(String)
  /// `reflection v1alpha · 4 services`
  case found(String)
  /// What went wrong, one line.
  case failed(String)
}

/// One reflection call of a discovery, as the transcript shows it.
public struct DiscoveryCallSummary: Sendable {
  public var path: String
  /// `list_services`, `file_containing_symbol pkg.Service`, ...
  public var asked: [String]
  public var answered: Int
  public var result: CallResult
  /// Its frames and the discovery connection's own.
  public var frames: [CapturedItem]
  public var startNanos: UInt64
  public var wallClock: Double
  /// Over TLS: the discovery connection's handshake, shown above the frames.
  public var tls: TLSFacts?

  public init(
    path: String, asked: [String], answered: Int, result: CallResult, frames: [CapturedItem],
    startNanos: UInt64, wallClock: Double, tls: TLSFacts? = nil
  ) {
    self.path = path
    self.asked = asked
    self.answered = answered
    self.result = result
    self.frames = frames
    self.startNanos = startNanos
    self.wallClock = wallClock
    self.tls = tls
  }
}

/// What the explorer asks the outside world to do; the app carries it out and reports back
/// with events.
public enum Effect: Sendable, Equatable {
  /// Opens a call of `path` and, unless nil, sends `request` as its first message.
  case startCall(id: Int, path: String, request: RequestDraft?, halfClose: Bool)
  case send(id: Int, request: RequestDraft)
  case finishSending(id: Int)
  case cancel(id: Int)
  case setServer(on: Bool)
  case setTarget(String)
  /// Appends the finished call to the history file.
  case recordHistory(id: Int)
  case loadFrames(id: Int, offset: UInt64)
  /// Ctrl-Z: give the terminal back and stop until continued.
  case suspend
  /// Ctrl-E in the composer: `$VISUAL`/`$EDITOR` (else `vi`) on this text, the terminal given to
  /// it meanwhile; what it leaves comes back as `.edited`.
  case openEditor(String)
  /// Puts our own text (a grpcurl command) on the terminal's clipboard with OSC 52.
  case copyToClipboard(String)
  /// Remembers the metadata and deadline set in the dialog for `target`, for the next session.
  case saveRequestSettings(target: String, RequestSettings)
  case quit
}

/// The embedded server as the title bar shows it.
public enum ServerStatus: Sendable, Equatable {
  case off
  case starting
  /// Switched off while calls were open: they may finish, within a grace period.
  case stopping
  case on(String)
  case failed(String)
}

/// The client's connection as the title bar shows it.
public enum ConnectionStatus: Sendable, Equatable {
  case idle
  /// The client's current connection; closes of earlier ones (drained after a GOAWAY) are not
  /// news.
  case connected(id: Int)
  case closed(String?)
}
