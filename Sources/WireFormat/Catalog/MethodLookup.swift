extension Catalog {
  /// Every method of every service, in file, service and method order.
  public var methods: [MethodDescriptor] { services.flatMap(\.methods) }

  /// A method by `pkg.Service/Method`, `/pkg.Service/Method`, `pkg.Service.Method`, or a bare
  /// `Method` when exactly one service has it.
  public func method(_ query: String) throws -> MethodDescriptor {
    let text = query.hasPrefix("/") ? String(query.dropFirst()) : query
    let all = methods
    if let slash = text.lastIndex(of: "/") {
      let service = String(text[..<slash])
      let name = String(text[text.index(after: slash)...])
      if let method = all.first(where: { $0.service == service && $0.name == name }) {
        return method
      }
    } else if let method = all.first(where: { $0.fullName == text }) {
      return method
    } else if !text.contains(".") {
      let matches = all.filter { $0.name == text }
      if matches.count == 1 { return matches[0] }
      if matches.count > 1 {
        throw CatalogError(
          "method \(text) is ambiguous: \(matches.map(\.fullName).joined(separator: ", "))")
      }
    }
    let known = all.map(\.fullName).joined(separator: ", ")
    throw CatalogError(
      "unknown method \(query)"
        + (known.isEmpty ? "; the catalog has no services" : "; the catalog has \(known)"))
  }

  /// The method whose HTTP/2 `:path` is `path` (`/pkg.Service/Method`), if the catalog has it.
  public func method(path: String) -> MethodDescriptor? {
    guard path.hasPrefix("/"), let slash = path.lastIndex(of: "/"), slash != path.startIndex
    else { return nil }
    let service = path[path.index(after: path.startIndex)..<slash]
    let name = path[path.index(after: slash)...]
    return services.first { $0.fullName == service }?.methods.first { $0.name == name }
  }
}

extension Catalog {
  /// Whether a file of this name is in the catalog.
  public func hasFile(_ name: String) -> Bool { fileNames.contains(name) }

  /// A service by full name (`helloworld.Greeter`).
  public func service(_ fullName: String) -> ServiceDescriptor? {
    let name = Self.trimmed(fullName)
    return services.first { $0.fullName == name }
  }
}
