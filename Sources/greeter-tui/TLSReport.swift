import Wire
import WireFormat

/// A TLS handshake's facts as `call` prints them (text) and as `--json`'s `tls` member.
struct TLSReport {
  var facts: TLSFacts

  /// `TLS: TLSv1.3, TLS_AES_128_GCM_SHA256, ALPN h2, SNI localhost, verified`, then the chain.
  var lines: [String] {
    var summary = "TLS: \(facts.version), \(facts.cipherSuite), ALPN \(facts.alpn ?? "none")"
    summary += facts.serverName.map { ", SNI \(InertText.make($0))" } ?? ", no SNI"
    summary += facts.verified ? ", verified" : ", NOT VERIFIED (--insecure)"
    var lines = [summary]
    for (index, certificate) in facts.chain.enumerated() {
      lines.append("  [\(index)] subject \(InertText.make(certificate.subject))")
      lines.append("      issuer \(InertText.make(certificate.issuer))")
      if !certificate.names.isEmpty {
        lines.append("      names \(InertText.make(certificate.names.joined(separator: ", ")))")
      }
      lines.append(
        "      valid \(CertificateFacts.time(certificate.notBefore)) to \(CertificateFacts.time(certificate.notAfter))"
      )
      lines.append("      sha256 \(certificate.sha256)")
    }
    return lines
  }

  var json: JSONNode {
    .object([
      ("version", .string(facts.version)),
      ("cipher_suite", .string(facts.cipherSuite)),
      ("alpn", facts.alpn.map(JSONNode.string) ?? .null),
      ("sni", facts.serverName.map(JSONNode.string) ?? .null),
      ("verified", .bool(facts.verified)),
      (
        "chain",
        .array(
          facts.chain.map { certificate in
            .object([
              ("subject", .string(certificate.subject)),
              ("issuer", .string(certificate.issuer)),
              ("names", .array(certificate.names.map(JSONNode.string))),
              ("not_before", .string(CertificateFacts.time(certificate.notBefore))),
              ("not_after", .string(CertificateFacts.time(certificate.notAfter))),
              ("sha256", .string(certificate.sha256)),
            ])
          })
      ),
    ])
  }
}
