import ArgumentParser
import Discovery
import WireFormat

/// `greeter-tui list [SERVICE]`: the services (sorted, one full name a line, as `grpcurl list`
/// prints them), or a service's methods in proto order.
struct List: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the services of a server, or the methods of one.",
    discussion: """
      The schema comes from the server's reflection (v1, then v1alpha), unless --protoset or --proto give it; --embedded lists our own server's. --frames also prints the discovery's HTTP/2 frames; --json prints one document, discovery included.

      Exit status: 0 listed; 1 no schema could be had (the reason on stderr) or SERVICE is not there; 2 no connection could be made; 64 a usage error.

      Examples:
        greeter-tui list --target 127.0.0.1:50051
        greeter-tui list --target 127.0.0.1:50051 helloworld.Greeter
        greeter-tui list --protoset api.protoset
        greeter-tui list --frames --target 127.0.0.1:50051
      """
  )

  @OptionGroup(title: "Target")
  var connection: ConnectionOptions

  @OptionGroup(title: "TLS")
  var tlsOptions: TLSOptions

  @OptionGroup(title: "Schema")
  var schema: SchemaOptions

  @Flag(help: "Also print the discovery's HTTP/2 frames, decoded and as hex.")
  var frames = false

  @Flag(help: "Print one JSON document instead: services or methods with kinds and types.")
  var json = false

  @Argument(help: "A service (pkg.Service): list its methods.")
  var service: String?

  func run() async throws {
    let discovery = try await SchemaCommand(connection: connection, schema: schema, tls: tlsOptions)
      .discover()
    let catalog = discovery.catalog
    guard let service else {
      let text = discovery.services.map { InertText.make($0) }.joined(separator: "\n")
      let json: [(String, JSONNode)] = [
        (
          "services",
          .array(
            discovery.services.map { name in
              var members: [(String, JSONNode)] = [("name", .string(name))]
              if let descriptor = catalog.service(name) {
                members.append(("methods", .array(descriptor.methods.map(Self.json))))
              }
              return .object(members)
            })
        )
      ]
      SchemaCommand.print(
        text, json: json, discovery: discovery, asJSON: self.json, withFrames: frames)
      return
    }
    guard let descriptor = catalog.service(service) else {
      StandardError.writeLine(
        "greeter-tui: no service \(InertText.make(service)); the server has \(discovery.services.map { InertText.make($0) }.joined(separator: ", "))"
      )
      throw ExitCode(CallExitCode.localError)
    }
    let text = descriptor.methods.map { InertText.make($0.fullName) }.joined(separator: "\n")
    let json: [(String, JSONNode)] = [
      ("service", .string(descriptor.fullName)),
      ("methods", .array(descriptor.methods.map(Self.json))),
    ]
    SchemaCommand.print(
      text, json: json, discovery: discovery, asJSON: self.json, withFrames: frames)
  }

  static func json(_ method: WireFormat.MethodDescriptor) -> JSONNode {
    .object([
      ("name", .string(method.fullName)),
      ("path", .string(method.path)),
      ("kind", .string(method.kind.rawValue)),
      ("client_streaming", .bool(method.clientStreaming)),
      ("server_streaming", .bool(method.serverStreaming)),
      ("input_type", .string(method.inputType)),
      ("output_type", .string(method.outputType)),
    ])
  }
}
