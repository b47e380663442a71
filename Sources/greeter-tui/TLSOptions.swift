import ArgumentParser
import Foundation
import NIOCore
import Wire

/// TLS for `call`, `list` and `describe`: the frames stay in the clear (the TLS handler sits
/// under the tap), the handshake is shown, the secrets can go to a key log.
struct TLSOptions: ParsableArguments {
  @Flag(help: "Speak TLS (ALPN h2), checking the server against the system's CAs.")
  var tls = false

  @Option(
    help: ArgumentHelp("Trust the CAs of this PEM file only (implies --tls).", valueName: "file"))
  var cacert: String?

  @Option(
    help: ArgumentHelp("A client certificate, PEM, for mutual TLS (with --key).", valueName: "file")
  )
  var cert: String?

  @Option(help: ArgumentHelp("The client certificate's private key, PEM.", valueName: "file"))
  var key: String?

  @Flag(help: "TLS without checking the server's certificate (said in the output).")
  var insecure = false

  @Option(
    help: ArgumentHelp(
      "The :authority of the calls and the TLS server name (SNI, and the name checked).",
      valueName: "name"))
  var authority: String?

  @Option(
    help: ArgumentHelp(
      "Append the TLS session secrets to FILE in the NSS key log format (SSLKEYLOGFILE), for Wireshark or tshark.",
      valueName: "file"))
  var keylog: String?

  /// Whether TLS is asked for, by any of the options that imply it.
  var usesTLS: Bool { tls || cacert != nil || insecure || cert != nil || keylog != nil }

  func validate() throws {
    if (cert == nil) != (key == nil) {
      throw ValidationError("--cert and --key go together (a client certificate and its key)")
    }
    if insecure, cacert != nil {
      throw ValidationError("--insecure checks nothing: it does not go with --cacert")
    }
    if let authority, authority.isEmpty || authority.contains(where: \.isWhitespace) {
      throw ValidationError("--authority takes a host name, such as localhost")
    }
  }

  /// The transport, or the reason it cannot be had on standard error and exit 64.
  static func transportOrExit(_ options: TLSOptions) throws -> TransportOptions {
    do {
      return try options.transport()
    } catch {
      StandardError.writeLine("greeter-tui: \(error)")
      throw ExitCode(CallExitCode.usage)
    }
  }

  /// The transport for these options; reads the files now, so that one that cannot be used is
  /// said once, before any connection.
  func transport() throws -> TransportOptions {
    guard usesTLS else { return TransportOptions(tls: nil, authority: authority) }
    var tls = ClientTLS()
    tls.trust = insecure ? .insecure : cacert.map(ClientTLS.Trust.pemFile) ?? .system
    tls.certificateFile = cert
    tls.keyFile = key
    // The server name is the authority's host (a port after it is for :authority only).
    tls.serverName = authority.map { Target(parsing: $0)?.host ?? $0 }
    if let keylog { tls.keyLog = try KeyLogFile.open(keylog).append }
    return TransportOptions(tls: try PreparedTLS.prepare(tls), authority: authority)
  }
}

/// The NSS key log (`--keylog`): opened for appending, 0600 (it holds the secrets of the
/// sessions), written a line at a time as NIOSSL hands them over (one `write` per line with
/// `O_APPEND`: lines from several connections never interleave).
final class KeyLogFile: Sendable {
  private let descriptor: Int32

  private init(descriptor: Int32) { self.descriptor = descriptor }

  static func open(_ path: String) throws -> KeyLogFile {
    // Not through a symbolic link, and not into a file of someone else's (made in /tmp before
    // us, to read the secrets): ours, and made private if it was not.
    let descriptor = Glibc.open(
      path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
    guard descriptor >= 0 else {
      throw TLSSetupError.unreadable("--keylog \(path)", String(cString: strerror(errno)))
    }
    var status = stat()
    guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG,
      status.st_uid == geteuid(), fchmod(descriptor, 0o600) == 0
    else {
      close(descriptor)
      throw TLSSetupError.unreadable("--keylog \(path)", "not a regular file of this user's")
    }
    return KeyLogFile(descriptor: descriptor)
  }

  @Sendable func append(_ line: ByteBuffer) {
    line.withUnsafeReadableBytes { bytes in _ = write(descriptor, bytes.baseAddress, bytes.count) }
  }
}
