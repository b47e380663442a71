import Discovery
import Foundation
import GreeterServer
import SwiftProtobuf
import Wire
import WireFormat

/// Gets the schema for a command from where the options say: the embedded server's own (without
/// asking it), protosets and .proto files, or the server's reflection; reflection is on unless
/// files are given (or `--reflect` says otherwise).
enum SchemaLoader {
  /// How long reflection may take when `--deadline` does not say.
  static let reflectionDeadline = Duration.seconds(10)

  /// - Parameters:
  ///   - target: the server to ask, nil for the embedded server (whose schema is known).
  ///   - builtinWhenUnsupported: for a server whose reflection gave nothing, no schema given:
  ///     whether the built-in Greeter catalog will do (the method asked for is the Greeter's, or
  ///     the explorer is starting); then it is used, and a notice says why.
  static func load(
    schema: SchemaOptions, target: Target?, options: ClientCallOptions,
    transport: TransportOptions = TransportOptions(),
    builtinWhenUnsupported: (Catalog) -> Bool = { _ in false },
    notice: (String) -> Void = { StandardError.writeLine("greeter-tui: \($0)") }
  ) async throws -> Discovery {
    let files = try givenFiles(schema)
    guard let target else {
      var catalog = DefaultCatalog.embedded
      try add(files, to: &catalog)
      return Discovery(
        source: .embedded, catalog: catalog,
        services: (ServedSchema.services + services(in: files, of: catalog)).sorted())
    }
    let mode = schema.reflectMode
    guard mode != .off else {
      var catalog = DefaultCatalog.discoveryBase
      try add(files, to: &catalog)
      // The services of the files given, not the ones discovery knows by heart.
      return Discovery(
        source: schema.proto.isEmpty ? .protoset : .proto, catalog: catalog,
        services: services(in: files, of: catalog).sorted())
    }
    var reflectionOptions = options
    reflectionOptions.deadline = options.deadline ?? reflectionDeadline
    // --compress is for the user's requests: reflection's go as they are (as grpcurl's do), so
    // that a server without gzip still answers them.
    reflectionOptions.compression = nil
    let client = ReflectionClient(
      target: target, options: reflectionOptions, base: DefaultCatalog.discoveryBase, mode: mode,
      transport: transport)
    do {
      var discovery = try await client.discover()
      try add(files, to: &discovery.catalog)
      return discovery
    } catch let error as DiscoveryError {
      // No schema given and reflection did not give one: the built-in Greeter's will do for a
      // Greeter method (the quick start's servers have no reflection), and for no server at all
      // (the call itself then reports the connection failure, as it always has).
      let builtin = DefaultCatalog.builtin
      guard mode == .auto, !schema.givesFiles, builtinWhenUnsupported(builtin) else { throw error }
      if error.connectionFailed { return Discovery(source: .builtin, catalog: builtin) }
      let reason = error.reflectionUnsupported ?? "reflection failed: \(error)"
      notice("\(reason); using the built-in helloworld.Greeter schema")
      var discovery = Discovery(source: .builtin, catalog: builtin)
      discovery.calls = error.partial?.calls ?? []
      discovery.frames = error.partial?.frames ?? []
      discovery.tls = error.partial?.tls
      return discovery
    }
  }

  /// The full names of the services `files` declare, as `catalog` (which holds them) names them.
  private static func services(
    in files: [Google_Protobuf_FileDescriptorProto], of catalog: Catalog
  ) -> [String] {
    let names = Set(files.map(\.name))
    return catalog.services.filter { names.contains($0.file) }.map(\.fullName)
  }

  /// The files of `--protoset` and `--proto`, in that order.
  static func givenFiles(_ schema: SchemaOptions) throws
    -> [Google_Protobuf_FileDescriptorProto]
  {
    var files = try SchemaFiles.protosets(schema.protoset)
    if !schema.proto.isEmpty {
      files += try SchemaFiles.protos(schema.proto, importPaths: schema.importPath)
    }
    return files
  }

  private static func add(_ files: [Google_Protobuf_FileDescriptorProto], to catalog: inout Catalog)
    throws
  {
    guard !files.isEmpty else { return }
    do {
      try catalog.add(files)
    } catch {
      throw DiscoveryError("the schema given is incomplete: \(error)")
    }
  }

  /// `--protoset-out`: the schema's own files, the files of the services listed, and everything
  /// they import, in dependency order: what `--protoset` needs to do without the server.
  static func writeProtoset(_ discovery: Discovery, to path: String) throws {
    let catalog = discovery.catalog
    let base = DefaultCatalog.discoveryBase
    // The server's own files, and the files of every service it listed (reflection and health
    // are in the base, but they are the server's services too).
    var needed = Set(catalog.files.map(\.name).filter { !base.hasFile($0) })
    needed.formUnion(discovery.services.compactMap { catalog.service($0)?.file })
    if needed.isEmpty { needed = Set(catalog.files.map(\.name)) }
    // Imports, walking back from the last file: files are in dependency order.
    for file in catalog.files.reversed() where needed.contains(file.name) {
      needed.formUnion(file.dependency)
    }
    let files = catalog.files.filter { needed.contains($0.name) }
    do {
      try SchemaFiles.protoset(files).write(to: URL(fileURLWithPath: path))
    } catch {
      throw DiscoveryError("--protoset-out \(path): cannot write it (\(error))")
    }
  }
}
