import GRPCNIOTransportHTTP2Posix

/// TLS for the embedded server and `serve`: a certificate chain and its key (PEM), and,
/// for mutual TLS, the CAs a client's certificate must come from.
public struct ServerTLS: Sendable {
  public var certificateChainPEM: [UInt8]
  public var privateKeyPEM: [UInt8]
  /// Set: every client must present a certificate from one of these CAs (PEM).
  public var clientCAsPEM: [UInt8]?

  public init(certificateChainPEM: [UInt8], privateKeyPEM: [UInt8], clientCAsPEM: [UInt8]? = nil) {
    self.certificateChainPEM = certificateChainPEM
    self.privateKeyPEM = privateKeyPEM
    self.clientCAsPEM = clientCAsPEM
  }

  var transportSecurity: HTTP2ServerTransport.Posix.TransportSecurity {
    let chain = [TLSConfig.CertificateSource.bytes(certificateChainPEM, format: .pem)]
    let key = TLSConfig.PrivateKeySource.bytes(privateKeyPEM, format: .pem)
    guard let clientCAsPEM else {
      return .tls(certificateChain: chain, privateKey: key) { $0.requireALPN = false }
    }
    return .mTLS(certificateChain: chain, privateKey: key) { config in
      config.trustRoots = .certificates([.bytes(clientCAsPEM, format: .pem)])
      // A client has no name to check; its certificate must chain to the CAs.
      config.clientCertificateVerification = .noHostnameVerification
    }
  }
}
