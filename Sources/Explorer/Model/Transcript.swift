/// The transcript's model: the calls in memory, which one is shown, how far it is scrolled, the
/// stream that is open, and the bounds that keep memory flat however long the session.
public struct Transcript: Sendable {
  public internal(set) var calls: [CallRecord] = []
  /// Index into `calls` of the call the frames pane shows; nil follows the latest.
  public internal(set) var selectedCall: Int?
  /// Rows scrolled up from the bottom (PgUp/PgDn).
  public internal(set) var scroll = 0
  /// The client-streaming or bidi call whose stream is open: further sends go on it.
  public internal(set) var openStream: Int?
  public internal(set) var nextCallID = 1
  /// Calls whose frames stay in memory; older ones are dropped and read back on demand.
  public internal(set) var framesKeptInMemory = 50
  /// Calls kept in memory; older ones are only in the history file.
  public internal(set) var callsKeptInMemory = 5000
  /// How many calls of this session and of history are no longer in `calls`.
  public internal(set) var callsOnlyInHistory = 0
  /// Why running calls are about to be cut off (the target changed), said when they end.
  var cutOffReasons: [Int: String] = [:]
  /// Calls whose frames were asked of the history file and have not arrived yet.
  var framesRequested: Set<Int> = []
  var oldCallWithFrames: Int?

  public init() {}

  /// The call the frames pane shows.
  public var shownCallIndex: Int? {
    if let selectedCall, calls.indices.contains(selectedCall) { return selectedCall }
    return calls.indices.last
  }

  /// Where the call `id` is; calls are appended in id order, so it is searched from the end,
  /// where live calls are.
  func index(ofCall id: Int) -> Int? {
    calls.lastIndex { $0.id == id }
  }
}
