import ArgumentParser
import Foundation
import GreeterProtos
import SwiftProtobuf
import Wire
import WireFormat

/// The schema the program knows without asking anyone: the Greeter, the standard error details
/// (google/rpc) and the well-known types, compiled into the program by scripts/generate-protos.sh.
enum DefaultCatalog {
  static func load() throws -> Catalog {
    try Catalog(descriptorSets: [GreeterDescriptorSet.bytes])
  }

  /// The default catalog and the descriptor sets in `protosets` (files already in it, such as
  /// the well-known types, are not added twice); a file that cannot be read or is not a
  /// descriptor set is a usage error.
  static func load(adding protosets: [String]) throws -> Catalog {
    var catalog = try load()
    for path in protosets {
      guard let data = FileManager.default.contents(atPath: path) else {
        throw ValidationError("--protoset \(path): cannot read it")
      }
      do {
        let set = try Google_Protobuf_FileDescriptorSet(serializedBytes: Array(data))
        try catalog.add(set.file)
      } catch let error as CatalogError {
        throw ValidationError("--protoset \(path): \(error)")
      } catch {
        throw ValidationError("--protoset \(path): not a FileDescriptorSet (\(error))")
      }
    }
    return catalog
  }
}
