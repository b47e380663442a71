import Discovery
import Explorer
import Foundation
import GreeterServer
import Synchronization
import Terminal
import Wire
import WireFormat

/// The explorer running: one UI thread that reads keys, takes the events the client, the server
/// and the history posted, runs them through `ExplorerState.update`, carries out the effects and
/// draws `render()`. Nothing here blocks on the network: calls and the server live on their own
/// threads and report back through the inbox.
final class ExplorerApp: @unchecked Sendable {
  struct Options {
    var serverPort: Int?
    var target: Target
    var historyPath: String
    /// For a server other than the embedded one: where its schema comes from (reflection by
    /// default); nil keeps the built-in Greeter catalog.
    var schema: SchemaOptions?
    /// `--max-receive` and the like, for discovery and for every call.
    var callOptions = ClientCallOptions()
    /// `-H` and `--deadline` as given; nil when neither was (the target's remembered ones, if
    /// any, are used then).
    var requestSettings: RequestSettings?
    /// TLS and `:authority` for servers other than the embedded one.
    var transport = TransportOptions()
    /// The embedded server's TLS (`--tls-self-signed`, `--tls-cert`…), and how the client
    /// reaches it then (trusting the self-signed CA, or `--cacert`).
    var embeddedTLS: ServerTLS?
    var embeddedTransport = TransportOptions()
  }

  private var state: ExplorerState
  private let inbox = EventInbox()
  private let server = EmbeddedServer()
  /// The last start or stop of the server: each waits for the one before, so that switching
  /// on while a stop drains open calls starts once the port is free, and their news arrives in
  /// order.
  private var serverOperation: Task<Void, Never>?
  /// The newest start or stop asked for; an older one's news (a stop's "off" arriving after the
  /// user switched on again) is not posted.
  private let serverGeneration = Mutex(0)
  /// How long calls open when the server is switched off may go on before they are cut off.
  static let serverGracePeriod = Duration.seconds(5)
  private let serverPort: Int?
  private var client: ClientCore
  /// Counts the clients made (one per target): connection news of a replaced client, still
  /// draining after the target changed, is dropped rather than shown as the new one's. Read and
  /// written on the UI thread only (and in `init`), where the news is taken from the inbox.
  private var clientGeneration = 0
  private var calls: [Int: ClientCall] = [:]
  private let history: HistoryFile
  private let targetSettings: TargetSettingsFile
  /// Installed before curses starts, so ncurses leaves these signals to us.
  private let signals = TerminalSignals()
  /// The signal that ended the explorer, if one did: the exit status is 128 + its number.
  private(set) var endedBySignal: Int32?

  private let options: Options

  init(options: Options, catalog: Catalog) {
    self.options = options
    let methods = catalog.methods.map {
      ExplorerState.Method(name: $0.name, path: $0.path, kind: $0.kind)
    }
    state = ExplorerState(
      methods: methods, target: options.target.description,
      targetIsEmbedded: options.serverPort != nil, catalog: catalog)
    serverPort = options.serverPort
    history = HistoryFile(path: options.historyPath)
    targetSettings = TargetSettingsFile(historyPath: options.historyPath)
    _ = state.update(
      .requestSettings(
        options.requestSettings ?? targetSettings.settings(for: options.target.description)
          ?? RequestSettings()))
    client = ClientCore(
      Self.configuration(
        for: options.target, embedded: options.serverPort != nil, options: options))
    listen(to: client)
  }

  /// Runs until the user quits; the terminal is restored on every way out.
  func run() async throws {
    if let serverPort { startServer(port: serverPort) }
    if let schema = options.schema { discover(schema, at: options.target) }
    let loaded = history.load()
    inbox.post(.historyLoaded(loaded.calls, skipped: loaded.skipped, total: loaded.total))
    try await withCheckedThrowingContinuation {
      (continuation: CheckedContinuation<Void, any Error>) in
      let thread = Thread { [self] in
        do {
          try uiLoop()
          continuation.resume()
        } catch {
          continuation.resume(throwing: error)
        }
      }
      thread.name = "greeter-tui UI"
      thread.start()
    }
    for call in calls.values { call.cancel() }
    await client.shutdown()
    await server.stop(gracePeriod: .seconds(1))
  }

  /// Discovers the target's schema in the background: the reflection calls appear in the
  /// transcript with their frames, then the methods are the server's. A server without
  /// reflection keeps the built-in Greeter catalog (the notice says so).
  /// Its news is posted with the client generation it began under, so a discovery overtaken by a
  /// new target is dropped on the UI thread.
  private func discover(_ schema: SchemaOptions, at target: Target) {
    let inbox = inbox
    let generation = clientGeneration
    let options = callOptions()
    let transport = self.options.transport
    let mode = schema.reflectMode
    let how =
      mode == .off
      ? (schema.proto.isEmpty ? "protoset" : "proto")
      : "reflection \(mode == .v1alpha ? "v1alpha" : "v1")"
    inbox.post(.discovery(.running(how)), client: generation)
    Task.detached {
      let post = { (event: ExplorerEvent) in inbox.post(event, client: generation) }
      let discovery: Discovery
      do {
        discovery = try await SchemaLoader.load(
          schema: schema, target: target, options: options, transport: transport,
          builtinWhenUnsupported: { _ in true }, notice: { post(.notice($0)) })
      } catch let error as DiscoveryError {
        if let partial = error.partial {
          for call in partial.calls { post(.discoveryCall(Self.summary(call, in: partial))) }
        }
        post(.discovery(.failed(error.description)))
        post(.notice("discovery: \(error)"))
        return
      } catch {
        post(.discovery(.failed("\(error)")))
        return
      }
      for call in discovery.calls {
        post(.discoveryCall(Self.summary(call, in: discovery)))
      }
      post(.schema(discovery.catalog, services: discovery.services))
      post(.discovery(.found(Self.describe(discovery))))
      if let path = schema.protosetOut {
        do {
          try SchemaLoader.writeProtoset(discovery, to: path)
        } catch {
          post(.notice("\(error)"))
        }
      }
    }
  }

  /// `reflection v1alpha · 4 services`, `protoset · 1 service`, `built-in Greeter (no reflection)`.
  private static func describe(_ discovery: Discovery) -> String {
    let count = discovery.services.count
    let services = "\(count) service\(count == 1 ? "" : "s")"
    switch discovery.source {
    case .reflectionV1: return "reflection v1 · \(services)"
    case .reflectionV1alpha: return "reflection v1alpha · \(services)"
    case .protoset: return "protoset · \(services)"
    case .proto: return "proto · \(services)"
    case .embedded: return "embedded · \(services)"
    case .builtin: return "built-in Greeter (no reflection)"
    }
  }

  /// A reflection call for the transcript: its own frames, and for the first call the
  /// discovery connection's own (the preface, SETTINGS, PING, GOAWAY).
  private static func summary(_ call: DiscoveryCall, in discovery: Discovery)
    -> DiscoveryCallSummary
  {
    var frames = call.result.frames
    if call.startNanos == discovery.calls.first?.startNanos {
      let ofCalls = Set(discovery.calls.flatMap(\.result.frames).map(\.sequence))
      frames += discovery.frames.filter { !ofCalls.contains($0.sequence) }
    }
    return DiscoveryCallSummary(
      path: call.path, asked: call.requests, answered: call.responses, result: call.result,
      frames: frames, startNanos: call.startNanos, wallClock: Date().timeIntervalSince1970,
      tls: discovery.tls)
  }

  private func uiLoop() throws {
    let terminal = try Terminal()
    defer { terminal.restore() }
    let size = terminal.size
    _ = state.update(.resize(width: size.width, height: size.height))
    var dirty = true
    var lastTick: UInt64 = 0
    // For `make bench`: the wall-clock time of the first screen with the server listening, or,
    // with --target, of the first screen listing the discovered methods.
    var firstScreenFile = ProcessInfo.processInfo.environment["GREETER_TUI_FIRST_SCREEN_FILE"]
    // And of the very first screen, whatever it shows (with --target: before discovery ends).
    var firstDrawFile = ProcessInfo.processInfo.environment["GREETER_TUI_FIRST_DRAW_FILE"]
    while !state.shouldQuit {
      for request in signals.drain() {
        switch request {
        case .end(let number, let name):
          endedBySignal = number
          perform(state.update(.terminate(reason: "the explorer got \(name)")))
        case .suspend:
          perform(.suspend, on: terminal)
        case .redraw:
          terminal.repaintAll()
        }
        dirty = true
      }
      if state.shouldQuit { break }
      for (event, client) in inbox.drain() where client == nil || client == clientGeneration {
        perform(state.update(event), on: terminal)
        dirty = true
      }
      // Waiting times move while a call runs: a tick a tenth of a second.
      let now = DispatchTime.now().uptimeNanoseconds
      if now - lastTick >= 100_000_000,
        state.transcript.calls.suffix(8).contains(where: { $0.phase == .running })
      {
        _ = state.update(.tick(nanos: now))
        lastTick = now
        dirty = true
      }
      if dirty {
        state.settle()
        let screen = state.render()
        terminal.draw(screen.grid, cursor: screen.cursor.map { ($0.x, $0.y) })
        dirty = false
        if let file = firstDrawFile {
          try? "\(Date().timeIntervalSince1970)".write(
            toFile: file, atomically: true, encoding: .utf8)
          firstDrawFile = nil
        }
        let serving = if case .on = state.title.server { true } else { false }
        let discovered = if case .found = state.title.discovery { true } else { false }
        if let file = firstScreenFile, serving || discovered {
          try? "\(Date().timeIntervalSince1970)".write(
            toFile: file, atomically: true, encoding: .utf8)
          firstScreenFile = nil
        }
      }
      // Every key already waiting is taken before the next draw: a paste, or keys typed faster
      // than a frame, redraw once, not once per character.
      var timeout: Int32 = 15
      let batchStart = DispatchTime.now().uptimeNanoseconds
      while !state.shouldQuit, let event = terminal.readKey(timeoutMilliseconds: timeout) {
        switch event {
        case .key(let key):
          perform(state.update(.key(key)), on: terminal)
        case .paste(let text):
          perform(state.update(.paste(text)), on: terminal)
        case .resize:
          let size = terminal.size
          perform(state.update(.resize(width: size.width, height: size.height)), on: terminal)
        }
        dirty = true
        timeout = 0
        // A flood of keys still shows progress.
        if DispatchTime.now().uptimeNanoseconds - batchStart > 50_000_000 { break }
      }
    }
  }

  // MARK: - Effects

  private func perform(_ effects: [Effect], on terminal: Terminal? = nil) {
    for effect in effects { perform(effect, on: terminal) }
  }

  private func perform(_ effect: Effect, on terminal: Terminal? = nil) {
    switch effect {
    case .startCall(let id, let path, let request, let halfClose):
      let call = client.start(path: path, options: callOptions())
      calls[id] = call
      inbox.post(
        .callStarted(id: id, startNanos: call.startNanos, wallClock: Date().timeIntervalSince1970))
      if let request {
        send(request, on: call, endingStream: halfClose)
      } else if halfClose {
        call.finishSending()
      }
      let inbox = inbox
      Task {
        for await event in call.events { inbox.post(.call(id: id, event)) }
      }
    case .send(let id, let request):
      if let call = calls[id] { send(request, on: call) }
    case .finishSending(let id):
      calls[id]?.finishSending()
    case .cancel(let id):
      calls[id]?.cancel()
    case .setServer(let on):
      if on {
        // The port it had (so a restart keeps the address), else the one asked for.
        let current = state.title.targetIsEmbedded ? Target(parsing: state.title.target)?.port : nil
        startServer(port: current ?? serverPort ?? 50051)
      } else {
        let server = server
        afterServerOperations { news in
          await server.stop(gracePeriod: Self.serverGracePeriod)
          news(.off)
        }
      }
    case .setTarget(let text):
      guard let target = Target(parsing: text) else { return }
      // Another server: the metadata remembered for it, else none. Headers set for one server
      // (a bearer token, say) never go to another; `-H` is for the target of the command line.
      if !state.title.targetIsEmbedded {
        _ = state.update(
          .requestSettings(targetSettings.settings(for: target.description) ?? RequestSettings()))
      }
      let old = client
      Task { await old.shutdown() }
      client = ClientCore(
        Self.configuration(for: target, embedded: state.title.targetIsEmbedded, options: options))
      listen(to: client)
      // Another server (not the embedded one following its port): its schema is discovered
      // again, by reflection unless files were given.
      if !state.title.targetIsEmbedded,
        let schema = options.schema ?? (try? SchemaOptions.parse([]))
      {
        discover(schema, at: target)
      }
    case .recordHistory(let id):
      calls[id] = nil
      guard let call = state.transcript.calls.last(where: { $0.id == id }) else { return }
      do {
        let offset = try history.append(call, catalog: state.catalog)
        inbox.post(.historyWritten(id: id, offset: offset))
      } catch {
        inbox.post(.notice("history: \(error)"))
      }
    case .loadFrames(let id, let offset):
      let history = history
      let inbox = inbox
      Task.detached {
        inbox.post(.framesLoaded(id: id, history.frames(at: offset) ?? []))
      }
    case .suspend:
      terminal?.suspend()
    case .saveRequestSettings(let target, let settings):
      do {
        try targetSettings.save(settings, for: Target(parsing: target)?.description ?? target)
      } catch {
        inbox.post(.notice("metadata not remembered: \(error.localizedDescription)"))
      }
    case .copyToClipboard(let text):
      terminal?.copyToClipboard(text)
    case .openEditor(let text):
      guard let terminal else { return }
      let result = terminal.outside { Result { try ExternalEditor.edit(text) } }
      switch result {
      case .success(let edited): inbox.post(.edited(edited))
      case .failure(let error): inbox.post(.notice("$EDITOR: \(error)"))
      }
    case .quit:
      break
    }
  }

  /// Sends the draft, encoded with the catalog in effect. `update` checked it fits its type
  /// before asking; one that still does not (a rerun of a call whose type changed since) ends
  /// the stream rather than sending something else.
  private func send(_ request: RequestDraft, on call: ClientCall, endingStream: Bool = false) {
    do {
      call.send(try state.catalog.encode(request), endingStream: endingStream)
    } catch {
      let subject = "not sent: not a \(request.typeName)"
      inbox.post(
        .notice((error as? CodecError)?.explaining(subject) ?? "\(subject): \(error)"))
      if endingStream { call.finishSending() }
    }
  }

  /// What every call and discovery is sent with: the options of the command line, and the
  /// metadata and deadline now in effect (the dialog changes them).
  private func callOptions() -> ClientCallOptions {
    var callOptions = options.callOptions
    callOptions.metadata = state.title.requestSettings.headers.map { ($0.name, $0.value) }
    callOptions.deadline = state.title.requestSettings.deadline.flatMap {
      try? MetadataRules.deadline($0).get()
    }
    return callOptions
  }

  private func startServer(port: Int) {
    let server = server
    let tls = options.embeddedTLS
    inbox.post(.server(.starting))
    afterServerOperations { news in
      do {
        let address = try await server.start(host: "127.0.0.1", port: port, tls: tls)
        news(.on(address.description))
      } catch {
        news(.failed("\(error)"))
      }
    }
  }

  /// Runs `operation` after the server operations before it; what it reports through `news`
  /// reaches the screen only if no newer operation was asked for meanwhile.
  private func afterServerOperations(
    _ operation: @escaping @Sendable (_ news: @Sendable (ServerStatus) -> Void) async -> Void
  ) {
    let generation = serverGeneration.withLock {
      $0 += 1
      return $0
    }
    let previous = serverOperation
    serverOperation = Task { [self] in
      await previous?.value
      await operation { status in
        if serverGeneration.withLock({ $0 }) == generation { inbox.post(.server(status)) }
      }
    }
  }

  /// The client core's configuration for `target`: the embedded server is plaintext, any
  /// other server gets the command line's TLS.
  private static func configuration(
    for target: Target, embedded: Bool, options: Options
  ) -> ClientCore.Configuration {
    (embedded ? options.embeddedTransport : options.transport).configuration(for: target)
  }

  private func listen(to client: ClientCore) {
    let inbox = inbox
    clientGeneration += 1
    let generation = clientGeneration
    Task {
      for await event in client.connectionEvents {
        inbox.post(.connection(event), client: generation)
      }
    }
  }
}
