import Foundation
import NIOCore
import NIOSSL
import SwiftASN1
import X509

/// TLS for the client core, as the user asks for it (`--tls`, `--cacert`, `--cert`/`--key`,
/// `--insecure`, `--authority`, `--keylog`). The TLS handler sits under the byte tap: the
/// capture, the decoder and pcap see the HTTP/2 bytes in the clear, as on a plaintext connection.
public struct ClientTLS: Sendable {
  /// What the server's certificate is checked against.
  public enum Trust: Sendable, Equatable {
    /// The system's roots (Debian's bundle, `/etc/ssl/certs/ca-certificates.crt`).
    case system
    /// The CA certificates of a PEM file (`--cacert`), and only those.
    case pemFile(String)
    /// No check (`--insecure`): the chain is still read and shown, marked unverified.
    case insecure
  }

  public var trust = Trust.system
  /// A client certificate chain and its key, PEM (`--cert`, `--key`): mutual TLS.
  public var certificateFile: String?
  public var keyFile: String?
  /// The name sent as SNI and checked against the certificate (`--authority`); nil: the
  /// target's host (an IP address is checked as one, and not sent as SNI).
  public var serverName: String?
  /// Receives the session secrets, one NSS key log line at a time (`--keylog`).
  public var keyLog: (@Sendable (ByteBuffer) -> Void)?

  public init() {}
}

/// `ClientTLS` with its files read, made once per client before any connection: a file that
/// cannot be read is an error of the command line, not of every call.
public struct PreparedTLS: Sendable {
  let context: NIOSSLContext
  let roots: CertificateStore?
  let serverName: String?
  /// Whether the server's certificate is checked (not `--insecure`).
  public let verifies: Bool
  /// Whether a client certificate is offered (mutual TLS).
  let sendsCertificate: Bool

  public static func prepare(_ tls: ClientTLS) throws(TLSSetupError) -> PreparedTLS {
    var configuration = TLSConfiguration.makeClientConfiguration()
    configuration.applicationProtocols = ["h2"]
    configuration.minimumTLSVersion = .tlsv12
    // The check is ours (`ServerCertificateCheck`, names included), so that a refusal can say
    // why; BoringSSL's own one would say CERTIFICATE_VERIFY_FAILED whatever the reason. (The
    // custom callback replaces the chain check; NIOSSL would still check the host name after.)
    configuration.certificateVerification = .noHostnameVerification
    configuration.keyLogCallback = tls.keyLog
    // Closing sends close_notify and waits this long for the server's (grpcio never answers
    // it): the default 5 s made every TLS `call` 5 s longer to exit.
    configuration.shutdownTimeout = .milliseconds(100)
    switch (tls.certificateFile, tls.keyFile) {
    case (let certificate?, let key?):
      do {
        configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(certificate).map {
          .certificate($0)
        }
      } catch {
        throw .unreadable("--cert \(certificate)", Self.reason(error))
      }
      do {
        configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
      } catch {
        throw .unreadable("--key \(key)", Self.reason(error))
      }
    case (nil, nil):
      break
    default:
      throw .certificateWithoutKey
    }
    var roots: CertificateStore?
    switch tls.trust {
    case .system:
      roots = CertificateStore.systemTrustRoots
    case .pemFile(let path):
      roots = CertificateStore(try Self.certificates(inPEMFile: path, option: "--cacert"))
    case .insecure:
      roots = nil
    }
    let context: NIOSSLContext
    do {
      context = try NIOSSLContext(configuration: configuration)
    } catch {
      throw .unreadable("the TLS settings", Self.reason(error))
    }
    return PreparedTLS(
      context: context, roots: roots, serverName: tls.serverName, verifies: tls.trust != .insecure,
      sendsCertificate: tls.certificateFile != nil)
  }

  /// Every certificate of a PEM file; none is an error.
  static func certificates(inPEMFile path: String, option: String) throws(TLSSetupError)
    -> [Certificate]
  {
    let text: String
    do {
      text = try String(contentsOfFile: path, encoding: .utf8)
    } catch {
      throw .unreadable("\(option) \(path)", Self.reason(error))
    }
    let documents: [PEMDocument]
    do {
      documents = try PEMDocument.parseMultiple(pemString: text)
    } catch {
      throw .unreadable("\(option) \(path)", "not PEM")
    }
    let certificates = documents.filter { $0.discriminator == "CERTIFICATE" }.compactMap {
      try? Certificate(pemDocument: $0)
    }
    if certificates.isEmpty { throw .unreadable("\(option) \(path)", "no certificate in it") }
    return certificates
  }

  private static func reason(_ error: any Error) -> String {
    if let error = error as? CocoaError, let underlying = error.underlying as? POSIXError {
      return String(cString: strerror(underlying.code.rawValue))
    }
    if let error = error as? NIOSSLError, case .failedToLoadCertificate = error {
      return "not a PEM certificate"
    }
    if let error = error as? NIOSSLError, case .failedToLoadPrivateKey = error {
      return "not a PEM private key"
    }
    if let error = error as? IOError { return String(cString: strerror(error.errnoCode)) }
    return "\(error)"
  }
}

/// Why TLS could not be set up from the command line's files.
public enum TLSSetupError: Error, CustomStringConvertible, Equatable {
  case unreadable(String, String)
  case certificateWithoutKey

  public var description: String {
    switch self {
    case .unreadable(let what, let why): "cannot use \(what): \(why)"
    case .certificateWithoutKey: "--cert and --key go together (a client certificate and its key)"
    }
  }
}
