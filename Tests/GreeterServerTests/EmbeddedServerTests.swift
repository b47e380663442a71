import Foundation
import GRPCCore
import GreeterProtos
import GreeterServer
import GreeterTestSupport
import Testing

@Suite struct EmbeddedServerTests {
  @Test func grpcSwiftClientCallsAllFourMethods() async throws {
    let greetings = try await withEmbeddedServer { address in
      try await withGreeterClient(address) { try await greetAllFourWays($0, name: "세종") }
    }
    #expect(greetings == expectedGreetings("세종"))
  }

  @Test func restartsOnTheSamePort() async throws {
    let server = EmbeddedServer()
    let port = try LoopbackPort.outsideEphemeralRange()
    let first = try await server.start(port: port)
    #expect(first.port == port)
    await server.stop()
    #expect(await server.address == nil)
    #expect(LoopbackPort.refuses(port), "stopped means nothing listens on the port")

    let second = try await server.start(port: port)
    #expect(second == first)
    let reply = try? await withGreeterClient(second) {
      try await $0.sayHello(.with { $0.name = "back" }, options: testCallOptions)
    }
    await server.stop()
    #expect(reply?.message == "Hello, back!")
  }

  @Test func portInUseIsAClearError() async throws {
    try await withEmbeddedServer { taken in
      let second = EmbeddedServer()
      let error = await #expect(throws: EmbeddedServerError.self) {
        try await second.start(port: taken.port)
      }
      #expect(error == .addressInUse(taken))
      #expect(error.map { "\($0)" } == "127.0.0.1:\(taken.port) is already in use")
      #expect(await second.address == nil)
    }
  }

  @Test func startingTwiceIsRefused() async throws {
    let server = EmbeddedServer()
    let address = try await server.start(port: 0)
    await #expect(throws: EmbeddedServerError.alreadyRunning(address)) {
      try await server.start(port: 0)
    }
    await server.stop()
  }

  @Test func notAnIPAddressIsAClearError() async throws {
    let error = await #expect(throws: EmbeddedServerError.self) {
      try await EmbeddedServer().start(host: "greeter.invalid", port: 0)
    }
    #expect(
      error.map { "\($0)" }
        == "cannot listen on greeter.invalid:0: \"greeter.invalid\" is not an IP address")
  }

  /// The listening socket's local address, as the kernel reports it, is the loopback address.
  @Test func bindsLoopbackByDefault() async throws {
    let (address, listeners) = try await withEmbeddedServer { address in
      (address, try ListeningSockets.ipv4())
    }
    #expect(address.host == "127.0.0.1")
    #expect(listeners.contains { $0.port == address.port && $0.host == "127.0.0.1" })
    #expect(!listeners.contains { $0.port == address.port && $0.host != "127.0.0.1" })
  }
}

/// Listening TCP sockets from /proc/net/tcp: what the kernel actually bound, not what we asked for.
enum ListeningSockets {
  static func ipv4() throws -> [ServerAddress] {
    // Read to the end: /proc files report size 0, and a busy machine's table spans many pages.
    guard let handle = FileHandle(forReadingAtPath: "/proc/net/tcp") else {
      throw CocoaError(.fileReadNoSuchFile)
    }
    defer { try? handle.close() }
    let table = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
    return table.split(separator: "\n").dropFirst().compactMap { line in
      let columns = line.split(separator: " ")
      // columns: sl local_address rem_address st ...; st 0A is LISTEN
      guard columns.count > 3, columns[3] == "0A" else { return nil }
      let local = columns[1].split(separator: ":")
      guard local.count == 2, let hexHost = UInt32(local[0], radix: 16),
        let port = Int(local[1], radix: 16)
      else { return nil }
      // The address is in network byte order, printed as a little-endian number.
      let bytes = (0..<4).map { (hexHost >> (8 * $0)) & 0xFF }
      return ServerAddress(host: bytes.map(String.init).joined(separator: "."), port: port)
    }
  }
}
