import ArgumentParser
import Discovery

/// Where the schema comes from: the options `call`, `list`, `describe` and the explorer share.
struct SchemaOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "A FileDescriptorSet (protoc --descriptor_set_out --include_imports) to use (repeatable).",
      valueName: "file"))
  var protoset: [String] = []

  @Option(
    help: ArgumentHelp("A .proto file to use, compiled by protoc (repeatable).", valueName: "file"))
  var proto: [String] = []

  @Option(
    name: [.customShort("I"), .customLong("import-path")],
    help: ArgumentHelp(
      "Where --proto files and their imports are found (repeatable).", valueName: "dir"))
  var importPath: [String] = []

  @Option(
    help: ArgumentHelp(
      "Server reflection: auto (v1, then v1alpha), v1, v1alpha or off (default: auto, off with --protoset/--proto).",
      valueName: "mode"))
  var reflect: ReflectMode?

  @Option(
    help: ArgumentHelp(
      "Write the schema that was used to FILE, as a FileDescriptorSet.", valueName: "file"))
  var protosetOut: String?

  func validate() throws {
    if !importPath.isEmpty, proto.isEmpty {
      throw ValidationError("-I/--import-path is for --proto files; give --proto FILE too")
    }
  }

  var givesFiles: Bool { !protoset.isEmpty || !proto.isEmpty }

  /// Reflection as asked, or by default: on, unless files give the schema.
  var reflectMode: ReflectMode { reflect ?? (givesFiles ? .off : .auto) }
}

extension ReflectMode: ExpressibleByArgument {}
