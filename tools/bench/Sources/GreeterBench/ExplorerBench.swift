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
    _ = state.update(.call(id: 1, .started(streamID: 1, connectNanos: 0)))
    _ = state.update(
      .call(id: 1, .captured(frames(path: "/pkg.v1.S0/Get", request: [], reply: reply))))
    _ = state.update(.call(id: 1, .message(reply)))
    UIBench.finish(&state, id: 1)
    state.settle()
    return state
  }

  /// The frames of a unary call on stream 1 as the client captures them: the preface and
  /// SETTINGS, the request's HEADERS (HPACK literals, no Huffman) and DATA, the reply's HEADERS
  /// and its message in DATA frames of 16 KiB, decoded by the passive decoder as in the app.
  static func frames(path: String, request: [UInt8], reply: [UInt8]) -> [CapturedItem] {
    func frame(_ type: UInt8, _ flags: UInt8, stream: UInt32, _ payload: [UInt8]) -> [UInt8] {
      let length = UInt32(payload.count)
      return [
        UInt8(length >> 16), UInt8(truncatingIfNeeded: length >> 8),
        UInt8(truncatingIfNeeded: length), type, flags, 0, 0, 0, UInt8(stream),
      ] + payload
    }
    func literals(_ fields: [(String, String)]) -> [UInt8] {
      var bytes: [UInt8] = []
      for (name, value) in fields {
        bytes += [0x00, UInt8(name.utf8.count)]
        bytes += Array(name.utf8)
        bytes.append(UInt8(value.utf8.count))
        bytes += Array(value.utf8)
      }
      return bytes
    }
    func message(_ bytes: [UInt8]) -> [UInt8] {
      let length = UInt32(bytes.count)
      return [
        0, UInt8(length >> 24), UInt8(truncatingIfNeeded: length >> 16),
        UInt8(truncatingIfNeeded: length >> 8), UInt8(truncatingIfNeeded: length),
      ] + bytes
    }
    var decoder = ConnectionDecoder()
    var items: [DecodedItem] = []
    let endHeaders: UInt8 = 0x4
    let endStream: UInt8 = 0x1
    let requestHeaders: [(String, String)] = [
      (":method", "POST"), (":scheme", "http"), (":path", path),
      (":authority", "127.0.0.1:50051"), ("content-type", "application/grpc"), ("te", "trailers"),
    ]
    var outbound = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)
    outbound += frame(4, 0, stream: 0, [])
    outbound += frame(1, endHeaders, stream: 1, literals(requestHeaders))
    outbound += frame(0, endStream, stream: 1, message(request))
    items += decoder.feed(outbound, direction: .outbound)
    var inbound = frame(4, 0, stream: 0, [])
    let replyHeaders: [(String, String)] = [
      (":status", "200"), ("content-type", "application/grpc"),
    ]
    inbound += frame(1, endHeaders, stream: 1, literals(replyHeaders))
    items += decoder.feed(inbound, direction: .inbound)
    let body = message(reply)
    for start in stride(from: 0, to: body.count, by: 16_384) {
      let chunk = Array(body[start..<min(body.count, start + 16_384)])
      items += decoder.feed(frame(0, 0, stream: 1, chunk), direction: .inbound)
    }
    items += decoder.feed(
      frame(1, endHeaders | endStream, stream: 1, literals([("grpc-status", "0")])),
      direction: .inbound)
    return items.enumerated().map {
      CapturedItem(
        uptimeNanos: UInt64($0.offset + 1) * 10_000, sequence: $0.offset, item: $0.element)
    }
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
    // The same reply whole (Enter in the Transcript: up to 2,000 rows laid out), and its last
    // DATA frame (where the message ends: 18,000 fields) open in the Decoded pane.
    var expanded = big
    _ = expanded.update(.key(.tab))
    _ = expanded.update(.key(.enter))
    precondition(expanded.transcript.shownCall?.isExpanded == true)
    // As the app does after events and before it draws.
    expanded.settle()
    var dataFrame = big
    _ = dataFrame.update(.key(.backTab))
    _ = dataFrame.update(.key(.backTab))
    let frameCount = dataFrame.transcript.shownCall?.frames?.count ?? 0
    precondition(frameCount > 60, "the reply's frames are on screen: \(frameCount)")
    for _ in 0..<(frameCount - 2) { _ = dataFrame.update(.key(.down)) }
    _ = dataFrame.update(.key(.enter))
    precondition(dataFrame.inspector.inDetail && dataFrame.focus == .frames)
    dataFrame.settle()
    var expandedTimes: [Double] = []
    var dataFrameTimes: [Double] = []
    for _ in 0..<renders {
      expandedTimes.append(microseconds { precondition(expanded.render().grid.width == 120) })
      dataFrameTimes.append(microseconds { precondition(dataFrame.render().grid.width == 120) })
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
      "expanded_render_us_p50": percentile(expandedTimes, 0.5),
      "expanded_over_greeter": percentile(expandedTimes, 0.5) / greeterP50,
      "data_frame_render_us_p50": percentile(dataFrameTimes, 0.5),
      "data_frame_over_greeter": percentile(dataFrameTimes, 0.5) / greeterP50,
      "composer_lines": json.split(separator: "\n").count, "keys": keys,
      "composer_key_ms_p50": percentile(keyTimes, 0.5) / 1000,
      "composer_key_ms_p99": percentile(keyTimes, 0.99) / 1000,
    ]
  }
}
