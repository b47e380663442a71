import GRPCCore
import WireFormat

extension StatusDetails {
  /// The details in `trailers`' `grpc-status-details-bin`, if it has one.
  public init?(trailers: Metadata, catalog: Catalog) {
    var bytes: [UInt8]?
    for value in trailers[binaryValues: "grpc-status-details-bin"] { bytes = value }
    guard let bytes else { return nil }
    self = catalog.statusDetails(bytes)
  }
}
