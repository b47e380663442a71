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

  /// A leading dot (protoc's fully qualified form) is dropped, and only the dot.
  @Test func aLeadingDotIsDroppedAndNothingElse() throws {
    let catalog = try Self.greeter()
    #expect(catalog.messageIndex(".helloworld.HelloRequest") != nil)
    #expect(catalog.messageIndex("helloworld.HelloRequest") != nil)
    #expect(catalog.messageIndex(".\u{301}helloworld.HelloRequest") == nil)
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

  /// A file with one message `bad.M` holding `fields` (and a map entry type when asked).
  static func file(
    _ fields: [Google_Protobuf_FieldDescriptorProto],
    mapKey: Google_Protobuf_FieldDescriptorProto.TypeEnum? = nil
  )
    -> Google_Protobuf_FileDescriptorProto
  {
    Google_Protobuf_FileDescriptorProto.with {
      $0.name = "bad.proto"
      $0.package = "bad"
      $0.syntax = "proto3"
      $0.messageType = [
        .with {
          $0.name = "M"
          $0.field = fields
          if let mapKey {
            $0.nestedType = [
              .with {
                $0.name = "EEntry"
                $0.options = .with { $0.mapEntry = true }
                $0.field = [
                  .with {
                    $0.name = "key"
                    $0.number = 1
                    $0.type = mapKey
                    $0.label = .optional
                  },
                  .with {
                    $0.name = "value"
                    $0.number = 2
                    $0.type = .string
                    $0.label = .optional
                  },
                ]
              }
            ]
          }
        }
      ]
    }
  }

  @Test func descriptorsProtocWouldRefuseAreRefusedNotCrashedOn() throws {
    let negative = Google_Protobuf_FieldDescriptorProto.with {
      $0.name = "n"
      $0.number = -1
      $0.type = .int32
      $0.label = .optional
    }
    #expect(throws: CatalogError("bad.M.n has field number -1, outside 1…536870911")) {
      try Catalog(files: [Self.file([negative])])
    }
    let doubleKeyed = Google_Protobuf_FieldDescriptorProto.with {
      $0.name = "e"
      $0.number = 1
      $0.type = .message
      $0.typeName = ".bad.M.EEntry"
      $0.label = .repeated
    }
    #expect(
      throws: CatalogError(
        "bad.M.e is a map whose key is double; map keys are integers, bools or strings")
    ) {
      try Catalog(files: [Self.file([doubleKeyed], mapKey: .double)])
    }
    let fine = try Catalog(files: [Self.file([doubleKeyed], mapKey: .sint64)])
    #expect(fine.message("bad.M")?.fields.first?.isMap == true)
  }

  @Test func aOneStringTypeWithItsOwnJSONFormGetsItInTheDraft() throws {
    let catalog = try Self.greeter()
    #expect(catalog.draft(from: "Ada", as: "helloworld.HelloRequest").json == #"{"name":"Ada"}"#)
    #expect(catalog.draft(from: "", as: "helloworld.HelloRequest").json == "{}")
    let wrapped = catalog.draft(from: "Ada", as: "google.protobuf.StringValue")
    #expect(wrapped.json == #""Ada""#)
    #expect(try catalog.encode(wrapped) == [0x0A, 0x03, 0x41, 0x64, 0x61])
    #expect(catalog.shownText(of: wrapped) == "Ada")
  }

  @Test func durationsBecomeWholeNanosecondsWithinRange() {
    #expect(Duration.milliseconds(1500).wholeNanoseconds == 1_500_000_000)
    #expect(Duration.milliseconds(-500).wholeNanoseconds == 0)
    #expect(Duration.seconds(Int64.max).wholeNanoseconds == .max)
  }
}
