import Foundation
import GreeterTestSupport
import Testing

/// `serve` over TLS, called by Python grpcio's client (`ssl_channel_credentials`) and by ours:
/// with the tests' certificates, with mutual TLS, and with `--tls-self-signed`'s own CA.
@Suite struct TLSServerTests {
  struct Finished {
    var exitStatus: Int32
    var output: String
    var errorOutput: String
  }

  static func pythonClient(_ port: Int, _ options: [String]) async throws -> Finished {
    let client = try ChildProcess(
      try TestEnvironment.python(),
      ["\(try TestEnvironment.pythonPeers())/greeter_client.py", "127.0.0.1:\(port)", "you"]
        + options)
    let status = try await client.waitForExit()
    return Finished(exitStatus: status, output: client.output, errorOutput: client.errorOutput)
  }

  @Test func pythonCallsServeOverTLSAndMutualTLS() async throws {
    let certificates = try TLSTests.certificates()
    let serve = try await ServeProcess.start([
      "--port", "0", "--tls-cert", "\(certificates)/server.pem", "--tls-key",
      "\(certificates)/server.key",
    ])
    defer { serve.process.terminate() }
    let client = try await Self.pythonClient(
      serve.address.port, ["--cacert", "\(certificates)/ca.pem"])
    #expect(client.exitStatus == 0, "\(client.errorOutput)")
    #expect(client.output.split(separator: "\n").map(String.init) == expectedGreetings("you"))

    let mutual = try await ServeProcess.start([
      "--port", "0", "--tls-cert", "\(certificates)/server.pem", "--tls-key",
      "\(certificates)/server.key", "--tls-client-ca", "\(certificates)/ca.pem",
    ])
    defer { mutual.process.terminate() }
    let withCertificate = try await Self.pythonClient(
      mutual.address.port,
      [
        "--cacert", "\(certificates)/ca.pem", "--cert", "\(certificates)/client.pem", "--key",
        "\(certificates)/client.key",
      ])
    #expect(withCertificate.exitStatus == 0, "\(withCertificate.errorOutput)")
    #expect(
      withCertificate.output.split(separator: "\n").map(String.init) == expectedGreetings("you"))
    let without = try await Self.pythonClient(
      mutual.address.port, ["--cacert", "\(certificates)/ca.pem"])
    #expect(without.exitStatus != 0, "no client certificate, no call")
    // Ours, refused the same way, then let in.
    let refused = try await TLSTests.call(
      mutual.address.port, ["--cacert", "\(certificates)/ca.pem"], json: false)
    #expect(refused.status == 2, "\(refused.output)")
    let ours = try await TLSTests.call(
      mutual.address.port,
      [
        "--cacert", "\(certificates)/ca.pem", "--cert", "\(certificates)/client.pem", "--key",
        "\(certificates)/client.key",
      ])
    #expect(ours.status == 0, "\(ours.errorOutput)")
    #expect(try ours.responses == ["Hello, Ada!"])
  }

  @Test func selfSignedWritesItsCAWhichPythonAndOurClientTrust() async throws {
    let state = FileManager.default.temporaryDirectory
      .appendingPathComponent("greeter-state-\(UUID().uuidString)").path
    let serve = try await ServeProcess.start(
      ["--port", "0", "--tls-self-signed"], environment: ["XDG_STATE_HOME": state])
    defer { serve.process.terminate() }
    let ca = "\(state)/greeter-tui/ca.pem"
    #expect(
      serve.process.output.contains(
        "TLS CA for clients: \(ca) (greeter-tui call --cacert \(ca) …)"), "\(serve.process.output)")
    let (_, subject) = try Spawn.run(
      "/usr/bin/openssl", ["x509", "-in", ca, "-noout", "-subject", "-ext", "basicConstraints"])
    #expect(subject.contains("CN = greeter-tui self-signed CA"), "\(subject)")
    #expect(subject.contains("CA:TRUE"), "\(subject)")

    let client = try await Self.pythonClient(serve.address.port, ["--cacert", ca])
    #expect(client.exitStatus == 0, "\(client.errorOutput)")
    #expect(client.output.split(separator: "\n").map(String.init) == expectedGreetings("you"))
    for authority in [[], ["--authority", "localhost"]] {
      let ours = try await TLSTests.call(serve.address.port, ["--cacert", ca] + authority)
      #expect(ours.status == 0, "\(ours.errorOutput)")
      let tls = try #require(try ours.json["tls"] as? [String: Any])
      #expect(tls["verified"] as? Bool == true)
      #expect((tls["chain"] as? [[String: Any]])?.count == 2, "the leaf, then the CA")
    }
  }

  @Test func serveRefusesTLSOptionsThatDoNotGoTogether() async throws {
    let lonely = try await CallProcess.run(["--tls-cert", "/tmp/x.pem"], command: "serve")
    #expect(lonely.status == 64)
    #expect(lonely.errorOutput.contains("--tls-cert and --tls-key go together"))
    let unreadable = try await CallProcess.run(
      ["--port", "0", "--tls-cert", "/nonexistent.pem", "--tls-key", "/nonexistent.key"],
      command: "serve")
    #expect(unreadable.status == 1)
    #expect(
      unreadable.errorOutput.contains("greeter-tui: cannot read --tls-cert /nonexistent.pem"),
      "\(unreadable.errorOutput)")
  }
}

extension TLSServerTests {
  /// The explorer's embedded server over TLS: its own CA trusted by its own client, the lock in
  /// the title bar, the frames in the clear.
  @Test func theEmbeddedServerSpeaksTLSWithItsSelfSignedCA() async throws {
    let tmux = try TmuxSession.start(["--port", "0", "--tls-self-signed"])
    defer { tmux.kill() }
    try await tmux.waitFor(text: "● server 127.0.0.1:")
    try tmux.keys("Enter")
    try tmux.type("Ada")
    try tmux.keys("Enter")
    try await tmux.waitFor("the reply over TLS") {
      $0.contains("◂ Hello, Ada!") && $0.contains("connected 🔒 TLSv1.3")
        && $0.contains("POST /hello")
    }
    #expect(
      FileManager.default.fileExists(atPath: tmux.stateFolder + "/greeter-tui/ca.pem"),
      "the CA is where clients look for it")
    try tmux.keys("C-c")
    #expect(try await tmux.waitFor(text: "exit=").contains("exit=0"))
  }
}
