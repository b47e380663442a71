import SwiftProtobuf

/// Which file declares what: every fully qualified symbol (package-scoped messages, enums, enum
/// values, fields, oneofs, services, methods, extensions) and every extension by the type it
/// extends and its number. What a reflection server answers `file_containing_symbol`,
/// `file_containing_extension` and `all_extension_numbers_of_type` from.
public struct SymbolIndex: Sendable {
  public struct ExtensionKey: Hashable, Sendable {
    public var extendee: String
    public var number: Int32
  }

  public private(set) var files: [String: Google_Protobuf_FileDescriptorProto] = [:]
  /// In the order the files were given.
  public private(set) var fileNames: [String] = []
  private var fileBySymbol: [String: String] = [:]
  private var fileByExtension: [ExtensionKey: String] = [:]
  private var extensionNumbers: [String: [Int32]] = [:]

  public init(files: [Google_Protobuf_FileDescriptorProto]) {
    for file in files where self.files[file.name] == nil {
      self.files[file.name] = file
      fileNames.append(file.name)
      index(file)
    }
  }

  public func file(containingSymbol symbol: String) -> Google_Protobuf_FileDescriptorProto? {
    fileBySymbol[Catalog.trimmed(symbol)].flatMap { files[$0] }
  }

  public func file(extending type: String, number: Int32) -> Google_Protobuf_FileDescriptorProto? {
    fileByExtension[ExtensionKey(extendee: Catalog.trimmed(type), number: number)]
      .flatMap { files[$0] }
  }

  /// The extension numbers of a message type the index has, or nil when it has no such type.
  public func extensionNumbers(of type: String) -> [Int32]? {
    let name = Catalog.trimmed(type)
    if let numbers = extensionNumbers[name] { return numbers.sorted() }
    return fileBySymbol[name] == nil ? nil : []
  }

  /// The file, then the files it imports, transitively, breadth first, each once; files already
  /// in `sent` are left out, except the first (as grpc-go's reflection server answers: the file
  /// asked for always comes). Every file returned is added to `sent`.
  public func withDependencies(
    _ file: Google_Protobuf_FileDescriptorProto, notIn sent: inout Set<String>
  ) -> [Google_Protobuf_FileDescriptorProto] {
    var result: [Google_Protobuf_FileDescriptorProto] = []
    var queue = [file]
    var visited = Set<String>()
    while !queue.isEmpty {
      let next = queue.removeFirst()
      guard visited.insert(next.name).inserted else { continue }
      if result.isEmpty || !sent.contains(next.name) {
        sent.insert(next.name)
        result.append(next)
      }
      queue += next.dependency.compactMap { files[$0] }
    }
    return result
  }

  // MARK: - Building

  private mutating func index(_ file: Google_Protobuf_FileDescriptorProto) {
    let prefix = file.package.isEmpty ? "" : file.package + "."
    for message in file.messageType { index(message, scope: prefix, file: file.name) }
    for enumType in file.enumType { index(enumType, scope: prefix, file: file.name) }
    for service in file.service {
      let name = prefix + service.name
      fileBySymbol[name] = file.name
      for method in service.method { fileBySymbol[name + "." + method.name] = file.name }
    }
    for field in file.extension { index(extension: field, scope: prefix, file: file.name) }
  }

  private mutating func index(
    _ message: Google_Protobuf_DescriptorProto, scope: String, file: String
  ) {
    let name = scope + message.name
    fileBySymbol[name] = file
    for field in message.field { fileBySymbol[name + "." + field.name] = file }
    for oneof in message.oneofDecl { fileBySymbol[name + "." + oneof.name] = file }
    for nested in message.nestedType { index(nested, scope: name + ".", file: file) }
    for nested in message.enumType { index(nested, scope: name + ".", file: file) }
    for field in message.extension { index(extension: field, scope: name + ".", file: file) }
  }

  private mutating func index(
    _ enumType: Google_Protobuf_EnumDescriptorProto, scope: String, file: String
  ) {
    fileBySymbol[scope + enumType.name] = file
    // Enum values are scoped like their enum's siblings (C++ scoping rules), not inside it.
    for value in enumType.value { fileBySymbol[scope + value.name] = file }
  }

  private mutating func index(
    extension field: Google_Protobuf_FieldDescriptorProto, scope: String, file: String
  ) {
    fileBySymbol[scope + field.name] = file
    let extendee = Catalog.trimmed(field.extendee)
    fileByExtension[ExtensionKey(extendee: extendee, number: field.number)] = file
    extensionNumbers[extendee, default: []].append(field.number)
  }
}
