import SwiftProtobuf
import Testing
import WireFormat

/// What a reflection server answers from: symbols and extensions to files, files with their
/// imports; and `describe`'s proto source for the shapes grpcurl prints.
@Suite struct SymbolIndexTests {
  static let files = [
    "base.proto": """
    syntax = "proto2";
    package base;
    message Thing { optional string id = 1 [default = "none"]; extensions 100 to 200; }
    enum Color { RED = 0; GREEN = 1; }
    """,
    "api.proto": """
    syntax = "proto2";
    package api;
    import "base.proto";
    extend base.Thing { optional int32 weight = 101; optional string label = 150; }
    message Box {
      required string name = 1;
      repeated base.Thing things = 2;
      map<string, int64> counts = 3;
      oneof lid { string hinge = 4; int32 screws = 5; }
      message Inner { enum Mode { OFF = 0; ON = 1; } optional Mode mode = 1; }
      reserved 9 to 11, 15;
      reserved "old";
    }
    service Boxes { rpc Open(Box) returns (stream Box); }
    """,
  ]

  static func index() throws -> (SymbolIndex, [Google_Protobuf_FileDescriptorProto]) {
    let set = try Google_Protobuf_FileDescriptorSet(
      serializedBytes: try ProtoFixture.descriptorSet(files))
    return (SymbolIndex(files: set.file), set.file)
  }

  @Test func symbolsAndExtensionsLeadToTheirFiles() throws {
    let (index, _) = try Self.index()
    for (symbol, file) in [
      ("api.Box", "api.proto"), (".api.Box.Inner.Mode", "api.proto"),
      ("api.Box.Inner.ON", "api.proto"),
      ("api.Boxes", "api.proto"), ("api.Boxes.Open", "api.proto"), ("api.Box.counts", "api.proto"),
      ("api.weight", "api.proto"), ("base.Thing", "base.proto"), ("base.GREEN", "base.proto"),
    ] {
      #expect(index.file(containingSymbol: symbol)?.name == file, "\(symbol)")
    }
    #expect(index.file(containingSymbol: "api.Nothing") == nil)
    #expect(index.file(extending: "base.Thing", number: 150)?.name == "api.proto")
    #expect(index.file(extending: "base.Thing", number: 102) == nil)
    #expect(index.extensionNumbers(of: "base.Thing") == [101, 150])
    #expect(index.extensionNumbers(of: "api.Box") == [])
    #expect(index.extensionNumbers(of: "api.Nope") == nil)
  }

  @Test func aFileComesWithItsImportsOncePerStream() throws {
    let (index, _) = try Self.index()
    var sent = Set<String>()
    let api = try #require(index.files["api.proto"])
    #expect(index.withDependencies(api, notIn: &sent).map(\.name) == ["api.proto", "base.proto"])
    #expect(index.withDependencies(api, notIn: &sent).map(\.name) == ["api.proto"])
  }

  @Test func describePrintsProtoSourceAsGrpcurlDoes() throws {
    let catalog = try ProtoFixture.catalog(Self.files)
    let box = try #require(ProtoSource.describe("api.Box", in: catalog))
    #expect(
      box.described == """
        api.Box is a message:
        message Box {
          required string name = 1;
          repeated .base.Thing things = 2;
          map<string, int64> counts = 3;
          oneof lid {
            string hinge = 4;
            int32 screws = 5;
          }
          message Inner {
            optional .api.Box.Inner.Mode mode = 1;
            enum Mode {
              OFF = 0;
              ON = 1;
            }
          }
          reserved 9 to 11, 15;
          reserved "old";
        }
        """)
    #expect(
      ProtoSource.describe("api.Boxes.Open", in: catalog)?.described
        == "api.Boxes.Open is a method:\nrpc Open ( .api.Box ) returns ( stream .api.Box );")
    #expect(
      ProtoSource.describe("base.Thing", in: catalog)?.text.contains(
        #"optional string id = 1 [default = "none"];"#) == true)
    #expect(
      ProtoSource.describe("base.Color", in: catalog)?.described
        == "base.Color is an enum:\nenum Color {\n  RED = 0;\n  GREEN = 1;\n}")
    #expect(ProtoSource.describe("api.Missing", in: catalog) == nil)
  }

  @Test func aFilesNameIsReadWithoutDecodingIt() throws {
    let (_, files) = try Self.index()
    let bytes: [UInt8] = try files[1].serializedBytes()
    #expect(ProtobufDecoder.stringField(1, in: bytes) == files[1].name)
    #expect(ProtobufDecoder.stringField(2, in: bytes) == "api")
    #expect(ProtobufDecoder.stringField(1, in: Array(bytes.prefix(3))) == nil, "cut short")
    #expect(ProtobufDecoder.stringField(1, in: [0x0A, 0x02, 0xFF, 0xFE]) == nil, "not UTF-8")
    #expect(ProtobufDecoder.stringField(1, in: []) == nil)
  }
}
