import Foundation
import NIOCore
import NIOSSL
import SwiftASN1
import Synchronization
import X509

/// The server's certificate checked with swift-certificates (RFC 5280 and the server's name),
/// in place of BoringSSL's check: on refusal it says which of the usual reasons it is (unknown
/// CA, another name, expired, not yet valid) with what the user needs (the names it has, the
/// dates), and either way it keeps the chain the server presented, to show it.
final class ServerCertificateCheck: Sendable {
  private let roots: CertificateStore?
  /// The name the certificate must hold: SNI or `--authority`, else the target's host.
  private let expectedName: String
  private let outcome = Mutex<Outcome?>(nil)

  struct Outcome: Sendable {
    var presented: [Certificate]
    var refusal: TLSRefusal?
  }

  init(roots: CertificateStore?, expectedName: String) {
    self.roots = roots
    self.expectedName = expectedName
  }

  /// What the check found; nil before the server's certificate arrived.
  var result: Outcome? { outcome.withLock { $0 } }

  /// NIOSSL's custom verification callback.
  func verify(
    _ presented: [NIOSSLCertificate],
    _ promise: EventLoopPromise<NIOSSLVerificationResultWithMetadata>
  ) {
    // Every certificate must read: the one BoringSSL takes the server's key from is the first
    // one presented, and it is the one checked, never one further down.
    let chain: [Certificate]
    do {
      chain = try presented.map { try Certificate(derEncoded: $0.toDERBytes()) }
    } catch {
      outcome.withLock { $0 = Outcome(presented: [], refusal: .unreadable("\(error)")) }
      promise.succeed(.failed)
      return
    }
    guard let leaf = chain.first else {
      outcome.withLock { $0 = Outcome(presented: [], refusal: .noCertificate) }
      promise.succeed(.failed)
      return
    }
    guard let roots else {
      // --insecure: anything goes, and is shown as unverified.
      outcome.withLock { $0 = Outcome(presented: chain, refusal: nil) }
      promise.succeed(.certificateVerified(VerificationMetadata(nil)))
      return
    }
    let name = expectedName
    let isAddress = Self.isIPAddress(name)
    Task {
      var verifier = Verifier(rootCertificates: roots) {
        RFC5280Policy()
        ServerIdentityPolicy(
          serverHostname: isAddress ? nil : name, serverIP: isAddress ? name : nil)
        ServerAuthenticationPolicy()
      }
      let result = await verifier.validate(
        leaf: leaf, intermediates: CertificateStore(chain.dropFirst()))
      switch result {
      case .validCertificate:
        outcome.withLock { $0 = Outcome(presented: chain, refusal: nil) }
        promise.succeed(.certificateVerified(VerificationMetadata(nil)))
      case .couldNotValidate:
        let refusal = await Self.diagnose(chain, roots: roots, name: name)
        outcome.withLock { $0 = Outcome(presented: chain, refusal: refusal) }
        promise.succeed(.failed)
      }
    }
  }

  /// Which usual reason it is, checked in the order a user fixes them: dates first (a clock or
  /// an old certificate), then the name, then the issuer.
  static func diagnose(_ chain: [Certificate], roots: CertificateStore, name: String) async
    -> TLSRefusal
  {
    let leaf = chain[0]
    let now = Date()
    if now > leaf.notValidAfter {
      return .expired(notBefore: leaf.notValidBefore, notAfter: leaf.notValidAfter)
    }
    if now < leaf.notValidBefore {
      return .notYetValid(notBefore: leaf.notValidBefore, notAfter: leaf.notValidAfter)
    }
    let names = CertificateFacts.names(of: leaf)
    if !holds(names, name) { return .nameMismatch(name: name, names: names) }
    if !ServerAuthenticationPolicy.allowsServers(leaf) { return .notForServers }
    return .unknownAuthority(issuer: (chain.last ?? leaf).issuer.description)
  }

  /// Whether `names` (`DNS:…`, `IP:…`) hold `name`, as RFC 6125 matches them: an address
  /// only an IP entry, a host name a DNS entry, case aside, `*.` standing for one label.
  /// Only to say why the verifier refused: the verifier's own check is what decides.
  static func holds(_ names: [String], _ name: String) -> Bool {
    if isIPAddress(name) {
      let wanted = canonicalAddress(name)
      return names.contains {
        $0.hasPrefix("IP:") && canonicalAddress(String($0.dropFirst(3))) == wanted
      }
    }
    let host = name.lowercased()
    return names.contains { entry in
      guard entry.hasPrefix("DNS:") else { return false }
      let pattern = entry.dropFirst(4).lowercased()
      if pattern.hasPrefix("*.") {
        guard let dot = host.firstIndex(of: ".") else { return false }
        return host[dot...] == pattern.dropFirst()
      }
      return pattern == host
    }
  }

  /// An address in one spelling (`::1` and `0:0:0:0:0:0:0:1` alike).
  private static func canonicalAddress(_ text: String) -> [UInt8]? {
    var v4 = in_addr()
    if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: v4) { Array($0) } }
    var v6 = in6_addr()
    if inet_pton(AF_INET6, text, &v6) == 1 { return withUnsafeBytes(of: v6) { Array($0) } }
    return nil
  }

  static func isIPAddress(_ name: String) -> Bool {
    var v4 = in_addr()
    var v6 = in6_addr()
    return inet_pton(AF_INET, name, &v4) == 1 || inet_pton(AF_INET6, name, &v6) == 1
  }
}

/// The leaf must be for servers when it says what it is for (extended key usage), as BoringSSL's
/// check and grpcurl's require: a client certificate of the same CA is not a server's.
struct ServerAuthenticationPolicy: VerifierPolicy {
  let verifyingCriticalExtensions: [ASN1ObjectIdentifier] = [
    .X509ExtensionID.extendedKeyUsage
  ]

  static func allowsServers(_ certificate: Certificate) -> Bool {
    guard let usages = try? certificate.extensions.extendedKeyUsage else {
      // No extension: any use; one that does not read: none.
      return certificate.extensions[oid: .X509ExtensionID.extendedKeyUsage] == nil
    }
    return usages.contains(.serverAuth) || usages.contains(.any)
  }

  mutating func chainMeetsPolicyRequirements(chain: UnverifiedCertificateChain)
    -> PolicyEvaluationResult
  {
    Self.allowsServers(chain.leaf)
      ? .meetsPolicy : .failsToMeetPolicy(reason: "the leaf is not for server authentication")
  }
}

/// Why our check refused the server's certificate.
enum TLSRefusal: Sendable, Equatable {
  case noCertificate
  case unreadable(String)
  case notForServers
  case unknownAuthority(issuer: String)
  case nameMismatch(name: String, names: [String])
  case expired(notBefore: Date, notAfter: Date)
  case notYetValid(notBefore: Date, notAfter: Date)

  /// One line: what, and what to do.
  var description: String {
    switch self {
    case .noCertificate:
      return "the server presented no certificate"
    case .unreadable(let why):
      return "the server's certificate chain could not be read: \(why)"
    case .notForServers:
      return
        "the server's certificate is not for servers (its extended key usage lacks serverAuth)"
    case .unknownAuthority(let issuer):
      return
        "the server's certificate is signed by an unknown CA (\(issuer)): pass --cacert FILE with that CA, or --insecure"
    case .nameMismatch(let name, let names):
      let held = names.isEmpty ? "no names" : names.joined(separator: ", ")
      return
        "the server's certificate is not for \(name): it is for \(held) (pass --authority NAME with one of them)"
    case .expired(let notBefore, let notAfter):
      return
        "the server's certificate expired on \(CertificateFacts.time(notAfter)) (valid from \(CertificateFacts.time(notBefore)))"
    case .notYetValid(let notBefore, let notAfter):
      return
        "the server's certificate is not valid until \(CertificateFacts.time(notBefore)) (to \(CertificateFacts.time(notAfter))): check the clocks"
    }
  }
}
