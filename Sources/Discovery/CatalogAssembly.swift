import SwiftProtobuf
import WireFormat

/// A catalog built as descriptors arrive: each file goes in as soon as everything it imports is
/// in, so the work overlaps the server's answers instead of following them. What never becomes
/// ready (an import that never came, a cycle) is `Catalog.add`'s error at the end.
struct CatalogAssembly {
  private(set) var catalog: Catalog
  private var waiting: [Google_Protobuf_FileDescriptorProto] = []

  init(base: Catalog) {
    catalog = base
  }

  mutating func take(_ files: [Google_Protobuf_FileDescriptorProto]) throws {
    waiting += files
    var ready: [Google_Protobuf_FileDescriptorProto] = []
    var readyNames = Set<String>()
    var found = true
    while found {
      found = false
      for file in waiting where !readyNames.contains(file.name) {
        if file.dependency.allSatisfy({ catalog.hasFile($0) || readyNames.contains($0) }) {
          ready.append(file)
          readyNames.insert(file.name)
          found = true
        }
      }
    }
    guard !ready.isEmpty else { return }
    waiting.removeAll { readyNames.contains($0.name) }
    try catalog.add(ready)
  }

  /// The catalog, once every file taken is in it.
  mutating func finish() throws -> Catalog {
    if !waiting.isEmpty { try catalog.add(waiting) }
    waiting = []
    return catalog
  }
}
