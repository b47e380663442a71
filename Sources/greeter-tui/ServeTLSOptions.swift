import ArgumentParser
import Foundation
import GreeterServer

/// TLS for `serve` (and the explorer's embedded server): files given, or a CA and a leaf made
/// at start whose CA is written where clients can find it.
struct ServeTLSOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Serve TLS with this certificate chain, PEM (with --tls-key).", valueName: "file"))
  var tlsCert: String?

  @Option(help: ArgumentHelp("The private key of --tls-cert, PEM.", valueName: "file"))
  var tlsKey: String?

  @Option(
    help: ArgumentHelp(
      "Require a client certificate from the CAs of this PEM file (mutual TLS).", valueName: "file")
  )
  var tlsClientCa: String?

  @Flag(
    help:
      "Serve TLS with a CA and a certificate for 127.0.0.1, ::1 and localhost made at start; the CA is written to $XDG_STATE_HOME/greeter-tui/ca.pem for clients (call --cacert)."
  )
  var tlsSelfSigned = false

  func validate() throws {
    if (tlsCert == nil) != (tlsKey == nil) {
      throw ValidationError("--tls-cert and --tls-key go together")
    }
    if tlsSelfSigned, tlsCert != nil {
      throw ValidationError("--tls-self-signed makes its own certificate: not with --tls-cert")
    }
    if tlsClientCa != nil, tlsCert == nil, !tlsSelfSigned {
      throw ValidationError(
        "--tls-client-ca needs TLS: --tls-cert and --tls-key, or --tls-self-signed")
    }
  }

  /// Where `--tls-self-signed` writes its CA.
  static func caPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String
  {
    (HistoryFile.defaultPath(environment: environment) as NSString).deletingLastPathComponent
      + "/ca.pem"
  }

  /// `serverTLS()`, or the reason it cannot be had on standard error and exit 1.
  func serverTLSOrExit() throws -> (tls: ServerTLS, caPath: String?)? {
    do {
      return try serverTLS()
    } catch {
      StandardError.writeLine("greeter-tui: \(error)")
      throw ExitCode.failure
    }
  }

  /// The server's TLS, nil for plaintext; with `--tls-self-signed`, the CA's path too (written).
  private func serverTLS() throws -> (tls: ServerTLS, caPath: String?)? {
    let clientCAs = try tlsClientCa.map { try Self.read($0, option: "--tls-client-ca") }
    if tlsSelfSigned {
      let made = try SelfSignedTLS.make()
      let path = Self.caPath()
      do {
        try FileManager.default.createDirectory(
          atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(made.caPEM.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
      } catch {
        throw ServeTLSError("cannot write the CA to \(path): \(error.localizedDescription)")
      }
      var tls = made.serverTLS
      tls.clientCAsPEM = clientCAs
      return (tls, path)
    }
    guard let tlsCert, let tlsKey else { return nil }
    return (
      ServerTLS(
        certificateChainPEM: try Self.read(tlsCert, option: "--tls-cert"),
        privateKeyPEM: try Self.read(tlsKey, option: "--tls-key"), clientCAsPEM: clientCAs),
      nil
    )
  }

  private static func read(_ path: String, option: String) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ServeTLSError("cannot read \(option) \(path)")
    }
    guard String(decoding: data, as: UTF8.self).contains("-----BEGIN ") else {
      throw ServeTLSError("\(option) \(path) is not PEM")
    }
    return Array(data)
  }
}

struct ServeTLSError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
