import Explorer
import Foundation
import GRPCCore
import Wire

/// The explorer's costs: one screen's render with 10 vs 100,000 calls in the transcript, the
/// process's resident memory after that many calls went through `update` (frames included, old
/// ones dropped as in the app), and the time from launching `greeter-tui` to its first screen
/// with the embedded server listening.
enum UIBench {
  /// A real call's captured frames (SayHelloAgain through our client against our server).
  static func recordedFrames(target: Target) async throws -> [CapturedItem] {
    let client = ClientCore(.init(target: target))
    let request: [UInt8] = [0x0A, 0x03] + Array("Ada".utf8)
    _ = await client.call(path: "/helloworld.Greeter/SayHelloAgain", request: request)
    let result = await client.call(path: "/helloworld.Greeter/SayHelloAgain", request: request)
    await client.shutdown()
    guard result.status.code == .ok, !result.frames.isEmpty else {
      throw BenchError("recording a call failed: \(result.status)")
    }
    return result.frames
  }

  static func state(calls: Int, frames: [CapturedItem]) -> ExplorerState {
    let methods = benchGreeterCatalog.methods.map {
      ExplorerState.Method(name: $0.name, path: $0.path, kind: $0.kind)
    }
    var state = ExplorerState(
      methods: methods, target: "127.0.0.1:50051", targetIsEmbedded: true,
      catalog: benchGreeterCatalog, width: 120, height: 40)
    _ = state.update(.server(.on("127.0.0.1:50051")))
    _ = state.update(.key(.enter))
    let reply: [UInt8] = [0x0A, 17] + Array("Hello again, Ada!".utf8)
    for id in 1...calls {
      for character in "Ada" { _ = state.update(.key(.character(character))) }
      _ = state.update(.key(.enter))
      _ = state.update(.callStarted(id: id, startNanos: 0, wallClock: 0))
      _ = state.update(.call(id: id, .started(streamID: UInt32(id * 2 - 1), connectNanos: 0)))
      _ = state.update(.call(id: id, .captured(frames)))
      _ = state.update(.call(id: id, .message(reply)))
      finish(&state, id: id)
      // The app appends each finished call to the history file and reports where.
      _ = state.update(.historyWritten(id: id, offset: UInt64(id) * 4096))
    }
    return state
  }

  /// The call `id` ends OK after 0.7 ms.
  static func finish(_ state: inout ExplorerState, id: Int) {
    _ = state.update(
      .call(
        id: id,
        .finished(
          CallOutcome(
            status: Status(code: .ok, message: ""),
            timing: CallTiming(connectNanos: 0, totalNanos: 700_000)))))
  }

  static func residentBytes() -> Int {
    let statm = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
    let pages = statm.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
  }

  /// One process, one transcript size: RSS after the calls, then render times.
  static func run(target: Target, calls: Int, renders: Int) async throws -> [String: Any] {
    let frames = try await recordedFrames(target: target)
    let before = residentBytes()
    let state = Self.state(calls: calls, frames: frames)
    let after = residentBytes()
    var times: [Double] = []
    for _ in 0..<renders {
      let start = ContinuousClock.now
      let screen = state.render()
      let elapsed = ContinuousClock.now - start
      precondition(screen.grid.width == 120)
      let (seconds, attoseconds) = elapsed.components
      times.append(Double(seconds) * 1e6 + Double(attoseconds) / 1e12)
    }
    times.sort()
    return [
      "calls": calls, "frames_per_call": frames.count, "rss_bytes": after,
      "rss_before_calls": before,
      "render_us_p50": times[times.count / 2], "render_us_p99": times[times.count * 99 / 100],
      "renders": renders,
    ]
  }

  /// Launches `greeter-tui --port 0` under a pseudo-terminal (script(1)) and waits for it to
  /// write the time of its first screen with the server listening; with `target`, launches
  /// `greeter-tui --target TARGET` and waits for the first screen listing the discovered methods.
  /// With `firstDraw`, the time of the very first screen (with --target: drawn at once, before
  /// discovery ends).
  static func startup(binary: String, runs: Int, target: String? = nil, firstDraw: Bool = false)
    async throws
    -> [String: Any]
  {
    var times: [Double] = []
    for _ in 0..<runs {
      let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
        "startup-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      defer { try? FileManager.default.removeItem(at: folder) }
      let marker = folder.appendingPathComponent("first-screen").path
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
      let arguments = target.map { "--target \($0)" } ?? "--port 0"
      process.arguments = ["-qfec", "\(binary) \(arguments)", "/dev/null"]
      var environment = ProcessInfo.processInfo.environment
      environment["TERM"] = "xterm-256color"
      environment["LANG"] = "C.UTF-8"
      environment["XDG_STATE_HOME"] = folder.path
      environment[firstDraw ? "GREETER_TUI_FIRST_DRAW_FILE" : "GREETER_TUI_FIRST_SCREEN_FILE"] =
        marker
      process.environment = environment
      process.standardInput = Pipe()
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      let launched = Date().timeIntervalSince1970
      try process.run()
      let deadline = Date().addingTimeInterval(10)
      var shown: Double?
      while shown == nil, Date() < deadline {
        if let text = try? String(contentsOfFile: marker, encoding: .utf8), let value = Double(text)
        {
          shown = value
        } else {
          try await Task.sleep(for: .milliseconds(1))
        }
      }
      kill(process.processIdentifier, SIGTERM)
      process.waitUntilExit()
      guard let shown else { throw BenchError("greeter-tui showed no first screen within 10 s") }
      times.append((shown - launched) * 1000)
    }
    times.sort()
    return ["startup_ms_p50": times[times.count / 2], "startup_ms_runs": times]
  }

  /// `greeter-tui list --target TARGET`, the whole process, `runs` times: discovery by
  /// reflection, end to end, as a user waits for it. Spawned and reaped with posix_spawn and
  /// waitpid: Foundation's `Process` added ~50 ms of its own to each run here.
  static func discovery(binary: String, target: String, runs: Int) throws -> [String: Any] {
    var times: [Double] = []
    var services = 0
    let output = FileManager.default.temporaryDirectory
      .appendingPathComponent("discovery-\(UUID().uuidString).txt").path
    defer { try? FileManager.default.removeItem(atPath: output) }
    for _ in 0..<runs {
      var actions = posix_spawn_file_actions_t()
      posix_spawn_file_actions_init(&actions)
      defer { posix_spawn_file_actions_destroy(&actions) }
      posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
      posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
      let arguments = [binary, "list", "--target", target]
      var argv = arguments.map { strdup($0) } + [nil]
      defer { for pointer in argv { free(pointer) } }
      var pid: pid_t = 0
      let started = DispatchTime.now().uptimeNanoseconds
      let spawned = posix_spawn(&pid, binary, &actions, nil, &argv, environ)
      guard spawned == 0 else { throw BenchError("cannot start \(binary): error \(spawned)") }
      var status: Int32 = 0
      while waitpid(pid, &status, 0) < 0, errno == EINTR {}
      times.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
      guard status == 0 else {
        throw BenchError("greeter-tui list --target \(target) ended with wait status \(status)")
      }
      let listed = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
      services = listed.split(separator: "\n").count
    }
    times.sort()
    return ["ms_p50": times[times.count / 2], "ms_runs": times, "services": services]
  }
}
