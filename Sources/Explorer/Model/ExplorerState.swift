import Wire
import WireFormat

/// The whole explorer: everything the screen shows and the keys act on. Changed only by
/// `update(_:)`; drawn only by `render(width:height:)`.
public struct ExplorerState: Sendable {
  public enum Focus: String, Sendable, CaseIterable {
    case methods, input, transcript, frames
  }

  public enum Overlay: Sendable, Equatable {
    case help
    /// The grpcurl command equivalent to the selected call.
    case grpcurl(String)
    /// Editing the target (`t` / F4).
    case target(LineEditor)
    /// Editing the request metadata and deadline (`m` / F6).
    case settings(SettingsForm)
    /// A call's request headers, response headers and trailers (`h`), by call id: they fill in
    /// as they arrive.
    case headers(callID: Int)
  }

  public typealias FrameView = FrameInspector.View

  public struct Method: Sendable, Equatable {
    public var name: String
    public let path: String
    public var kind: CallKind
    /// `pkg.Service` of the path, taken out once (the tree groups by it on every draw).
    public let service: String

    public init(name: String, path: String, kind: CallKind) {
      self.name = name
      self.path = path
      self.kind = kind
      service = ServicesTree.service(of: path)
    }
  }

  public var methods: [Method] {
    didSet { treeRowsCache.methodCount = -1 }
  }
  public var selectedMethod = 0
  /// Folds, the filter and the header cursor of the methods pane.
  public internal(set) var tree = ServicesTree()
  /// The tree's rows as of the last `update`, for drawing (grouping 200 methods by service on
  /// every frame cost more than the rest of the pane), and how many methods they were made from.
  var treeRowsCache: (rows: [ServicesTree.Row], methodCount: Int) = ([], -1)
  /// The JSON editor for methods whose input is not a lone string.
  public internal(set) var composer = Composer()
  public var focus = Focus.methods
  /// The one-line prompt's own model (line, history, recall).
  public internal(set) var prompt = Prompt()
  /// The prompt's line, as the rest of the explorer and the tests use it.
  public var input: LineEditor {
    get { prompt.editor }
    _modify { yield &prompt.editor }
  }

  /// The transcript's own model; its fields as the rest of the explorer and the tests use them,
  /// changed in place (`_modify`): through a setter, every change would copy 100,000 calls.
  public internal(set) var transcript = Transcript()
  public var calls: [CallRecord] {
    get { transcript.calls }
    _modify { yield &transcript.calls }
  }
  public var selectedCall: Int? {
    get { transcript.selectedCall }
    _modify { yield &transcript.selectedCall }
  }
  public var transcriptScroll: Int {
    get { transcript.scroll }
    _modify { yield &transcript.scroll }
  }
  /// The Frames and Decoded/Raw panes' own model.
  public internal(set) var inspector = FrameInspector()
  // Its fields as the rest of the explorer and the tests read them.
  public var selectedFrame: Int { inspector.selectedFrame }
  public var frameView: FrameView { inspector.view }
  public var inFrameDetail: Bool { inspector.inDetail }
  public var selectedDetailLine: Int { inspector.selectedLine }
  public var detailScroll: Int { inspector.scroll }

  /// The schema replies and error details are read with (the app hands in the default one).
  public var catalog = Catalog()
  /// The title bar's own model; its fields as the rest of the explorer and the tests use them.
  public internal(set) var title: TitleBar
  public var target: String {
    get { title.target }
    set { title.target = newValue }
  }
  public var targetIsEmbedded: Bool {
    get { title.targetIsEmbedded }
    set { title.targetIsEmbedded = newValue }
  }
  public var connection: ConnectionStatus {
    get { title.connection }
    set { title.connection = newValue }
  }
  public internal(set) var requestSettings: RequestSettings {
    get { title.requestSettings }
    set { title.requestSettings = newValue }
  }
  public var discovery: DiscoveryStatus {
    get { title.discovery }
    set { title.discovery = newValue }
  }
  public var server: ServerStatus {
    get { title.server }
    set { title.server = newValue }
  }
  public var notice: String?
  public var overlay: Overlay?
  /// The first line of the help or grpcurl overlay on screen.
  public var overlayScroll = 0
  /// Why the target typed in the dialog was not taken, shown under it.
  public var targetError: String?
  /// The clock of captured frames (uptime nanoseconds) as of the last tick: how long a running
  /// call has waited.
  public var now: UInt64 = 0
  public var openStream: Int? {
    get { transcript.openStream }
    _modify { yield &transcript.openStream }
  }
  public var nextCallID: Int {
    get { transcript.nextCallID }
    _modify { yield &transcript.nextCallID }
  }
  public var framesKeptInMemory: Int {
    get { transcript.framesKeptInMemory }
    _modify { yield &transcript.framesKeptInMemory }
  }
  public var callsKeptInMemory: Int {
    get { transcript.callsKeptInMemory }
    _modify { yield &transcript.callsKeptInMemory }
  }
  public var callsOnlyInHistory: Int {
    get { transcript.callsOnlyInHistory }
    _modify { yield &transcript.callsOnlyInHistory }
  }
  var cutOffReasons: [Int: String] {
    get { transcript.cutOffReasons }
    _modify { yield &transcript.cutOffReasons }
  }
  var framesRequested: Set<Int> {
    get { transcript.framesRequested }
    _modify { yield &transcript.framesRequested }
  }
  var oldCallWithFrames: Int? {
    get { transcript.oldCallWithFrames }
    _modify { yield &transcript.oldCallWithFrames }
  }
  public var width = 80
  public var height = 24
  public private(set) var shouldQuit = false

  public init(
    methods: [Method], target: String, targetIsEmbedded: Bool, width: Int = 80, height: Int = 24
  ) {
    self.methods = methods
    title = TitleBar(target: target, targetIsEmbedded: targetIsEmbedded)
    self.width = width
    self.height = height
  }

  public var currentMethod: Method? {
    methods.indices.contains(selectedMethod) ? methods[selectedMethod] : nil
  }

  /// The call the frames pane shows.
  public var shownCallIndex: Int? { transcript.shownCallIndex }

  func index(ofCall id: Int) -> Int? { transcript.index(ofCall: id) }

  mutating func requestQuit() { shouldQuit = true }

  /// Whether the selected method's requests are written as JSON in the composer (its input type
  /// is known and not a lone string); else the one-line prompt takes them.
  public var composesJSON: Bool {
    guard let method = currentMethod, let type = inputType(of: method.path),
      let message = catalog.message(type)
    else { return false }
    return message.soleStringField == nil
  }

  /// The screen's panes at the current size and focus.
  var layout: Layout? {
    // The composer opens (taking rows from the frames) while it has the focus.
    let composerRows = focus == .input && composesJSON ? composer.editor.lines.count + 2 : 0
    return Layout.make(
      width: width, height: height, treeRows: treeRows.count + 2,
      composerRows: composerRows)
  }

  /// The tree's rows now: as `update` left them, unless the methods were changed behind its back.
  var treeRows: [ServicesTree.Row] {
    treeRowsCache.methodCount == methods.count ? treeRowsCache.rows : tree.rows(methods)
  }

  /// The panes on screen at the current size, in Tab order: focus visits only these.
  public var visibleFocuses: [Focus] {
    guard let layout else { return [] }
    var focuses: [Focus] = []
    if layout.methods != nil { focuses.append(.methods) }
    focuses += [.input, .transcript]
    if layout.frames != nil { focuses.append(.frames) }
    return focuses
  }

  /// The keymap's contexts in effect, most specific first.
  public var contexts: [Keymap.Context] {
    switch overlay {
    case .help, .grpcurl, .headers: return [.viewer, .always]
    case .target: return [.target, .always]
    case .settings: return [.settings, .always]
    case nil: break
    }
    var result: [Keymap.Context]
    switch focus {
    case .methods: result = tree.isEditingFilter ? [.filter] : [.methods]
    case .input:
      result = composesJSON ? [.composer] : [.input]
      if currentMethod?.kind.clientStreams == true { result.append(.stream) }
    case .transcript: result = [.transcript]
    case .frames: result = inFrameDetail ? [.frameDetail] : [.frames]
    }
    if focus != .input, !(focus == .methods && tree.isEditingFilter) { result.append(.commands) }
    return result + [.global, .always]
  }
}
