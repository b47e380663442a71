import NIOCore
import NIOSSL
import NIOTLS

/// Reads the server's first TLS record as it comes off the socket (before NIOSSL decrypts
/// anything) for what NIOSSL does not tell: the cipher suite the ServerHello chose, and whether
/// the server speaks TLS at all. Passes every byte on untouched.
final class ServerHelloReader: ChannelInboundHandler, RemovableChannelHandler {
  typealias InboundIn = ByteBuffer
  typealias InboundOut = ByteBuffer

  enum Finding: Equatable {
    case cipherSuite(UInt16)
    /// The first bytes were not a TLS record: a plaintext server (HTTP/2 frames, say).
    case notTLS([UInt8])
  }

  private(set) var finding: Finding?
  private var head: [UInt8] = []
  /// A ServerHello fits in its first record; past this many bytes, stop looking.
  private static let limit = 1 << 14

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    if finding == nil, head.count < Self.limit {
      let buffer = unwrapInboundIn(data)
      head += buffer.readableBytesView.prefix(Self.limit - head.count)
      finding = Self.read(head)
    }
    context.fireChannelRead(data)
  }

  /// The finding in `bytes` (the start of the stream from the server), nil while too short.
  static func read(_ bytes: [UInt8]) -> Finding? {
    guard bytes.count >= 5 else { return nil }
    // A record: content type 20…23, version 3.x.
    guard (20...23).contains(bytes[0]), bytes[1] == 3 else {
      return .notTLS(Array(bytes.prefix(16)))
    }
    // handshake(22) record holding server_hello(2): type, length (3), version (2), random (32),
    // session id (1 + n), then the cipher suite.
    guard bytes[0] == 22 else { return nil }
    // Within the first record only (a ServerHello split across records is not read).
    let recordEnd = 5 + (Int(bytes[3]) << 8 | Int(bytes[4]))
    guard bytes.count >= 5 + 4 + 2 + 32 + 1 else { return nil }
    guard bytes[5] == 2 else { return nil }
    let sessionIDLength = Int(bytes[5 + 4 + 2 + 32])
    let suite = 5 + 4 + 2 + 32 + 1 + sessionIDLength
    guard suite + 2 <= recordEnd else { return nil }
    guard bytes.count >= suite + 2 else { return nil }
    return .cipherSuite(UInt16(bytes[suite]) << 8 | UInt16(bytes[suite + 1]))
  }

  /// IANA names of the suites BoringSSL negotiates as a client.
  static func name(ofCipherSuite suite: UInt16) -> String {
    let names: [UInt16: String] = [
      0x1301: "TLS_AES_128_GCM_SHA256",
      0x1302: "TLS_AES_256_GCM_SHA384",
      0x1303: "TLS_CHACHA20_POLY1305_SHA256",
      0xC02B: "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
      0xC02C: "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
      0xC02F: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      0xC030: "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      0xCCA8: "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
      0xCCA9: "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
      0x009C: "TLS_RSA_WITH_AES_128_GCM_SHA256",
      0x009D: "TLS_RSA_WITH_AES_256_GCM_SHA384",
    ]
    return names[suite] ?? "0x" + String(suite, radix: 16, uppercase: true)
  }
}

/// Waits for the TLS handshake of a new connection: succeeds with its facts once the server
/// agreed to `h2` and sent its first bytes over TLS (its HTTP/2 SETTINGS); fails with the
/// reason in words otherwise. Sits right above NIOSSL's handler.
///
/// In TLS 1.3 the client's handshake is over before the server has looked at the client's
/// certificate: a server that wants one (or another) refuses it only after, so the connection
/// counts as made once the server has spoken.
final class TLSHandshakeWatcher: ChannelInboundHandler, RemovableChannelHandler {
  typealias InboundIn = NIOAny

  let done: EventLoopPromise<TLSFacts>
  private let helloReader: ServerHelloReader
  private let check: ServerCertificateCheck
  private let serverName: String?
  private let verifies: Bool
  private let sendsCertificate: Bool
  private let target: Target
  /// How long the server has to answer: the handshake and its first bytes over TLS.
  private let timeout: TimeAmount
  private var timer: Scheduled<Void>?
  private var completed = false
  /// The handshake's facts, once it is over, until the server's first bytes.
  private var settled: TLSFacts?

  init(
    done: EventLoopPromise<TLSFacts>, helloReader: ServerHelloReader,
    check: ServerCertificateCheck, serverName: String?, verifies: Bool, sendsCertificate: Bool,
    target: Target, timeout: TimeAmount
  ) {
    self.timeout = timeout
    self.done = done
    self.helloReader = helloReader
    self.check = check
    self.serverName = serverName
    self.verifies = verifies
    self.sendsCertificate = sendsCertificate
    self.target = target
  }

  func channelActive(context: ChannelHandlerContext) {
    // Before the connection's silence watchdog (same timeout, armed after): a silent TLS server
    // is said to be silent, not blamed for a certificate.
    let boundContext = NIOLoopBound(context, eventLoop: context.eventLoop)
    let boundSelf = NIOLoopBound(self, eventLoop: context.eventLoop)
    let milliseconds = timeout.nanoseconds / 1_000_000
    timer = context.eventLoop.scheduleTask(in: timeout - .milliseconds(1)) {
      boundSelf.value.fail(
        TLSConnectError(
          "no TLS answer from \(boundSelf.value.target) within \(milliseconds) ms (is it a TLS server?)"
        ))
      boundContext.value.close(promise: nil)
    }
    context.fireChannelActive()
  }

  func handlerRemoved(context: ChannelHandlerContext) {
    // A channel that never became active (a losing address of several): nothing to wait for.
    fail(TLSConnectError("the connection to \(target) closed before TLS was set up"))
  }

  func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
    if let event = event as? TLSUserEvent, case .handshakeCompleted(let chosen) = event {
      if chosen == "h2" {
        settled = facts(context, alpn: chosen)
      } else {
        let what = chosen.map { "chose \($0)" } ?? "chose no protocol"
        fail(
          TLSConnectError(
            "the server at \(target) does not speak HTTP/2 over TLS: in ALPN it \(what), not h2 (not a gRPC server?)"
          ))
        context.close(promise: nil)
      }
    }
    context.fireUserInboundEventTriggered(event)
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    if let settled { succeed(settled) }
    context.fireChannelRead(data)
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    fail(refusal(error))
    context.fireErrorCaught(error)
  }

  func channelInactive(context: ChannelHandlerContext) {
    fail(refusal(NIOSSLError.uncleanShutdown))
    context.fireChannelInactive()
  }

  /// Why the connection ended before the server spoke over TLS.
  private func refusal(_ error: any Error) -> TLSConnectError {
    guard settled != nil else {
      return TLSConnectError(explaining: error, target: target, context: explanationContext)
    }
    let text = String(describing: error)
    if text.contains("CERTIFICATE_REQUIRED") {
      return TLSConnectError(
        "the server at \(target) wants a client certificate: pass --cert FILE --key FILE")
    }
    if !sendsCertificate {
      // TLS 1.3 servers (grpcio's) refuse a missing client certificate by closing the
      // connection after the handshake, with no alert that reaches us.
      return TLSConnectError(
        "the server at \(target) ended the connection after the TLS handshake, before any HTTP/2: it most likely wants a client certificate; pass --cert FILE --key FILE"
      )
    }
    return TLSConnectError(
      "the server at \(target) ended the connection after the TLS handshake: it does not accept this client certificate (\(TLSConnectError.brief(text)))"
    )
  }

  private var explanationContext: TLSConnectError.Context {
    TLSConnectError.Context(
      refusal: check.result?.refusal, helloFinding: helloReader.finding,
      sendsCertificate: sendsCertificate)
  }

  private func facts(_ context: ChannelHandlerContext, alpn: String?) -> TLSFacts {
    let handler = try? context.pipeline.syncOperations.handler(type: NIOSSLHandler.self)
    let version: String =
      switch handler?.tlsVersion {
      case .tlsv13?: "TLSv1.3"
      case .tlsv12?: "TLSv1.2"
      case .tlsv11?: "TLSv1.1"
      case .tlsv1?: "TLSv1"
      case nil: "unknown"
      }
    var suite = "unknown"
    if case .cipherSuite(let code)? = helloReader.finding {
      suite = ServerHelloReader.name(ofCipherSuite: code)
    }
    return TLSFacts(
      version: version, cipherSuite: suite, alpn: alpn, serverName: serverName,
      verified: verifies, chain: (check.result?.presented ?? []).map(CertificateFacts.init))
  }

  private func succeed(_ facts: TLSFacts) {
    guard !completed else { return }
    completed = true
    timer?.cancel()
    done.succeed(facts)
  }

  private func fail(_ error: TLSConnectError) {
    guard !completed else { return }
    completed = true
    timer?.cancel()
    done.fail(error)
  }
}

/// Why a TLS connection could not be made, in one line: what, and what to do.
public struct TLSConnectError: Error, CustomStringConvertible {
  public var description: String

  struct Context {
    var refusal: TLSRefusal?
    var helloFinding: ServerHelloReader.Finding?
    var sendsCertificate: Bool
  }

  init(_ description: String) { self.description = description }

  init(explaining error: any Error, target: Target, context: Context) {
    if let refusal = context.refusal {
      description = refusal.description
      return
    }
    if case .notTLS? = context.helloFinding {
      description =
        "the server at \(target) does not speak TLS (it answered in plaintext): drop --tls, --cacert and --insecure"
      return
    }
    let text = String(describing: error)
    if text.contains("CERTIFICATE_REQUIRED") {
      description =
        "the server at \(target) wants a client certificate: pass --cert FILE --key FILE"
      return
    }
    if text.contains("ALERT_HANDSHAKE_FAILURE") {
      description =
        "the server at \(target) refused the TLS handshake (handshake_failure): "
        + (context.sendsCertificate
          ? "it may not accept this client certificate, or share no TLS version or cipher with us"
          : "it may want a client certificate (--cert FILE --key FILE), or share no TLS version or cipher with us")
      return
    }
    if text.contains("NO_APPLICATION_PROTOCOL") {
      description =
        "the server at \(target) does not speak HTTP/2 over TLS: it offers no h2 in ALPN (not a gRPC server?)"
      return
    }
    if text.contains("eofDuringHandshake") || text.contains("EOF during handshake")
      || (error as? NIOSSLError).map({ if case .uncleanShutdown = $0 { true } else { false } })
        == true
    {
      description =
        "the server at \(target) closed the connection during the TLS handshake"
        + (context.sendsCertificate ? " (does it accept this client certificate?)" : "")
      return
    }
    description = "TLS handshake with \(target) failed: \(Self.brief(text))"
  }

  /// BoringSSL's error stack without its codes: `WRONG_VERSION_NUMBER`.
  static func brief(_ text: String) -> String {
    let reasons = text.matches(of: /OPENSSL_internal:([A-Z0-9_]+)/).map { String($0.output.1) }
    return reasons.isEmpty ? text : reasons.joined(separator: ", ")
  }
}
