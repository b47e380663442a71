import GreeterProtos
import WireFormat

/// The Greeter's catalog, as the program loads it by default.
let benchGreeterCatalog: Catalog = {
  do {
    return try Catalog(descriptorSets: [GreeterDescriptorSet.bytes])
  } catch {
    fatalError("the generated descriptor set does not parse: \(error)")
  }
}()
