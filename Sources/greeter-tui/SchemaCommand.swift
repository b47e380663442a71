import ArgumentParser
import Discovery
import GreeterServer
import Wire
import WireFormat

/// What `list` and `describe` share: get the schema as the options say (the embedded server's
/// own, files, or reflection), write `--protoset-out`, and fail with `call`'s exit statuses.
struct SchemaCommand {
  var connection: ConnectionOptions
  var schema: SchemaOptions
  var tls: TLSOptions

  /// The discovery, or an exit: 2 when no connection could be made, 1 for anything else.
  func discover() async throws -> Discovery {
    if connection.compress != nil {
      StandardError.writeLine(
        "greeter-tui: note: --compress is for call; list and describe send only reflection requests, which go uncompressed"
      )
    }
    let options = try connection.callOptions()
    let transport = try TLSOptions.transportOrExit(tls)
    let discovery: Discovery
    do {
      let target = connection.embedded ? nil : try NumberOptions.target(connection.target)
      discovery = try await SchemaLoader.load(
        schema: schema, target: target, options: options, transport: transport)
    } catch let error as DiscoveryError {
      StandardError.writeLine("greeter-tui: \(error)")
      throw ExitCode(CallExitCode.for(error))
    }
    try Self.writeProtosetOut(discovery, schema: schema)
    return discovery
  }

  /// `--protoset-out`, when given; a file that cannot be written is exit status 1.
  static func writeProtosetOut(_ discovery: Discovery, schema: SchemaOptions) throws {
    guard let path = schema.protosetOut else { return }
    do {
      try SchemaLoader.writeProtoset(discovery, to: path)
    } catch {
      StandardError.writeLine("greeter-tui: \(error)")
      throw ExitCode(CallExitCode.localError)
    }
  }

  /// Prints the output (its caller made every name in it inert: they come from the server),
  /// then the discovery's frames when asked; or the JSON document with `discovery` added
  /// (escaped by the JSON writer).
  static func print(
    _ text: String, json members: [(String, JSONNode)], discovery: Discovery, asJSON: Bool,
    withFrames: Bool
  ) {
    if asJSON {
      let document = members + [("discovery", DiscoveryReport(discovery: discovery).json())]
      Swift.print(JSONWriter.pretty(.object(document)))
    } else {
      Swift.print(text)
      if withFrames {
        Swift.print("")
        Swift.print(DiscoveryReport(discovery: discovery).frameLines().joined(separator: "\n"))
      }
    }
  }
}
