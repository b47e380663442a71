import Foundation
import Wire

extension ExplorerState {
  mutating func handle(_ key: Key) -> [Effect] {
    if let overlay {
      return handle(key, in: overlay)
    }
    guard let action = Keymap.action(for: key, focus: focus) else {
      if focus == .input, case .character(let character) = key {
        input.insert(character)
        recallIndex = nil
      }
      return []
    }
    return perform(action)
  }

  private mutating func handle(_ key: Key, in overlay: Overlay) -> [Effect] {
    if Keymap.action(for: key, focus: .input) == .quit { return perform(.quit) }
    guard case .target(var editor) = overlay else {
      self.overlay = nil  // help and grpcurl close on any key
      return []
    }
    switch key {
    case .escape:
      self.overlay = nil
      return []
    case .enter:
      self.overlay = nil
      let text = editor.text.trimmingCharacters(in: .whitespaces)
      guard Target(parsing: text) != nil else {
        notice = "not a target: \(InertText.make(text)) (HOST:PORT)"
        return []
      }
      target = text
      targetIsEmbedded = false
      connection = .idle
      notice = "target \(text)"
      return [.setTarget(text)]
    case .character(let character): editor.insert(character)
    case .backspace: editor.backspace()
    case .delete: editor.delete()
    case .left: editor.left()
    case .right: editor.right()
    case .home, .control("a"): editor.home()
    case .end, .control("e"): editor.end()
    case .control("u"): editor.killToStart()
    default: break
    }
    self.overlay = .target(editor)
    return []
  }

  mutating func perform(_ action: Keymap.Action) -> [Effect] {
    switch action {
    case .quit:
      requestQuit()
      return [.quit]
    case .help:
      overlay = .help
    case .toggleServer:
      let on: Bool
      switch server {
      case .off, .failed, .stopping: on = true
      case .on, .starting: on = false
      }
      server = on ? .starting : .stopping
      return [.setServer(on: on)]
    case .changeTarget:
      overlay = .target(LineEditor(target))
    case .nextFocus, .previousFocus:
      let all = Focus.allCases
      let step = action == .nextFocus ? 1 : all.count - 1
      focus = all[(all.firstIndex(of: focus)! + step) % all.count]
    case .up, .down:
      move(by: action == .up ? -1 : 1)
    case .pageUp, .pageDown:
      page(by: action == .pageUp ? 1 : -1)
    case .choose:
      focus = .input
    case .send:
      return send()
    case .halfClose:
      guard let id = openStream else {
        notice = "no open stream to end (Ctrl-D ends a bidi stream)"
        return []
      }
      openStream = nil
      return [.finishSending(id: id)]
    case .cancelCall:
      guard let id = openStream ?? calls.last(where: { $0.phase == .running })?.id else {
        return []
      }
      return [.cancel(id: id)]
    case .recallPrevious, .recallNext:
      recall(older: action == .recallPrevious)
    case .editLeft: input.left()
    case .editRight: input.right()
    case .editHome: input.home()
    case .editEnd: input.end()
    case .editBackspace: input.backspace()
    case .editDelete: input.delete()
    case .editKillToStart: input.killToStart()
    case .expand:
      if shownCallIndex != nil { inFrameDetail = true }
    case .collapse:
      inFrameDetail = false
      selectedDetailLine = 0
    case .toggleRaw:
      frameView = frameView == .decoded ? .raw : .decoded
    case .rerun:
      return rerun()
    case .showGrpcurl:
      if let index = shownCallIndex { overlay = .grpcurl(grpcurlCommand(for: calls[index])) }
    }
    return []
  }

  private mutating func move(by step: Int) {
    switch focus {
    case .methods:
      selectedMethod = min(max(0, selectedMethod + step), max(0, methods.count - 1))
    case .input:
      break
    case .transcript:
      guard let current = shownCallIndex else { return }
      selectCall(min(max(0, current + step), calls.count - 1))
    case .frames:
      if inFrameDetail {
        selectedDetailLine = max(0, selectedDetailLine + step)
      } else {
        let count = shownCallIndex.flatMap { calls[$0].frames?.count } ?? 0
        selectedFrame = min(max(0, selectedFrame + step), max(0, count - 1))
        selectedDetailLine = 0
      }
    }
  }

  private mutating func page(by direction: Int) {
    let rows = max(1, height / 3)
    switch focus {
    case .frames:
      let count = shownCallIndex.flatMap { calls[$0].frames?.count } ?? 0
      selectedFrame = min(max(0, selectedFrame - direction * rows), max(0, count - 1))
    default:
      transcriptScroll = max(0, transcriptScroll + direction * rows)
    }
  }

  mutating func selectCall(_ index: Int) {
    selectedCall = index == calls.count - 1 ? nil : index
    selectedFrame = 0
    selectedDetailLine = 0
    inFrameDetail = false
    transcriptScroll = 0
  }

  private mutating func recall(older: Bool) {
    guard !inputHistory.isEmpty else { return }
    let next: Int?
    switch (recallIndex, older) {
    case (nil, true): next = inputHistory.count - 1
    case (nil, false): next = nil
    case (let index?, true): next = max(0, index - 1)
    case (let index?, false): next = index + 1 < inputHistory.count ? index + 1 : nil
    }
    recallIndex = next
    input.replace(with: next.map { inputHistory[$0] } ?? "")
  }

  private mutating func send() -> [Effect] {
    guard let method = currentMethod else { return [] }
    let name = input.text
    if !name.isEmpty, inputHistory.last != name { inputHistory.append(name) }
    recallIndex = nil
    input = LineEditor()
    notice = nil
    if method.kind.clientStreams, let id = openStream, let index = index(ofCall: id),
      calls[index].phase == .running, calls[index].path == method.path
    {
      calls[index].turns.append(.request(InertText.make(name)))
      selectCall(index)
      return [.send(id: id, name: name)]
    }
    let id = startCall(method, requests: [name])
    if method.kind.clientStreams { openStream = id }
    return [
      .startCall(id: id, path: method.path, name: name, halfClose: !method.kind.clientStreams)
    ]
  }

  /// Appends a running call to the transcript and follows it.
  private mutating func startCall(_ method: Method, requests: [String]) -> Int {
    let id = nextCallID
    nextCallID += 1
    calls.append(
      CallRecord(
        id: id, method: method.name, path: method.path, kind: method.kind,
        turns: requests.map { .request(InertText.make($0)) },
        startNanos: 0, startedAt: Date().timeIntervalSince1970))
    selectCall(calls.count - 1)
    return id
  }

  private mutating func rerun() -> [Effect] {
    guard let index = shownCallIndex else { return [] }
    let old = calls[index]
    let method =
      methods.first { $0.path == old.path }
      ?? Method(name: old.method, path: old.path, kind: old.kind)
    let id = startCall(method, requests: old.requests)
    guard method.kind.clientStreams else {
      return [
        .startCall(id: id, path: method.path, name: old.requests.first ?? "", halfClose: true)
      ]
    }
    var effects: [Effect] = [
      .startCall(id: id, path: method.path, name: old.requests.first, halfClose: false)
    ]
    effects += old.requests.dropFirst().map { .send(id: id, name: $0) }
    effects.append(.finishSending(id: id))
    return effects
  }

  /// The same call as a grpcurl command line, quoted for a POSIX shell.
  func grpcurlCommand(for call: CallRecord) -> String {
    let data = call.requests.map { "{\"name\":\(Self.jsonString($0))}" }.joined(separator: " ")
    let path = call.path.hasPrefix("/") ? String(call.path.dropFirst()) : call.path
    return "grpcurl -plaintext -d \(Self.shellQuoted(data)) \(target) \(path)"
  }

  static func shellQuoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }

  static func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      default:
        if scalar.value < 0x20 {
          out += String(format: "\\u%04x", scalar.value)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }
}
