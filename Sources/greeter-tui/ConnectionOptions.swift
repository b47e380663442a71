import ArgumentParser
import Wire

/// Where to call and how: the options `call`, `list` and `describe` share.
struct ConnectionOptions: ParsableArguments {
  @Option(help: "The server, HOST:PORT ([::1]:PORT for IPv6).")
  var target = "127.0.0.1:50051"

  @Flag(help: "Start the embedded Greeter server on a free port for this command, and use it.")
  var embedded = false

  @Option(
    name: [.customShort("H"), .customLong("header")],
    help:
      "Request metadata NAME:VALUE (repeatable; reflection calls too); a -bin NAME takes base64.")
  var headers: [String] = []

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Give up after SECONDS, 0.001 to 99999999 (sent as grpc-timeout; DEADLINE_EXCEEDED when it passes; reflection's default is 10).",
      valueName: "seconds"))
  var deadline: String?

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "The largest response message accepted, 0 to 4294967295 bytes.", valueName: "bytes"))
  var maxReceive = "\(4 << 20)"

  @Option(
    help: ArgumentHelp(
      "Compress requests with gzip or deflate (grpc-encoding); replies in either are always read.",
      valueName: "encoding"))
  var compress: String?

  func validate() throws {
    _ = try CompressOption.parse(compress)
    if !embedded { _ = try NumberOptions.target(target) }
    if let deadline { _ = try NumberOptions.deadline(deadline) }
    _ = try NumberOptions.maxReceive(maxReceive)
    for header in headers { _ = try RequestMetadata.parse(header) }
  }

  /// Headers, deadline and size limit, for the call and for the reflection calls before it.
  func callOptions() throws -> ClientCallOptions {
    var options = ClientCallOptions()
    options.metadata = try headers.map(RequestMetadata.parse)
    options.deadline = try deadline.map(NumberOptions.deadline)
    options.maxReceiveMessageBytes = try NumberOptions.maxReceive(maxReceive)
    options.compression = try CompressOption.parse(compress)
    return options
  }
}
