import SwiftProtobuf

/// A symbol of the catalog printed back as .proto source, as `grpcurl describe` prints it:
/// services with their rpcs, messages with their fields, nested types, oneofs and maps, enums
/// with their values. Written from the file descriptors the catalog keeps, so what is printed is
/// what the server (or protoset) said, not our reading of it. Every name is made inert (a
/// hostile server's descriptors can hold anything), so the text is safe to print as it is.
public struct ProtoSource: Sendable {
  public enum Kind: String, Sendable {
    case service, method, message, `enum`
  }

  public var symbol: String
  public var kind: Kind
  public var text: String

  /// The symbol (`pkg.Service`, `pkg.Service.Method`, `pkg.Message`, `pkg.Outer.Inner`,
  /// `pkg.Enum`; a leading dot is fine), or nil when the catalog has no such symbol.
  public static func describe(_ symbol: String, in catalog: Catalog) -> ProtoSource? {
    let name = Catalog.trimmed(symbol)
    for file in catalog.files {
      let prefix = file.package.isEmpty ? "" : file.package + "."
      for service in file.service {
        let serviceName = prefix + service.name
        if serviceName == name {
          return ProtoSource(symbol: name, kind: .service, text: Self.service(service))
        }
        if let method = service.method.first(where: { serviceName + "." + $0.name == name }) {
          return ProtoSource(symbol: name, kind: .method, text: Self.rpc(method))
        }
      }
      let proto3 = file.syntax == "proto3"
      if let found = Self.find(
        name, scope: prefix, messages: file.messageType, enums: file.enumType)
      {
        switch found {
        case .message(let message):
          return ProtoSource(
            symbol: name, kind: .message, text: Self.message(message, proto3: proto3, indent: ""))
        case .enumType(let enumType):
          return ProtoSource(
            symbol: name, kind: .enum, text: Self.enumeration(enumType, indent: ""))
        }
      }
    }
    return nil
  }

  /// `helloworld.Greeter is a service:` then the source, as grpcurl prints it.
  public var described: String {
    let article = kind == .enum ? "an" : "a"
    return "\(Self.n(symbol)) is \(article) \(kind.rawValue):\n\(text)"
  }

  // MARK: - Finding

  private enum Found {
    case message(Google_Protobuf_DescriptorProto)
    case enumType(Google_Protobuf_EnumDescriptorProto)
  }

  private static func find(
    _ name: String, scope: String, messages: [Google_Protobuf_DescriptorProto],
    enums: [Google_Protobuf_EnumDescriptorProto]
  ) -> Found? {
    if let found = enums.first(where: { scope + $0.name == name }) { return .enumType(found) }
    for message in messages {
      let full = scope + message.name
      if full == name { return .message(message) }
      if name.hasPrefix(full + "."),
        let found = find(
          name, scope: full + ".", messages: message.nestedType, enums: message.enumType)
      {
        return found
      }
    }
    return nil
  }

  // MARK: - Printing

  static func service(_ service: Google_Protobuf_ServiceDescriptorProto) -> String {
    var lines = ["service \(n(service.name)) {"]
    lines += service.method.map { "  " + rpc($0) }
    lines.append("}")
    return lines.joined(separator: "\n")
  }

  static func rpc(_ method: Google_Protobuf_MethodDescriptorProto) -> String {
    let input = (method.clientStreaming ? "stream " : "") + dotted(method.inputType)
    let output = (method.serverStreaming ? "stream " : "") + dotted(method.outputType)
    return "rpc \(n(method.name)) ( \(input) ) returns ( \(output) );"
  }

  static func message(
    _ message: Google_Protobuf_DescriptorProto, proto3: Bool, indent: String
  ) -> String {
    var lines = ["\(indent)message \(n(message.name)) {"]
    let inner = indent + "  "
    let mapEntries = Dictionary(
      message.nestedType.filter { $0.options.mapEntry }.map { ($0.name, $0) },
      uniquingKeysWith: { first, _ in first })
    var printedOneofs = Set<Int32>()
    for field in message.field {
      let realOneof =
        field.hasOneofIndex && !field.proto3Optional
        && message.oneofDecl.indices.contains(Int(field.oneofIndex))
      if realOneof {
        guard printedOneofs.insert(field.oneofIndex).inserted else { continue }
        let index = field.oneofIndex
        lines.append("\(inner)oneof \(n(message.oneofDecl[Int(index)].name)) {")
        for member in message.field where member.hasOneofIndex && member.oneofIndex == index {
          lines.append(
            inner + "  " + Self.field(member, proto3: proto3, mapEntries: mapEntries, inOneof: true)
          )
        }
        lines.append("\(inner)}")
      } else {
        lines.append(
          inner + Self.field(field, proto3: proto3, mapEntries: mapEntries, inOneof: false))
      }
    }
    for nested in message.nestedType where !nested.options.mapEntry {
      lines.append(Self.message(nested, proto3: proto3, indent: inner))
    }
    for nested in message.enumType {
      lines.append(Self.enumeration(nested, indent: inner))
    }
    // End exclusive; a range that is empty or backwards (a hand-made descriptor) is left out.
    let ranges = message.reservedRange.compactMap { range -> String? in
      let start = Int64(range.start)
      let last = Int64(range.end) - 1
      guard start <= last else { return nil }
      return start == last ? "\(start)" : "\(start) to \(last)"
    }
    if !ranges.isEmpty {
      lines.append("\(inner)reserved \(ranges.joined(separator: ", "));")
    }
    if !message.reservedName.isEmpty {
      lines.append(
        "\(inner)reserved \(message.reservedName.map { "\"\(n($0))\"" }.joined(separator: ", "));")
    }
    lines.append("\(indent)}")
    return lines.joined(separator: "\n")
  }

  static func field(
    _ field: Google_Protobuf_FieldDescriptorProto, proto3: Bool,
    mapEntries: [String: Google_Protobuf_DescriptorProto], inOneof: Bool
  ) -> String {
    var text: String
    if field.label == .repeated, field.type == .message,
      let entryName = field.typeName.split(separator: ".").last,
      let entry = mapEntries[String(entryName)], entry.field.count == 2
    {
      text = "map<\(typeName(entry.field[0])), \(typeName(entry.field[1]))>"
    } else {
      let label: String =
        switch field.label {
        case .repeated: "repeated "
        case .required: "required "
        default: inOneof ? "" : (proto3 ? (field.proto3Optional ? "optional " : "") : "optional ")
        }
      text = label + typeName(field)
    }
    text += " \(n(field.name)) = \(field.number)"
    var options: [String] = []
    if field.hasDefaultValue {
      let quoted = field.type == .string || field.type == .bytes
      options.append(
        "default = " + (quoted ? "\"\(n(field.defaultValue))\"" : n(field.defaultValue)))
    }
    if field.hasJsonName, field.jsonName != Catalog.lowerCamel(field.name) {
      options.append("json_name = \"\(n(field.jsonName))\"")
    }
    if field.options.hasPacked { options.append("packed = \(field.options.packed)") }
    if field.options.deprecated { options.append("deprecated = true") }
    if !options.isEmpty { text += " [\(options.joined(separator: ", "))]" }
    return text + ";"
  }

  static func enumeration(_ enumType: Google_Protobuf_EnumDescriptorProto, indent: String)
    -> String
  {
    var lines = ["\(indent)enum \(n(enumType.name)) {"]
    if enumType.options.allowAlias { lines.append("\(indent)  option allow_alias = true;") }
    lines += enumType.value.map { "\(indent)  \(n($0.name)) = \($0.number);" }
    lines.append("\(indent)}")
    return lines.joined(separator: "\n")
  }

  static func typeName(_ field: Google_Protobuf_FieldDescriptorProto) -> String {
    switch field.type {
    case .message, .enum, .group: dotted(field.typeName)
    default:
      FieldDescriptor.Kind(rawValue: field.type.rawValue)?.protoName ?? "bytes"
    }
  }

  /// Type references as grpcurl prints them: fully qualified, with the leading dot.
  static func dotted(_ name: String) -> String { n(name.hasPrefix(".") ? name : "." + name) }

  /// A name from a descriptor, which may come from anyone: shown inert, on one line.
  static func n(_ name: String) -> String { InertText.make(name) }
}
