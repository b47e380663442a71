import Foundation
import GreeterTestSupport
import Synchronization
import Testing

/// TLS and mutual TLS against Python grpcio (`grpc.ssl_server_credentials`), with certificates
/// made by openssl (Certificates/make-certificates.sh): the handshake's facts, every refusal's
/// one line and exit status, and tshark decrypting the same connection with our key log.
@Suite struct TLSTests {
  /// The certificates, made once per test process.
  static func certificates() throws -> String {
    try made.withLock { made in
      if let made { return made }
      let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("greeter-certs-\(UUID().uuidString)").path
      let script = TestEnvironment.repositoryRoot
        .appendingPathComponent("Tests/InteropTests/Certificates/make-certificates.sh").path
      let (status, output) = try Spawn.run("/bin/bash", [script, folder])
      guard status == 0 else { throw TestFailure("make-certificates.sh failed: \(output)") }
      made = folder
      return folder
    }
  }

  private static let made = Mutex<String?>(nil)

  /// The Python Greeter serving TLS with `leaf`.pem (and requiring a client certificate from
  /// the test CA when `mutual`), with reflection.
  static func server(leaf: String = "server", mutual: Bool = false, reflection: Bool = true)
    async throws -> (ChildProcess, Int)
  {
    let certificates = try certificates()
    var arguments = [
      "\(try TestEnvironment.pythonPeers())/greeter_server.py", "0",
      "--tls-cert", "\(certificates)/\(leaf).pem", "--tls-key", "\(certificates)/\(leaf).key",
    ]
    if reflection { arguments.append("--reflection") }
    if mutual { arguments += ["--client-ca", "\(certificates)/ca.pem"] }
    let server = try ChildProcess(try TestEnvironment.python(), arguments)
    let port = try #require(
      Int(try await server.waitForLine(startingWith: "listening on 127.0.0.1:")))
    return (server, port)
  }

  static func call(_ port: Int, _ options: [String], json: Bool = true) async throws
    -> CallProcess
  {
    try await CallProcess.run(
      (json ? ["--json"] : []) + TestEnvironment.withoutDiscovery + [
        "--target", "127.0.0.1:\(port)",
      ] + options + ["SayHello", "Ada"])
  }

  static func cacert() throws -> [String] { ["--cacert", "\(try certificates())/ca.pem"] }

  @Test func aCallOverTLSShowsTheHandshakeAndItsFramesInTheClear() async throws {
    let (server, port) = try await Self.server()
    defer { server.terminate() }
    let result = try await Self.call(port, try Self.cacert())
    #expect(result.status == 0, "\(result.errorOutput)")
    #expect(try result.responses == ["Hello, Ada!"])
    let tls = try #require(try result.json["tls"] as? [String: Any])
    #expect(tls["version"] as? String == "TLSv1.3")
    #expect(tls["cipher_suite"] as? String == "TLS_AES_128_GCM_SHA256")
    #expect(tls["alpn"] as? String == "h2")
    #expect(tls["verified"] as? Bool == true)
    #expect(tls["sni"] is NSNull, "no SNI for an address")
    let leaf = try #require((tls["chain"] as? [[String: Any]])?.first)
    #expect(leaf["subject"] as? String == "CN=127.0.0.1")
    #expect(leaf["issuer"] as? String == "CN=greeter-tui test CA")
    #expect(
      leaf["names"] as? [String] == ["DNS:localhost", "IP:127.0.0.1", "IP:0:0:0:0:0:0:0:1"])
    let (_, fingerprint) = try Spawn.run(
      "/usr/bin/openssl",
      ["x509", "-in", "\(try Self.certificates())/server.pem", "-noout", "-fingerprint", "-sha256"])
    #expect(
      fingerprint.trimmingCharacters(in: .whitespacesAndNewlines)
        == "sha256 Fingerprint=\(leaf["sha256"] as? String ?? "?")")
    // The frames are HTTP/2 in the clear: the preface, then HEADERS with the path.
    let frames = try result.frames
    #expect(frames.first?["type"] as? String == "PREFACE")
    let headers = frames.flatMap { $0["headers"] as? [[String: Any]] ?? [] }
    #expect(headers.contains { $0["name"] as? String == ":path" })
    #expect(
      headers.contains { $0["name"] as? String == ":scheme" && $0["value"] as? String == "https" },
      "over TLS the scheme is https")
    #expect(
      headers.contains {
        $0["name"] as? String == ":authority" && $0["value"] as? String == "127.0.0.1:\(port)"
      })

    let text = try await Self.call(port, try Self.cacert(), json: false)
    #expect(
      text.output.contains("TLS: TLSv1.3, TLS_AES_128_GCM_SHA256, ALPN h2, no SNI, verified"),
      "\(text.output)")
    #expect(text.output.contains("  [0] subject CN=127.0.0.1"))
  }

  @Test func mutualTLSSendsTheClientCertificateAndSaysWhenOneIsWanted() async throws {
    let (server, port) = try await Self.server(mutual: true)
    defer { server.terminate() }
    let certificates = try Self.certificates()
    let client = [
      "--cert", "\(certificates)/client.pem", "--key", "\(certificates)/client.key",
    ]
    let result = try await Self.call(port, try Self.cacert() + client)
    #expect(result.status == 0, "\(result.errorOutput)")
    #expect(try result.responses == ["Hello, Ada!"])

    let refused = try await Self.call(port, try Self.cacert(), json: false)
    #expect(refused.status == 2)
    #expect(
      refused.output.contains(
        "Status: UNAVAILABLE: the server at 127.0.0.1:\(port) ended the connection after the TLS handshake, before any HTTP/2: it most likely wants a client certificate; pass --cert FILE --key FILE"
      ), "\(refused.output)")
  }

  @Test func reflectionAndDescribeGoOverTLSToo() async throws {
    let (server, port) = try await Self.server()
    defer { server.terminate() }
    let list = try await CallProcess.run(
      ["--target", "127.0.0.1:\(port)"] + (try Self.cacert()), command: "list")
    #expect(list.status == 0, "\(list.errorOutput)")
    #expect(list.output.contains("helloworld.Greeter"), "\(list.output)")
    // The discovery's own connection went over TLS: its handshake is in --json and --frames.
    let listed = try await CallProcess.run(
      ["--target", "127.0.0.1:\(port)", "--json"] + (try Self.cacert()), command: "list")
    let discovery = try #require(listed.json["discovery"] as? [String: Any])
    let tls = try #require(discovery["tls"] as? [String: Any], "\(listed.output)")
    #expect(tls["version"] as? String == "TLSv1.3")
    #expect(tls["verified"] as? Bool == true)
    let leaf = try #require((tls["chain"] as? [[String: Any]])?.first)
    #expect(leaf["subject"] as? String == "CN=127.0.0.1")
    let framed = try await CallProcess.run(
      ["--target", "127.0.0.1:\(port)", "--frames"] + (try Self.cacert()), command: "list")
    #expect(
      framed.output.contains("TLS: TLSv1.3, TLS_AES_128_GCM_SHA256, ALPN h2, no SNI, verified"),
      "\(framed.output)")
    let describe = try await CallProcess.run(
      ["--target", "127.0.0.1:\(port)"] + (try Self.cacert()) + ["helloworld.Greeter.SayHello"],
      command: "describe")
    #expect(describe.status == 0, "\(describe.errorOutput)")
    #expect(describe.output.contains("SayHello"), "\(describe.output)")
  }

  /// The quick start's server has no reflection: the call falls back to the built-in Greeter,
  /// and the discovery that found none still shows its connection's handshake.
  @Test func aDiscoveryThatFindsNoReflectionStillShowsItsHandshake() async throws {
    let (server, port) = try await Self.server(reflection: false)
    defer { server.terminate() }
    let result = try await CallProcess.run(
      ["--json", "--target", "127.0.0.1:\(port)"] + (try Self.cacert()) + ["SayHello", "Ada"])
    #expect(result.status == 0, "\(result.errorOutput)")
    #expect(try result.responses == ["Hello, Ada!"])
    let discovery = try #require(try result.json["discovery"] as? [String: Any])
    #expect(discovery["source"] as? String == "builtin")
    let tls = try #require(discovery["tls"] as? [String: Any], "\(discovery.keys)")
    #expect(tls["version"] as? String == "TLSv1.3")
    #expect(tls["verified"] as? Bool == true)
  }

  @Test func authorityNamesTheServerAndInsecureChecksNothingButSaysSo() async throws {
    let (server, port) = try await Self.server()
    defer { server.terminate() }
    let named = try await Self.call(port, try Self.cacert() + ["--authority", "localhost"])
    #expect(named.status == 0, "\(named.errorOutput)")
    let tls = try #require(try named.json["tls"] as? [String: Any])
    #expect(tls["sni"] as? String == "localhost")
    let headers = try named.frames.flatMap { $0["headers"] as? [[String: Any]] ?? [] }
    #expect(
      headers.contains {
        $0["name"] as? String == ":authority" && $0["value"] as? String == "localhost"
      }, "--authority is the :authority as given")

    let (wrong, wrongPort) = try await Self.server(leaf: "wrongname")
    defer { wrong.terminate() }
    let insecure = try await Self.call(wrongPort, ["--insecure"])
    #expect(insecure.status == 0, "\(insecure.errorOutput)")
    #expect((try insecure.json["tls"] as? [String: Any])?["verified"] as? Bool == false)
    let text = try await Self.call(wrongPort, ["--insecure"], json: false)
    #expect(text.output.contains("NOT VERIFIED (--insecure)"), "\(text.output)")
  }

  /// Every refusal: its one line, exit status 2.
  @Test(arguments: [
    (
      "server", ["--tls"],
      "the server's certificate is signed by an unknown CA (CN=greeter-tui test CA): pass --cacert FILE with that CA, or --insecure"
    ),
    (
      "wrongname", ["CACERT"],
      "the server's certificate is not for 127.0.0.1: it is for DNS:other.example (pass --authority NAME with one of them)"
    ),
    (
      "expired", ["CACERT"],
      "the server's certificate expired on 2021-01-01 00:00:00 UTC (valid from 2020-01-01 00:00:00 UTC)"
    ),
    (
      "clientonly", ["CACERT"],
      "the server's certificate is not for servers (its extended key usage lacks serverAuth)"
    ),
    (
      "future", ["CACERT"],
      "the server's certificate is not valid until 2099-01-01 00:00:00 UTC (to 2100-01-01 00:00:00 UTC): check the clocks"
    ),
  ])
  func aRefusedCertificateIsOneLineSayingWhatToDo(
    leaf: String, options: [String], line: String
  ) async throws {
    let (server, port) = try await Self.server(leaf: leaf)
    defer { server.terminate() }
    let arguments = try options.flatMap { $0 == "CACERT" ? try Self.cacert() : [$0] }
    let result = try await Self.call(port, arguments, json: false)
    #expect(result.status == 2, "\(result.output)")
    #expect(result.output.contains("Status: UNAVAILABLE: \(line) · "), "\(result.output)")
  }

  @Test func tlsToAPlaintextPortAndPlaintextToATLSPortSaySo() async throws {
    let plain = try ChildProcess(
      try TestEnvironment.python(), ["\(try TestEnvironment.pythonPeers())/greeter_server.py", "0"])
    defer { plain.terminate() }
    let plainPort = try #require(
      Int(try await plain.waitForLine(startingWith: "listening on 127.0.0.1:")))
    let toPlain = try await Self.call(plainPort, try Self.cacert(), json: false)
    #expect(toPlain.status == 2)
    #expect(
      toPlain.output.contains(
        "Status: UNAVAILABLE: the server at 127.0.0.1:\(plainPort) does not speak TLS (it answered in plaintext): drop --tls, --cacert and --insecure"
      ), "\(toPlain.output)")

    let (server, port) = try await Self.server()
    defer { server.terminate() }
    let toTLS = try await Self.call(port, [], json: false)
    #expect(toTLS.status != 0)
    #expect(
      toTLS.output.contains(
        "the server closed the connection without sending a byte (an HTTP/2 server sends SETTINGS first): if it speaks TLS, pass --tls or --cacert FILE"
      ), "\(toTLS.output)")
  }

  @Test func aTLSServerWithoutH2InALPNIsNotTakenForGRPC() async throws {
    let certificates = try Self.certificates()
    let port = try LoopbackPort.outsideEphemeralRange()
    let server = try ChildProcess(
      "/usr/bin/openssl",
      [
        "s_server", "-accept", "127.0.0.1:\(port)", "-cert", "\(certificates)/server.pem",
        "-key", "\(certificates)/server.key", "-alpn", "http/1.1", "-www",
      ])
    defer { server.terminate() }
    _ = try await server.waitForLine(startingWith: "ACCEPT")
    let result = try await Self.call(port, try Self.cacert(), json: false)
    #expect(result.status == 2)
    #expect(
      result.output.contains(
        "Status: UNAVAILABLE: the server at 127.0.0.1:\(port) does not speak HTTP/2 over TLS: it offers no h2 in ALPN (not a gRPC server?)"
      ), "\(result.output)")
  }

  @Test func filesThatCannotBeUsedAreUsageErrors() async throws {
    let missing = try await CallProcess.run(
      ["--cacert", "/nonexistent/ca.pem", "--embedded", "SayHello", "Ada"])
    #expect(missing.status == 64)
    #expect(
      missing.errorOutput.contains(
        "greeter-tui: cannot use --cacert /nonexistent/ca.pem: No such file or directory"),
      "\(missing.errorOutput)")
    // The key log holds the sessions' secrets: never through a link, never into a file that
    // is not the user's own.
    let link = FileManager.default.temporaryDirectory
      .appendingPathComponent("keylog-link-\(UUID().uuidString)").path
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/tmp/elsewhere")
    defer { try? FileManager.default.removeItem(atPath: link) }
    let linked = try await CallProcess.run(["--keylog", link, "--embedded", "SayHello", "Ada"])
    #expect(linked.status == 64)
    #expect(
      linked.errorOutput.contains(
        "greeter-tui: cannot use --keylog \(link): Too many levels of symbolic links"),
      "\(linked.errorOutput)")
    let lonely = try await CallProcess.run(["--cert", "/tmp/x.pem", "--embedded", "SayHello"])
    #expect(lonely.status == 64)
    #expect(lonely.errorOutput.contains("--cert and --key go together"), "\(lonely.errorOutput)")
  }

  /// tshark, given our `--keylog`, decrypts a capture of the same connections: its HTTP/2
  /// frames (types, streams, lengths, flags, every decrypted byte), headers and gRPC message
  /// lengths are `call --json`'s, for all five Greeter methods.
  @Test func tsharkDecryptsTheCaptureWithOurKeyLogIntoTheSameFrames() async throws {
    let (server, port) = try await Self.server()
    defer { server.terminate() }
    let keylog = FileManager.default.temporaryDirectory
      .appendingPathComponent("keylog-\(UUID().uuidString).txt").path
    let capture = try await TsharkCapture.start(port: port)
    var results: [CallProcess] = []
    for call in FidelityTests.calls {
      let result = try await CallProcess.run(
        ["--json", "--protoset", TestEnvironment.greeterProtoset, "--target", "127.0.0.1:\(port)"]
          + (try Self.cacert()) + ["--keylog", keylog] + call)
      #expect(result.status == 0, "\(result.errorOutput)")
      results.append(result)
    }
    let packets = try await capture.stop(
      connectionsSinceStart: FidelityTests.calls.count, keylog: keylog)
    let keyLines = try String(contentsOfFile: keylog, encoding: .utf8).split(separator: "\n")
    #expect(keyLines.filter { $0.hasPrefix("CLIENT_TRAFFIC_SECRET_0 ") }.count == 5)
    let connections = Dictionary(grouping: packets, by: \.connection).sorted { $0.key < $1.key }
      .filter { !$0.value.flatMap(\.frames).isEmpty }
    try #require(connections.count == FidelityTests.calls.count, "one connection per call")
    var tally = FidelityTests.Tally()
    for ((_, packets), (call, result)) in zip(connections, zip(FidelityTests.calls, results)) {
      let (out, inbound) = try FidelityTests.sides(result)
      FidelityTests.compare(
        out, packets.filter { !$0.fromServer }, "TLS \(call[0]) out", &tally, bytes: false)
      FidelityTests.compare(
        inbound, packets.filter(\.fromServer), "TLS \(call[0]) in", &tally, bytes: false)
    }
    // And every decrypted byte: the preface and each frame, header and payload.
    let decrypted = try TsharkCapture.decryptedBytes(capture.file, port: port, keylog: keylog)
    var bytes = 0
    for ((connection, _), (call, result)) in zip(connections, zip(FidelityTests.calls, results)) {
      let (out, inbound) = try FidelityTests.sides(result)
      let seen = try #require(decrypted[connection], "connection \(connection)")
      #expect(seen.client == out.bytes, "TLS \(call[0]) out: decrypted bytes differ")
      #expect(seen.server == inbound.bytes, "TLS \(call[0]) in: decrypted bytes differ")
      bytes += seen.client.count + seen.server.count
    }
    print(
      "fidelity vs tshark over TLS: \(tally.frames) frames, \(tally.fields) fields, \(bytes) decrypted bytes compared"
    )
    #expect(tally.frames > 40)
    #expect(bytes > 2_000)
  }
}

extension TLSTests {
  /// The explorer over TLS: the title bar says so, and each call's frames begin with the
  /// handshake, whose Decoded view lists its facts.
  @Test func theExplorerShowsTheLockAndTheHandshakeAboveTheFrames() async throws {
    let (server, port) = try await Self.server()
    defer { server.terminate() }
    let tmux = try TmuxSession.start(
      ["--target", "127.0.0.1:\(port)", "--cacert", "\(try Self.certificates())/ca.pem"])
    defer { tmux.kill() }
    try await tmux.sayHello("Ada")
    try await tmux.waitFor("the reply, then OK") {
      $0.contains("◂ Hello, Ada!") && $0.contains("OK · ")
    }
    try await tmux.waitFor(text: "connected 🔒 TLSv1.3")
    try tmux.keys("Tab", "Tab", "Enter")
    let screen = try await tmux.waitFor("the TLS entry and its facts") {
      $0.contains("cipher suite: TLS_AES_128_GCM_SHA256") && $0.contains("TLS            0")
        && $0.contains("[0] subject: CN=127.0.0.1")
    }
    #expect(screen.contains("[0] subject: CN=127.0.0.1"), "\(screen)")
    try tmux.keys("C-c")
    #expect(try await tmux.waitFor(text: "exit=").contains("exit=0"))
  }
}
