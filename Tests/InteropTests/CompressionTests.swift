import Foundation
import GreeterTestSupport
import Testing

/// gzip and deflate both ways against Python grpcio: replies it compresses
/// (`compression=grpc.Compression.Gzip`) are read and shown with both sizes; requests we
/// compress (`--compress`) it reads.
@Suite struct CompressionTests {
  static func server(_ options: [String]) async throws -> (ChildProcess, Int) {
    let server = try ChildProcess(
      try TestEnvironment.python(),
      ["\(try TestEnvironment.pythonPeers())/greeter_server.py", "0"] + options)
    let port = try #require(
      Int(try await server.waitForLine(startingWith: "listening on 127.0.0.1:")))
    return (server, port)
  }

  @Test(arguments: ["gzip", "deflate"])
  func compressedRepliesAreReadAndShownWithBothSizes(encoding: String) async throws {
    let (server, port) = try await Self.server(["--compression", encoding])
    defer { server.terminate() }
    // grpcio sends a message as it is when compressing would not make it smaller: a long,
    // repetitive name makes a reply worth compressing.
    let name = String(repeating: "Ada", count: 300)
    let result = try await CallProcess.run(
      ["--json"] + TestEnvironment.withoutDiscovery + [
        "--target", "127.0.0.1:\(port)", "SayHello", name,
      ])
    #expect(result.status == 0, "\(result.errorOutput)")
    #expect(try result.responses == ["Hello, \(name)!"])
    let inbound = try result.frames.filter { $0["dir"] as? String == "in" }
    let summaries = inbound.compactMap { $0["summary"] as? String }
    #expect(
      summaries.contains {
        $0.contains("\(encoding) → 911 B: message: \"Hello, AdaAda")
      }, "\(summaries)")
    let headers = inbound.flatMap { $0["headers"] as? [[String: Any]] ?? [] }
    #expect(
      headers.contains {
        $0["name"] as? String == "grpc-encoding" && $0["value"] as? String == encoding
      })
  }

  @Test(arguments: ["gzip", "deflate"])
  func requestsCompressedWithCompressAreReadByPython(encoding: String) async throws {
    let (server, port) = try await Self.server([])
    defer { server.terminate() }
    let result = try await CallProcess.run(
      ["--json", "--compress", encoding] + TestEnvironment.withoutDiscovery + [
        "--target", "127.0.0.1:\(port)", "SayHelloToAll", "Ada", "Grace", "Lin",
      ])
    #expect(result.status == 0, "\(result.errorOutput)")
    #expect(try result.responses == ["Hello, Ada, Grace and Lin!"])
    let outbound = try result.frames.filter { $0["dir"] as? String == "out" }
    let headers = outbound.flatMap { $0["headers"] as? [[String: Any]] ?? [] }
    #expect(
      headers.contains {
        $0["name"] as? String == "grpc-encoding" && $0["value"] as? String == encoding
      })
    #expect(
      headers.contains {
        $0["name"] as? String == "grpc-accept-encoding"
          && $0["value"] as? String == "gzip, deflate"
      })
    let summaries = outbound.compactMap { $0["summary"] as? String }
    #expect(summaries.contains { $0.contains("\(encoding) → 5 B: name: \"Ada\"") }, "\(summaries)")
  }
}
