import Foundation

/// posix_spawn that gives the child its standard descriptors and nothing else.
///
/// SwiftNIO opens sockets without close-on-exec, so a child spawned plainly inherits every socket
/// the test process has open at that moment, other tests' included: a listening socket held by a
/// long-lived tmux server keeps a stopped server's port "in use", and an accepted connection held
/// by any child never sends its FIN when the server closes it. Every test child starts here.
public enum Spawn {
  /// Starts `executable` with `arguments`; `redirect` adds the file actions that set up
  /// descriptors 0, 1 and 2. Everything above 2 is closed in the child.
  public static func start(
    _ executable: String,
    _ arguments: [String],
    environment: [String],
    redirect: (inout posix_spawn_file_actions_t) -> Void
  ) throws -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    redirect(&actions)
    guard addCloseFrom(&actions, 3) == 0 else {
      throw TestFailure("posix_spawn_file_actions_addclosefrom_np failed")
    }
    // A clean signal state: the spawning thread may block signals the child needs (SIGTERM).
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    var allSignals = sigset_t()
    sigfillset(&allSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    posix_spawnattr_setsigdefault(&attributes, &allSignals)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup($0) } + [nil]
    defer { for pointer in argv + envp { free(pointer) } }
    var pid = pid_t()
    let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
    guard spawned == 0 else {
      throw TestFailure("cannot run \(executable): \(String(cString: strerror(spawned)))")
    }
    return pid
  }

  /// Runs `executable` to its end and returns its exit status and output. The output goes
  /// through a file, not a pipe, whose end a daemon the child forks (tmux's server) would hold.
  /// - Parameter keepErrors: stderr joins stdout; otherwise it is discarded.
  public static func run(_ executable: String, _ arguments: [String], keepErrors: Bool = true)
    throws -> (status: Int32, output: String)
  {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent(
      "greeter-child-\(UUID().uuidString)"
    ).path
    defer { try? FileManager.default.removeItem(atPath: file) }
    let environment = ProcessInfo.processInfo.environment.map { "\($0)=\($1)" }
    let pid = try start(executable, arguments, environment: environment) { actions in
      posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
      posix_spawn_file_actions_addopen(&actions, 1, file, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
      if keepErrors {
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
      } else {
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
      }
    }
    let status = wait(pid)
    return (status, (try? String(contentsOfFile: file, encoding: .utf8)) ?? "")
  }

  /// Waits for `pid` and returns its exit status, or 128 + the signal that ended it, as a shell
  /// reports it.
  public static func wait(_ pid: pid_t) -> Int32 { waitWithPeakMemory(pid).status }

  /// The exit status as `wait` gives it, and the child's peak resident memory in bytes
  /// (`ru_maxrss` from wait4).
  public static func waitWithPeakMemory(_ pid: pid_t) -> (status: Int32, peakBytes: Int) {
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) == -1 && errno == EINTR {}
    let code = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    return (code, Int(usage.ru_maxrss) * 1024)
  }

  /// A pipe whose ends are not inherited by children spawned elsewhere meanwhile.
  public static func makePipe() throws -> (read: Int32, write: Int32) {
    var ends: [Int32] = [0, 0]
    guard pipe(&ends) == 0 else { throw TestFailure("pipe() failed: \(errno)") }
    for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
    return (ends[0], ends[1])
  }

  /// glibc 2.34+ has it, but Swift's Glibc module does not declare it.
  private typealias AddCloseFrom =
    @convention(c) (
      UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32
    ) -> Int32

  private static func addCloseFrom(_ actions: inout posix_spawn_file_actions_t, _ lowest: Int32)
    -> Int32
  {
    guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return -1 }
    return unsafeBitCast(symbol, to: AddCloseFrom.self)(&actions, lowest)
  }
}
