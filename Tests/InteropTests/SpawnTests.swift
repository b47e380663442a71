import Foundation
import GreeterTestSupport
import NIOCore
import NIOPosix
import Testing

/// Children of the tests get descriptors 0-2 and nothing else: NIO's sockets are not
/// close-on-exec, and a child holding one keeps a stopped server's port taken and a closed
/// connection open (the flaky failures this once caused looked like client bugs).
@Suite struct SpawnTests {
  /// The sockets and pipes `pid` has open beyond 0-2, read from outside it (the program's own
  /// files, such as the locale archive `sleep` opens as it starts, are not what this is about).
  static func inheritedSocketsAndPipes(of pid: pid_t) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")
      .filter { (Int($0) ?? 0) > 2 }
      .compactMap {
        try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\($0)")
      }
      .filter { $0.hasPrefix("socket:") || $0.hasPrefix("pipe:") }
  }

  @Test func childrenInheritOnlyTheStandardDescriptors() async throws {
    let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .bind(host: "127.0.0.1", port: 0).get()
    defer { listener.close(promise: nil) }

    let child = try ChildProcess("/bin/sleep", ["30"])
    defer { child.terminate() }
    #expect(try Self.inheritedSocketsAndPipes(of: child.pid) == [])

    let pid = try Spawn.start("/bin/sleep", ["30"], environment: []) { actions in
      posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    }
    let inherited = try Self.inheritedSocketsAndPipes(of: pid)
    kill(pid, SIGKILL)
    #expect(Spawn.wait(pid) == 128 + SIGKILL)
    #expect(inherited == [])
  }
}
