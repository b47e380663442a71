import ArgumentParser
import Explorer
import Foundation
import GreeterServer
import Wire

/// `greeter-tui` (the default): the full-screen explorer.
struct Explore: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "The full-screen explorer (the default).",
    discussion: """
      Starts the embedded Greeter server on 127.0.0.1:50051 and targets it; F2 switches the server off and on. With --target, talks to another server instead (the embedded server stays off until F2). History: $XDG_STATE_HOME/greeter-tui/history.jsonl (~/.local/state/greeter-tui/history.jsonl by default). F1 lists the keys. With --target, the server's schema is discovered by reflection (or given with --protoset or --proto); the reflection calls appear in the transcript with their frames.
      """
  )

  @Option(
    parsing: .unconditional, help: "The port of the embedded server, 0 to 65535 (0: a free one).")
  var port = "50051"

  @Option(help: "Talk to this server, HOST:PORT, instead of the embedded one.")
  var target: String?

  @Flag(help: "Do not start the embedded server.")
  var noServer = false

  @Option(help: "The history file (default: $XDG_STATE_HOME/greeter-tui/history.jsonl).")
  var history: String?

  @Option(
    name: [.customShort("H"), .customLong("header")],
    help: "Request metadata NAME:VALUE for every call and for discovery (repeatable).")
  var headers: [String] = []

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Give each call SECONDS, 0.001 to 99999999 (sent as grpc-timeout).", valueName: "seconds"))
  var deadline: String?

  @Option(
    help: ArgumentHelp(
      "Compress requests with gzip or deflate (grpc-encoding); replies in either are always read.",
      valueName: "encoding"))
  var compress: String?

  @OptionGroup(title: "Schema (with --target)")
  var schema: SchemaOptions

  @OptionGroup(title: "TLS (with --target; a target typed with t/F4 too)")
  var tlsOptions: TLSOptions

  @OptionGroup(title: "The embedded server's TLS")
  var serverTLSOptions: ServeTLSOptions

  func validate() throws {
    _ = try NumberOptions.listeningPort(port)
    if let target { _ = try NumberOptions.target(target) }
    for header in headers { _ = try RequestMetadata.parse(header) }
    if let deadline { _ = try NumberOptions.deadline(deadline) }
    _ = try CompressOption.parse(compress)
    if target == nil, schema.givesFiles || schema.reflect != nil || schema.protosetOut != nil {
      throw ValidationError(
        "--protoset, --proto, --reflect and --protoset-out are for a server given with --target")
    }
  }

  func run() async throws {
    let port = try NumberOptions.listeningPort(self.port)
    let embedded = try embeddedServerTLS()
    let external = try target.map(NumberOptions.target)
    let app = ExplorerApp(
      options: .init(
        serverPort: external == nil && !noServer ? port : nil,
        target: external ?? Target(host: "127.0.0.1", port: port),
        historyPath: history ?? HistoryFile.defaultPath(),
        schema: external == nil ? nil : schema,
        callOptions: try callOptions(),
        requestSettings: try requestSettings(),
        transport: try TLSOptions.transportOrExit(tlsOptions),
        embeddedTLS: embedded?.tls, embeddedTransport: embedded?.transport ?? TransportOptions()),
      catalog: DefaultCatalog.builtin)
    do {
      try await app.run()
    } catch {
      StandardError.writeLine("greeter-tui: \(error)")
      throw ExitCode.failure
    }
    // Ended by a signal (SIGHUP, SIGTERM, …), the terminal restored: the shell's convention.
    if let signal = app.endedBySignal { throw ExitCode(128 + signal) }
  }

  /// The embedded server's TLS and how the client trusts it: the self-signed CA it wrote, or
  /// the `--cacert` given (the system's roots without one); nil: plaintext.
  private func embeddedServerTLS() throws -> (tls: ServerTLS, transport: TransportOptions)? {
    guard let made = try serverTLSOptions.serverTLSOrExit() else { return nil }
    var client = tlsOptions
    if let caPath = made.caPath, client.cacert == nil, !client.insecure { client.cacert = caPath }
    client.tls = true
    return (made.tls, try TLSOptions.transportOrExit(client))
  }

  /// `-H` and `--deadline` as the explorer keeps them; nil when neither was given.
  private func requestSettings() throws -> RequestSettings? {
    guard !headers.isEmpty || deadline != nil else { return nil }
    let parsed = try headers.map(RequestMetadata.parse)
    return RequestSettings(
      headers: parsed.map { RequestSettings.Header(name: $0.name, value: $0.value) },
      deadline: deadline)
  }

  private func callOptions() throws -> ClientCallOptions {
    var options = ClientCallOptions()
    options.metadata = try headers.map(RequestMetadata.parse)
    options.deadline = try deadline.map(NumberOptions.deadline)
    options.compression = try CompressOption.parse(compress)
    return options
  }
}
