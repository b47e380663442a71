import Foundation
import GreeterTestSupport
import NIOCore
import NIOPosix
import Testing

/// Children of the tests get descriptors 0-2 and nothing else: NIO's sockets are not
/// close-on-exec, and a child holding one keeps a stopped server's port taken and a closed
/// connection open (the flaky failures this once caused looked like client bugs).
@Suite struct SpawnTests {
  /// The descriptors `pid` has open, read from outside it (a listing from inside would show the
  /// lister's own).
  static func descriptors(of pid: pid_t) throws -> [Int] {
    try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").compactMap { Int($0) }
      .sorted()
  }

  @Test func childrenInheritOnlyTheStandardDescriptors() async throws {
    let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .bind(host: "127.0.0.1", port: 0).get()
    defer { listener.close(promise: nil) }

    let child = try ChildProcess("/bin/sleep", ["30"])
    defer { child.terminate() }
    #expect(try Self.descriptors(of: child.pid) == [0, 1, 2])

    let pid = try Spawn.start("/bin/sleep", ["30"], environment: []) { actions in
      posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    }
    let inherited = try Self.descriptors(of: pid)
    kill(pid, SIGKILL)
    #expect(Spawn.wait(pid) == 128 + SIGKILL)
    #expect(inherited == [0, 1, 2])
  }
}
