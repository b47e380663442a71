import Crypto
import Foundation
import SwiftASN1
import X509

/// `--tls-self-signed`: a CA and a server certificate from it for 127.0.0.1, ::1 and
/// localhost, made at start with swift-certificates (P-256 keys, valid for a year, the leaf for
/// servers only). The CA is what clients trust (`call --cacert`, Python's
/// `ssl_channel_credentials`); the CA's key is never written anywhere.
public struct SelfSignedTLS: Sendable {
  public let caPEM: String
  public let leafPEM: String
  public let leafKeyPEM: String

  public static func make(now: Date = Date()) throws -> SelfSignedTLS {
    let caKey = P256.Signing.PrivateKey()
    let leafKey = P256.Signing.PrivateKey()
    let caName = try DistinguishedName {
      OrganizationName("greeter-tui")
      CommonName("greeter-tui self-signed CA")
    }
    let leafName = try DistinguishedName {
      OrganizationName("greeter-tui")
      CommonName("localhost")
    }
    let notBefore = now.addingTimeInterval(-3600)
    let notAfter = now.addingTimeInterval(365 * 24 * 3600)
    let ca = try Certificate(
      version: .v3, serialNumber: Certificate.SerialNumber(),
      publicKey: .init(caKey.publicKey), notValidBefore: notBefore, notValidAfter: notAfter,
      issuer: caName, subject: caName, signatureAlgorithm: .ecdsaWithSHA256,
      extensions: try Certificate.Extensions {
        Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
        Critical(KeyUsage(keyCertSign: true, cRLSign: true))
        SubjectKeyIdentifier(hash: .init(caKey.publicKey))
      },
      issuerPrivateKey: .init(caKey))
    let leaf = try Certificate(
      version: .v3, serialNumber: Certificate.SerialNumber(),
      publicKey: .init(leafKey.publicKey), notValidBefore: notBefore, notValidAfter: notAfter,
      issuer: caName, subject: leafName, signatureAlgorithm: .ecdsaWithSHA256,
      extensions: try Certificate.Extensions {
        Critical(BasicConstraints.notCertificateAuthority)
        Critical(KeyUsage(digitalSignature: true))
        try ExtendedKeyUsage([.serverAuth])
        SubjectAlternativeNames([
          .dnsName("localhost"), .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1])),
          .ipAddress(
            ASN1OctetString(contentBytes: ArraySlice([UInt8](repeating: 0, count: 15) + [1]))),
        ])
        AuthorityKeyIdentifier(keyIdentifier: try ca.extensions.subjectKeyIdentifier?.keyIdentifier)
      },
      issuerPrivateKey: .init(caKey))
    return SelfSignedTLS(
      caPEM: try ca.serializeAsPEM().pemString, leafPEM: try leaf.serializeAsPEM().pemString,
      leafKeyPEM: leafKey.pemRepresentation)
  }

  /// The server's side: the leaf, then the CA (clients that trust the CA get the whole chain).
  public var serverTLS: ServerTLS {
    ServerTLS(
      certificateChainPEM: Array((leafPEM + "\n" + caPEM).utf8),
      privateKeyPEM: Array(leafKeyPEM.utf8))
  }
}
