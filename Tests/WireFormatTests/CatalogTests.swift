import GreeterProtos
import SwiftProtobuf
import Testing

@testable import WireFormat

/// The catalog from descriptor sets: types by full name, methods by every spelling people use,
/// and a clear error for what is missing.
@Suite struct CatalogTests {
  static func greeter() throws -> Catalog {
    try Catalog(descriptorSets: [GreeterDescriptorSet.bytes])
  }

  @Test func theGreeterSetHasItsMessagesAndMethodsInProtoOrder() throws {
    let catalog = try Self.greeter()
    let request = try #require(catalog.message("helloworld.HelloRequest"))
    #expect(request.fields.map(\.name) == ["name"])
    #expect(request.fields[0].kind == .string && request.fields[0].jsonName == "name")
    #expect(
      catalog.methods.map(\.fullName).prefix(5) == [
        "helloworld.Greeter.SayHello", "helloworld.Greeter.SayHelloAgain",
        "helloworld.Greeter.SayHelloStreamReply", "helloworld.Greeter.SayHelloBidiStream",
        "helloworld.Greeter.SayHelloToAll",
      ])
    #expect(catalog.methods[3].clientStreaming && catalog.methods[3].serverStreaming)
    #expect(catalog.methods[4].clientStreaming && !catalog.methods[4].serverStreaming)
  }

  @Test(arguments: [
    "helloworld.Greeter/SayHello", "/helloworld.Greeter/SayHello", "helloworld.Greeter.SayHello",
    "SayHello",
  ])
  func methodsAreFoundByEverySpelling(query: String) throws {
    let method = try Self.greeter().method(query)
    #expect(method.path == "/helloworld.Greeter/SayHello")
    #expect(method.inputType == "helloworld.HelloRequest")
  }

  @Test func anAmbiguousOrUnknownMethodSaysWhichOnesThereAre() throws {
    let catalog = try ProtoFixture.catalog([
      "a.proto":
        "syntax = \"proto3\"; package a; message M {} service S { rpc Get(M) returns (M); }",
      "b.proto":
        "syntax = \"proto3\"; package b; import \"a.proto\"; service T { rpc Get(a.M) returns (a.M); }",
    ])
    #expect(throws: CatalogError("method Get is ambiguous: a.S.Get, b.T.Get")) {
      try catalog.method("Get")
    }
    #expect(try catalog.method("b.T/Get").service == "b.T")
    #expect(throws: CatalogError("unknown method Put; the catalog has a.S.Get, b.T.Get")) {
      try catalog.method("Put")
    }
  }

  @Test func aMissingImportIsNamed() throws {
    let set = try Google_Protobuf_FileDescriptorSet(
      serializedBytes: try ProtoFixture.descriptorSet([
        "a.proto": "syntax = \"proto3\"; package a; message M {}",
        "b.proto": "syntax = \"proto3\"; package b; import \"a.proto\"; message N { a.M m = 1; }",
      ]))
    let withoutA = set.file.filter { $0.name != "a.proto" }
    #expect(throws: CatalogError("b.proto imports a.proto, which is not in the descriptors given"))
    {
      try Catalog(files: withoutA)
    }
  }

  @Test func fieldsKnowTheirShape() throws {
    let catalog = try ProtoFixture.shopCatalog()
    let order = try #require(catalog.message("shop.Order"))
    let field = { (name: String) in order.fields.first { $0.name == name }! }
    #expect(field("stock").isMap && field("stock").isRepeated)
    #expect(field("numbers").isPacked && !field("loose").isPacked)
    #expect(field("customer_name").jsonName == "buyer")
    #expect(field("card").oneofIndex == field("cash").oneofIndex)
    #expect(field("card").hasPresence && !field("id").hasPresence)
    let item = try #require(catalog.message("shop.Item"))
    let maybe = try #require(item.fields.first { $0.name == "maybe" })
    #expect(maybe.isProto3Optional && maybe.hasPresence)
    #expect(item.oneofs.map(\.isSynthetic) == [true])
    #expect(catalog.enumType("shop.Color")?.number(of: "GREEN") == 2)
    #expect(catalog.services.map(\.fullName) == ["shop.Shop"])
  }
}
