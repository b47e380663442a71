import Explorer
import Foundation
import GRPCCore
import SwiftProtobuf
import Wire
import WireFormat

/// Issue 11's goals for the explorer on any service, in one process:
/// - render p50 of a screen with a 2,000-type / 200-method catalog and a 1 MiB JSON reply on
///   it, against the Greeter screen (a few calls, the same size);
/// - keystroke-to-screen in the composer on a 1,000-line JSON (`update` of one key, `settle`
///   (the check against the type), `render`), p50 and p99.
enum ExplorerBench {
  /// `pkg.v1`: 2,000 messages (`M0`…, each a string, an int64, an enum, a repeated string and a
  /// nested message), 200 services of one method each taking `M<n>` and returning `Big`.
  static func bigCatalog() throws -> Catalog {
    var file = Google_Protobuf_FileDescriptorProto()
    file.name = "bench/big.proto"
    file.package = "pkg.v1"
    file.syntax = "proto3"
    var color = Google_Protobuf_EnumDescriptorProto()
    color.name = "Color"
    color.value = ["COLOR_UNSPECIFIED", "RED", "GREEN"].enumerated().map { index, name in
      var value = Google_Protobuf_EnumValueDescriptorProto()
      value.name = name
      value.number = Int32(index)
      return value
    }
    file.enumType = [color]
    func field(
      _ name: String, _ number: Int32, _ type: Google_Protobuf_FieldDescriptorProto.TypeEnum,
      repeated: Bool = false, typeName: String? = nil
    ) -> Google_Protobuf_FieldDescriptorProto {
      var field = Google_Protobuf_FieldDescriptorProto()
      field.name = name
      field.jsonName = name
      field.number = number
      field.type = type
      field.label = repeated ? .repeated : .optional
      if let typeName { field.typeName = typeName }
      return field
    }
    var big = Google_Protobuf_DescriptorProto()
    big.name = "Big"
    big.field = [field("items", 1, .string, repeated: true)]
    file.messageType = [big]
    for index in 0..<2000 {
      var message = Google_Protobuf_DescriptorProto()
      message.name = "M\(index)"
      message.field = [
        field("name", 1, .string), field("count", 2, .int64),
        field("color", 3, .enum, typeName: ".pkg.v1.Color"),
        field("tags", 4, .string, repeated: true),
        field("child", 5, .message, typeName: ".pkg.v1.M\((index + 1) % 2000)"),
      ]
      file.messageType.append(message)
    }
    for index in 0..<200 {
      var service = Google_Protobuf_ServiceDescriptorProto()
      service.name = "S\(index)"
      var method = Google_Protobuf_MethodDescriptorProto()
      method.name = "Get"
      method.inputType = ".pkg.v1.M\(index)"
      method.outputType = ".pkg.v1.Big"
      service.method = [method]
      file.service.append(service)
    }
    return try Catalog(files: [file])
  }

  static func microseconds(_ body: () -> Void) -> Double {
    let start = ContinuousClock.now
    body()
    let (seconds, attoseconds) = (ContinuousClock.now - start).components
    return Double(seconds) * 1e6 + Double(attoseconds) / 1e12
  }

  static func percentile(_ values: [Double], _ fraction: Double) -> Double {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
  }

  /// The Greeter screen: three SayHello calls, 120x40.
  static func greeterState() -> ExplorerState {
    var state = InputBench.state()
    let reply: [UInt8] = [0x0A, 11] + Array("Hello, Ada!".utf8)
    for id in 1...3 {
      for character in "Ada" { _ = state.update(.key(.character(character))) }
      _ = state.update(.key(.enter))
      _ = state.update(.call(id: id, .message(reply)))
      UIBench.finish(&state, id: id)
    }
    state.settle()
    return state
  }

  /// The big catalog's first method called, its 1 MiB reply (`Big.items`) on screen.
  static func bigState(_ catalog: Catalog) throws -> ExplorerState {
    var state = ExplorerState(
      methods: [], target: "127.0.0.1:50051", targetIsEmbedded: false, width: 120, height: 40)
    _ = state.update(.schema(catalog, services: catalog.services.map(\.fullName)))
    _ = state.update(.key(.enter))
    _ = state.update(.key(.function(5)))
    let items = (0..<18_000).map { "item \($0) " + String(repeating: "x", count: 50) }
    let reply = try catalog.encode(
      try catalog.decodeJSON(
        JSONWriter.compact(.object([("items", .array(items.map(JSONNode.string)))])),
        as: "pkg.v1.Big"))
    precondition(reply.count > 1 << 20)
    _ = state.update(.call(id: 1, .message(reply)))
    UIBench.finish(&state, id: 1)
    state.settle()
    return state
  }

  static func run(renders: Int, keys: Int) throws -> [String: Any] {
    let catalog = try bigCatalog()
    let greeter = greeterState()
    let big = try bigState(catalog)
    var greeterTimes: [Double] = []
    var bigTimes: [Double] = []
    for _ in 0..<renders {
      greeterTimes.append(microseconds { precondition(greeter.render().grid.width == 120) })
      bigTimes.append(microseconds { precondition(big.render().grid.width == 120) })
    }

    // The composer on 1,000 lines: M0's `tags` filled, the cursor in the middle.
    var state = big
    let tags = (0..<996).map { "    \"tag \($0)\"" }.joined(separator: ",\n")
    let json = "{\n  \"name\": \"bench\",\n  \"tags\": [\n\(tags)\n  ]\n}"
    precondition(json.split(separator: "\n").count >= 1000)
    _ = state.update(.edited(json))
    for _ in 0..<500 { _ = state.update(.key(.down)) }
    state.settle()
    var keyTimes: [Double] = []
    for index in 0..<keys {
      let key: Key = index % 2 == 0 ? .character("a") : .backspace
      keyTimes.append(
        microseconds {
          _ = state.update(.key(key))
          state.settle()
          precondition(state.render().grid.width == 120)
        })
    }
    precondition(state.composer.isValid, "the text stayed valid JSON")
    let greeterP50 = percentile(greeterTimes, 0.5)
    let bigP50 = percentile(bigTimes, 0.5)
    return [
      "renders": renders, "types": catalog.messageList.count, "methods": catalog.methods.count,
      "greeter_render_us_p50": greeterP50, "big_render_us_p50": bigP50,
      "big_over_greeter": bigP50 / greeterP50,
      "composer_lines": json.split(separator: "\n").count, "keys": keys,
      "composer_key_ms_p50": percentile(keyTimes, 0.5) / 1000,
      "composer_key_ms_p99": percentile(keyTimes, 0.99) / 1000,
    ]
  }
}
