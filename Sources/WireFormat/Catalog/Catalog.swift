import SwiftProtobuf

/// The schema as data: every message, enum and service of one or more `FileDescriptorSet`s,
/// looked up by full name. The codec, the decoder's field names and `list`/`describe` all work
/// from a catalog; the Greeter's is merely the one the executable hands in by default.
public struct Catalog: Sendable {
  /// The files in dependency order (each after its imports), by name.
  public private(set) var files: [Google_Protobuf_FileDescriptorProto] = []
  public private(set) var messageList: [MessageDescriptor] = []
  public private(set) var enumList: [EnumDescriptor] = []
  public private(set) var services: [ServiceDescriptor] = []
  var messageIndex: [String: Int] = [:]
  var enumIndex: [String: Int] = [:]
  /// By message index: what the binary codec reads of each type.
  var plans: [BinaryPlan] = []
  var fileNames: Set<String> = []

  public init() {}

  /// From serialized `FileDescriptorSet`s (`protoc --descriptor_set_out --include_imports`).
  public init(descriptorSets: [[UInt8]]) throws {
    var all: [Google_Protobuf_FileDescriptorProto] = []
    for bytes in descriptorSets {
      do {
        all += try Google_Protobuf_FileDescriptorSet(serializedBytes: bytes).file
      } catch {
        throw CatalogError("not a FileDescriptorSet: \(error)")
      }
    }
    try self.init(files: all)
  }

  /// From file descriptors in any order; each file's imports must be among them.
  public init(files: [Google_Protobuf_FileDescriptorProto]) throws {
    try add(files)
  }

  /// Adds files (already known names are skipped); a catalog that arrives later names more.
  public mutating func add(_ newFiles: [Google_Protobuf_FileDescriptorProto]) throws {
    // Types already in the catalog are resolved and checked, and nothing added later changes
    // them: only the new ones are, so adding file by file costs no more than adding them at once.
    let firstNew = messageList.count
    var pending = newFiles.filter { !fileNames.contains($0.name) }
    var seen = Set<String>()
    pending = pending.filter { seen.insert($0.name).inserted }
    // Dependency order: a file goes in once everything it imports is in.
    while !pending.isEmpty {
      guard let next = pending.firstIndex(where: { $0.dependency.allSatisfy(fileNames.contains) })
      else {
        let file = pending.first {
          $0.dependency.contains { !fileNames.contains($0) && !seen.contains($0) }
        }
        if let file,
          let missing = file.dependency.first(where: {
            !fileNames.contains($0) && !seen.contains($0)
          })
        {
          throw CatalogError.missingImport(missing, of: file.name)
        }
        throw CatalogError(
          "import cycle among \(pending.map(\.name).sorted().joined(separator: ", "))")
      }
      let file = pending.remove(at: next)
      declare(file)
      fileNames.insert(file.name)
      files.append(file)
    }
    try resolve(from: firstNew)
  }

  public func message(_ fullName: String) -> MessageDescriptor? {
    messageIndex[Self.trimmed(fullName)].map { messageList[$0] }
  }

  public func messageIndex(_ fullName: String) -> Int? { messageIndex[Self.trimmed(fullName)] }

  public func enumType(_ fullName: String) -> EnumDescriptor? {
    enumIndex[Self.trimmed(fullName)].map { enumList[$0] }
  }

  static func trimmed(_ name: String) -> String {
    name.utf8.first == UInt8(ascii: ".") ? String(name.unicodeScalars.dropFirst()) : name
  }

  // MARK: - Building

  private mutating func declare(_ file: Google_Protobuf_FileDescriptorProto) {
    let syntax: MessageDescriptor.Syntax =
      switch file.syntax {
      case "proto3": .proto3
      case "editions": .editions
      default: .proto2
      }
    let prefix = file.package.isEmpty ? "" : file.package + "."
    for message in file.messageType {
      declare(message, fullName: prefix + message.name, file: file.name, syntax: syntax)
    }
    for enumType in file.enumType {
      declare(enumType, fullName: prefix + enumType.name, file: file.name, syntax: syntax)
    }
    for service in file.service {
      let fullName = prefix + service.name
      services.append(
        ServiceDescriptor(
          fullName: fullName, name: service.name, file: file.name,
          methods: service.method.map {
            MethodDescriptor(
              name: $0.name, service: fullName, inputType: Self.trimmed($0.inputType),
              outputType: Self.trimmed($0.outputType), clientStreaming: $0.clientStreaming,
              serverStreaming: $0.serverStreaming)
          }))
    }
  }

  private mutating func declare(
    _ proto: Google_Protobuf_DescriptorProto, fullName: String, file: String,
    syntax: MessageDescriptor.Syntax
  ) {
    var fields: [FieldDescriptor] = []
    for field in proto.field {
      let repeated = field.label == .repeated
      let kind = FieldDescriptor.Kind(rawValue: field.type.rawValue) ?? .bytes
      let packed: Bool
      if !repeated || !kind.isPackable {
        packed = false
      } else if field.options.hasPacked {
        packed = field.options.packed
      } else {
        packed = syntax != .proto2
      }
      let inOneof = field.hasOneofIndex
      fields.append(
        FieldDescriptor(
          name: field.name,
          jsonName: field.hasJsonName ? field.jsonName : Self.lowerCamel(field.name),
          number: field.number, kind: kind,
          label: repeated ? .repeated : field.label == .required ? .required : .optional,
          typeName: field.hasTypeName ? Self.trimmed(field.typeName) : nil,
          messageIndex: nil, enumIndex: nil, isPacked: packed,
          oneofIndex: inOneof ? Int(field.oneofIndex) : nil,
          isProto3Optional: field.proto3Optional,
          hasPresence: !repeated
            && (syntax == .proto2 || kind == .message || kind == .group || inOneof),
          defaultValue: field.hasDefaultValue ? field.defaultValue : nil,
          isMap: false))
    }
    let oneofs = proto.oneofDecl.enumerated().map { index, oneof in
      let members = fields.indices.filter { fields[$0].oneofIndex == index }
      return MessageDescriptor.Oneof(
        name: oneof.name, fields: members,
        isSynthetic: members.count == 1 && fields[members[0]].isProto3Optional)
    }
    var byNumber: [Int32: Int] = [:]
    var byName: [String: Int] = [:]
    for (index, field) in fields.enumerated() {
      byNumber[field.number] = index
      byName[field.name] = index
      byName[field.jsonName] = index
    }
    messageIndex[fullName] = messageList.count
    messageList.append(
      MessageDescriptor(
        fullName: fullName, name: proto.name, file: file, syntax: syntax, fields: fields,
        oneofs: oneofs, isMapEntry: proto.options.mapEntry,
        nestedMessages: proto.nestedType.map { fullName + "." + $0.name },
        nestedEnums: proto.enumType.map { fullName + "." + $0.name },
        indexByNumber: byNumber, indexByName: byName,
        numberOrder: fields.indices.sorted { fields[$0].number < fields[$1].number }))
    for nested in proto.nestedType {
      declare(nested, fullName: fullName + "." + nested.name, file: file, syntax: syntax)
    }
    for nested in proto.enumType {
      declare(nested, fullName: fullName + "." + nested.name, file: file, syntax: syntax)
    }
  }

  private mutating func declare(
    _ proto: Google_Protobuf_EnumDescriptorProto, fullName: String, file: String,
    syntax: MessageDescriptor.Syntax
  ) {
    var byName: [String: Int32] = [:]
    var byNumber: [Int32: String] = [:]
    for value in proto.value {
      byName[value.name] = value.number
      if byNumber[value.number] == nil { byNumber[value.number] = value.name }
    }
    enumIndex[fullName] = enumList.count
    enumList.append(
      EnumDescriptor(
        fullName: fullName, name: proto.name, file: file,
        values: proto.value.map { ($0.name, $0.number) }, isClosed: syntax == .proto2,
        numberByName: byName, nameByNumber: byNumber))
  }

  /// Field types to indices, map fields marked, for the messages from `first` on; fails on a
  /// type no file defines.
  private mutating func resolve(from first: Int) throws {
    for messageIdx in messageList.indices where messageIdx >= first {
      for fieldIdx in messageList[messageIdx].fields.indices {
        var field = messageList[messageIdx].fields[fieldIdx]
        guard let typeName = field.typeName, field.messageIndex == nil, field.enumIndex == nil
        else { continue }
        let owner = messageList[messageIdx].fullName + "." + field.name
        switch field.kind {
        case .message, .group:
          guard let index = messageIndex[typeName] else {
            throw CatalogError.unresolved(typeName, in: owner)
          }
          field.messageIndex = index
          field.isMap = field.isRepeated && messageList[index].isMapEntry
        case .enum:
          guard let index = enumIndex[typeName] else {
            throw CatalogError.unresolved(typeName, in: owner)
          }
          field.enumIndex = index
        default:
          break
        }
        messageList[messageIdx].fields[fieldIdx] = field
      }
    }
    try validate(from: first)
    plans += messageList[first...].map { BinaryPlan($0, enums: enumList) }
  }

  /// What protoc would have refused, for descriptors from anywhere (a hand-made protoset, a
  /// server's reflection): field numbers in range, oneof indices that exist, map keys of a kind
  /// a map can have.
  private func validate(from first: Int) throws {
    for message in messageList[first...] {
      for field in message.fields {
        let owner = message.fullName + "." + field.name
        guard (1...536_870_911).contains(field.number) else {
          throw CatalogError("\(owner) has field number \(field.number), outside 1…536870911")
        }
        if let oneof = field.oneofIndex, !message.oneofs.indices.contains(oneof) {
          throw CatalogError("\(owner) is in oneof \(oneof), which \(message.fullName) lacks")
        }
        guard field.isMap, let entry = field.messageIndex else { continue }
        let key = messageList[entry].field(number: 1)
        switch key?.kind {
        case .int32?, .int64?, .uint32?, .uint64?, .sint32?, .sint64?, .fixed32?, .fixed64?,
          .sfixed32?, .sfixed64?, .bool?, .string?:
          break
        default:
          throw CatalogError(
            "\(owner) is a map whose key is \(key.map { $0.kind.protoName } ?? "missing"); map keys are integers, bools or strings"
          )
        }
      }
    }
  }

  /// protoc's rule for a field's default JSON name: underscores dropped, the letter after each
  /// one capitalized.
  static func lowerCamel(_ name: String) -> String {
    var result = ""
    var upper = false
    for character in name {
      if character == "_" {
        upper = true
      } else if upper {
        result += character.uppercased()
        upper = false
      } else {
        result.append(character)
      }
    }
    return result
  }
}
