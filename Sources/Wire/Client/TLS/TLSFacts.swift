import Crypto
import Foundation
import SwiftASN1
import X509

/// What a TLS handshake settled, as `call --json` (`tls`), `call`'s text and the explorer show it.
public struct TLSFacts: Sendable, Equatable {
  /// `TLSv1.3`.
  public var version: String
  /// `TLS_AES_128_GCM_SHA256`, read from the server's ServerHello.
  public var cipherSuite: String
  /// The protocol the server chose in ALPN (`h2`).
  public var alpn: String?
  /// The name sent as SNI (none for an IP address).
  public var serverName: String?
  /// Whether the certificate was checked (false with `--insecure`).
  public var verified: Bool
  /// The certificates the server presented, leaf first.
  public var chain: [CertificateFacts]

  public init(
    version: String, cipherSuite: String, alpn: String?, serverName: String?, verified: Bool,
    chain: [CertificateFacts]
  ) {
    self.version = version
    self.cipherSuite = cipherSuite
    self.alpn = alpn
    self.serverName = serverName
    self.verified = verified
    self.chain = chain
  }
}

/// One certificate as a person checks it: who, by whom, for which names, when, which one.
public struct CertificateFacts: Sendable, Equatable {
  public var subject: String
  public var issuer: String
  /// `DNS:localhost`, `IP:127.0.0.1`.
  public var names: [String]
  public var notBefore: Date
  public var notAfter: Date
  /// SHA-256 of the DER bytes, `AB:CD:…`, as `openssl x509 -fingerprint -sha256` writes it.
  public var sha256: String

  public init(_ certificate: Certificate) {
    subject = certificate.subject.description
    issuer = certificate.issuer.description
    names = Self.names(of: certificate)
    notBefore = certificate.notValidBefore
    notAfter = certificate.notValidAfter
    var serializer = DER.Serializer()
    let der = (try? serializer.serialize(certificate)).map { serializer.serializedBytes } ?? []
    sha256 = SHA256.hash(data: der).map { String(format: "%02X", $0) }.joined(separator: ":")
  }

  /// The subject alternative names a server's name is checked against.
  static func names(of certificate: Certificate) -> [String] {
    guard let names = try? certificate.extensions.subjectAlternativeNames else { return [] }
    return names.compactMap { name -> String? in
      switch name {
      case .dnsName(let dns): return "DNS:\(dns)"
      case .ipAddress(let octets): return "IP:\(Self.address(octets.bytes))"
      default: return nil
      }
    }
  }

  private static func address(_ bytes: ArraySlice<UInt8>) -> String {
    if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
    if bytes.count == 16 {
      var words: [String] = []
      var index = bytes.startIndex
      while index < bytes.endIndex {
        words.append(String(UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]), radix: 16))
        index += 2
      }
      return words.joined(separator: ":")
    }
    return bytes.map { String($0, radix: 16) }.joined()
  }

  /// `2026-12-02 22:37:52 UTC`.
  public static func time(_ date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd HH:mm:ss 'UTC'"
    return formatter.string(from: date)
  }
}
