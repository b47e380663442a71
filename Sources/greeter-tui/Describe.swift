import ArgumentParser
import Discovery
import WireFormat

/// `greeter-tui describe SYMBOL`: a service, method, message or enum as proto source, as
/// `grpcurl describe` prints it.
struct Describe: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Describe a service, method, message or enum, as proto source.",
    discussion: """
      The schema comes as for list. --json gives services and methods with kinds and types, a message's fields, an enum's values.

      Exit status: 0 described; 1 no schema could be had, or it has no such symbol; 2 no connection could be made; 64 a usage error.

      Examples:
        greeter-tui describe --target 127.0.0.1:50051 helloworld.Greeter
        greeter-tui describe --embedded helloworld.HelloRequest
        greeter-tui describe --protoset api.protoset --json shop.Order
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

  @Flag(help: "Print one JSON document instead.")
  var json = false

  @Argument(help: "The symbol: pkg.Service, pkg.Service.Method, pkg.Message or pkg.Enum.")
  var symbol: String

  func run() async throws {
    let discovery = try await SchemaCommand(connection: connection, schema: schema, tls: tlsOptions)
      .discover()
    let catalog = discovery.catalog
    guard let source = ProtoSource.describe(symbol, in: catalog) else {
      StandardError.writeLine(
        "greeter-tui: \(InertText.make(symbol)) is not a service, method, message or enum of the schema"
      )
      throw ExitCode(CallExitCode.localError)
    }
    SchemaCommand.print(
      source.described, json: Self.json(source, catalog: catalog), discovery: discovery,
      asJSON: json, withFrames: frames)
  }

  static func json(_ source: ProtoSource, catalog: Catalog) -> [(String, JSONNode)] {
    var members: [(String, JSONNode)] = [
      ("symbol", .string(source.symbol)), ("kind", .string(source.kind.rawValue)),
    ]
    switch source.kind {
    case .service:
      if let service = catalog.service(source.symbol) {
        members.append(("methods", .array(service.methods.map(List.json))))
      }
    case .method:
      if let method = try? catalog.method(source.symbol) {
        members.append(("method", List.json(method)))
      }
    case .message:
      if let message = catalog.message(source.symbol) {
        members.append(("fields", .array(message.fields.map { field(field: $0, in: message) })))
        let oneofs = message.oneofs.filter { !$0.isSynthetic }
        if !oneofs.isEmpty {
          members.append(
            (
              "oneofs",
              .array(
                oneofs.map { oneof in
                  .object([
                    ("name", .string(oneof.name)),
                    ("fields", .array(oneof.fields.map { .string(message.fields[$0].name) })),
                  ])
                })
            ))
        }
      }
    case .enum:
      if let enumType = catalog.enumType(source.symbol) {
        members.append(
          (
            "values",
            .array(
              enumType.values.map {
                .object([("name", .string($0.name)), ("number", .int(Int($0.number)))])
              })
          ))
      }
    }
    members.append(("source", .string(source.text)))
    return members
  }

  /// `map`, `repeated`, `required`, `optional` (proto2, or proto3 `optional`), or `singular`
  /// (a proto3 field without presence).
  private static func label(of field: FieldDescriptor, in message: MessageDescriptor) -> String {
    if field.isMap { return "map" }
    if field.isRepeated { return "repeated" }
    if field.label == .required { return "required" }
    return message.syntax == .proto2 || field.isProto3Optional ? "optional" : "singular"
  }

  private static func field(field: FieldDescriptor, in message: MessageDescriptor) -> JSONNode {
    var members: [(String, JSONNode)] = [
      ("name", .string(field.name)),
      ("json_name", .string(field.jsonName)),
      ("number", .int(Int(field.number))),
      ("type", .string(field.typeName ?? field.kind.protoName)),
      (
        "label",
        .string(Self.label(of: field, in: message))
      ),
    ]
    if let oneof = field.oneofIndex, !message.oneofs[oneof].isSynthetic {
      members.append(("oneof", .string(message.oneofs[oneof].name)))
    }
    return .object(members)
  }
}
