/// Why a catalog could not be built or a name not resolved: one line, naming what is missing.
public struct CatalogError: Error, Sendable, Equatable, CustomStringConvertible {
  public var description: String

  public init(_ description: String) {
    self.description = description
  }

  static func missingImport(_ dependency: String, of file: String) -> CatalogError {
    CatalogError("\(file) imports \(dependency), which is not in the descriptors given")
  }

  static func unresolved(_ type: String, in field: String) -> CatalogError {
    CatalogError("\(field) refers to \(type), which is not defined in the descriptors given")
  }
}
