import Wire
import WireFormat

/// The whole explorer: everything the screen shows and the keys act on. Changed only by
/// `update(_:)`; drawn only by `render()`. The root of a tree of models, as Bubble Tea nests
/// them: each pane's model keeps its state `private(set)` and changes it only through its own
/// methods; the root routes events to them and owns focus, overlays, the catalog and the size.
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

  /// The panes' own models, each with its own moves and its own drawing; the root routes
  /// events to them and owns what spans panes (focus, overlays, the catalog, the size).
  /// Methods pane: the methods, the selected one, folds, filter.
  public internal(set) var tree: ServicesTree
  /// The JSON editor for methods whose input is not a lone string.
  public internal(set) var composer = Composer()
  /// The one-line prompt (line, history, recall) for the rest.
  public internal(set) var prompt = Prompt()
  /// The calls, which one is shown, the open stream.
  public internal(set) var transcript = Transcript()
  /// The Frames and Decoded/Raw panes.
  public internal(set) var inspector = FrameInspector()
  /// The title bar: target, connection, embedded server, discovery, metadata.
  public internal(set) var title: TitleBar

  public internal(set) var focus = Focus.methods
  /// The schema replies and error details are read with (the app hands in the default one).
  public internal(set) var catalog: Catalog
  public internal(set) var notice: String?
  public internal(set) var overlay: Overlay?
  /// The first line of the help or grpcurl overlay on screen.
  public internal(set) var overlayScroll = 0
  /// Why the target typed in the dialog was not taken, shown under it.
  public internal(set) var targetError: String?
  /// The clock of captured frames (uptime nanoseconds) as of the last tick: how long a running
  /// call has waited.
  public internal(set) var now: UInt64 = 0
  public internal(set) var width = 80
  public internal(set) var height = 24
  public private(set) var shouldQuit = false
  /// Bumped with every new catalog: what was laid out with the old one is stale.
  var catalogRevision = 0
  /// The selected frame's detail as the last `update` laid it out, and for what: a 1 MiB
  /// message is 18,000 decoded lines, too many to lay out again on every draw and key.
  var detailCache: (key: DetailLayout.Key, layout: DetailLayout)?
  /// The Frames pane's rows on screen as the last `update` wrote them: a DATA row's summary
  /// decodes its message, and a 1 MiB one took 5 ms on every draw.
  var frameRowsCache: FrameInspector.ShownRows?
  /// The shown call's transcript lines as the last `update` laid them out.
  var transcriptLinesCache: Transcript.CachedLines?

  public init(
    methods: [Method], target: String, targetIsEmbedded: Bool, catalog: Catalog = Catalog(),
    width: Int = 80, height: Int = 24
  ) {
    tree = ServicesTree(methods: methods)
    title = TitleBar(target: target, targetIsEmbedded: targetIsEmbedded)
    self.catalog = catalog
    self.width = width
    self.height = height
  }

  mutating func requestQuit() { shouldQuit = true }

  /// Whether the selected method's requests are written as JSON in the composer (its input type
  /// is known and not a lone string); else the one-line prompt takes them.
  public var composesJSON: Bool {
    guard let method = tree.current, let type = inputType(of: method.path),
      let message = catalog.message(type)
    else { return false }
    return message.soleStringField == nil
  }

  /// The screen's panes at the current size and focus.
  var layout: Layout? {
    // The composer opens (taking rows from the frames) while it has the focus.
    let composerRows = focus == .input && composesJSON ? composer.editor.lines.count + 2 : 0
    return Layout.make(
      width: width, height: height, treeRows: tree.rows.count + 2, composerRows: composerRows)
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
      if tree.current?.kind.clientStreams == true { result.append(.stream) }
    case .transcript: result = [.transcript]
    case .frames: result = inspector.inDetail ? [.frameDetail] : [.frames]
    }
    if focus != .input, !(focus == .methods && tree.isEditingFilter) { result.append(.commands) }
    return result + [.global, .always]
  }
}
