import Foundation
import GreeterTestSupport
import Synchronization
import WireFormat

/// Descriptor sets compiled at test time from .proto text by grpcio-tools' protoc (which carries
/// the well-known types), so a test's schema sits next to its assertions.
enum ProtoFixture {
  /// `files`: name → source. Returns the serialized FileDescriptorSet, imports included.
  static func descriptorSet(_ files: [String: String]) throws -> [UInt8] {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("greeter-proto-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for (name, text) in files {
      try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    let output = folder.appendingPathComponent("set.protoset").path
    let (status, text) = try Spawn.run(
      try TestEnvironment.python(),
      [
        "-m", "grpc_tools.protoc", "-I", folder.path, "--include_imports",
        "--descriptor_set_out=\(output)",
      ] + files.keys.sorted().map { folder.appendingPathComponent($0).path })
    guard status == 0 else { throw TestFailure("protoc failed (\(status)): \(text)") }
    return Array(try Data(contentsOf: URL(fileURLWithPath: output)))
  }

  static func catalog(_ files: [String: String]) throws -> Catalog {
    try Catalog(descriptorSets: [try descriptorSet(files)])
  }

  /// A small shop: enough shapes for the error-message tables.
  static let shop = """
    syntax = "proto3";
    package shop;
    import "google/protobuf/timestamp.proto";
    import "google/protobuf/duration.proto";
    import "google/protobuf/any.proto";
    import "google/protobuf/struct.proto";
    import "google/protobuf/wrappers.proto";
    import "google/protobuf/field_mask.proto";

    enum Color { COLOR_UNSPECIFIED = 0; RED = 1; GREEN = 2; }
    message Item {
      string name = 1;
      double price = 2;
      int64 quantity = 3;
      Color color = 4;
      bytes tag = 5;
      uint32 count = 6;
      float weight = 7;
      sint32 delta = 8;
      optional int32 maybe = 9;
    }
    message Order {
      string id = 1;
      repeated Item items = 2;
      map<string, int32> stock = 3;
      map<int64, string> notes = 4;
      map<bool, Item> flagged = 5;
      oneof payment { string card = 6; int32 cash = 7; Item voucher = 8; }
      google.protobuf.Timestamp placed = 9;
      google.protobuf.Duration wait = 10;
      google.protobuf.Any extra = 11;
      google.protobuf.Struct meta = 12;
      google.protobuf.Int64Value limit = 13;
      google.protobuf.FieldMask mask = 14;
      google.protobuf.Value anything = 15;
      repeated int32 numbers = 16;
      repeated int32 loose = 17 [packed = false];
      string customer_name = 18 [json_name = "buyer"];
      Order parent = 19;
    }
    service Shop {
      rpc Place(Order) returns (Order);
      rpc Watch(Order) returns (stream Order);
      rpc Upload(stream Item) returns (Order);
      rpc Chat(stream Order) returns (stream Order);
    }
    """

  /// Compiled once per test run.
  static func shopCatalog() throws -> Catalog {
    try compiledShop.withLock { cached in
      if let cached { return cached }
      let made = try catalog(["shop.proto": shop])
      cached = made
      return made
    }
  }

  private static let compiledShop = Mutex<Catalog?>(nil)
}
