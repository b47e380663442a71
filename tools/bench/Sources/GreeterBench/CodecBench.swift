import Foundation
import GreeterProtos
import SwiftProtobuf
import WireFormat

/// The dynamic codec (WireFormat) against swift-protobuf's generated code on the same messages:
/// a HelloRequest and a ~1 KB kitchen-sink Order (items, a customer, labels, a timestamp, an
/// Any). Each operation — binary decode and encode, proto3 JSON encode and decode — runs a fixed
/// number of times per round, rounds interleaved; the median round is reported in ns per message.
/// `--out FILE` writes the messages (type, base64 binary) for the Python side of the comparison.
enum CodecBench {
  static let order = """
    {"id": "order-20261202-0042", "customer": {"name": "Ada Lovelace", "email": "ada@example.com",
     "tier": "TIER_GOLD", "address": {"lines": ["12 St James's Square", "Westminster"],
     "countryCode": "GB", "postalCode": 1234}},
     "items": [
      {"sku": "SKU-0001", "name": "Analytical engine gear", "quantity": 12,
       "unitPriceCents": "1999", "color": "COLOR_RED", "tags": ["brass", "precision"], "weightKg": 0.25},
      {"sku": "SKU-0002", "name": "Punched card (box of 500)", "quantity": 3,
       "unitPriceCents": "4500", "color": "COLOR_BLUE", "tags": ["paper"], "weightKg": 1.5},
      {"sku": "SKU-0003", "name": "Difference engine manual", "quantity": 1,
       "unitPriceCents": "12000", "color": "COLOR_GREEN", "tags": ["book", "first edition"], "weightKg": 0.8},
      {"sku": "SKU-0004", "name": "Jacquard loom shuttle", "quantity": 2,
       "unitPriceCents": "7350", "tags": ["wood"], "weightKg": 0.4}],
     "placedAt": "2026-12-02T08:30:00.125Z",
     "labels": {"channel": "web", "campaign": "winter", "gift": "yes", "note": "leave at the door"},
     "priority": "PRIORITY_HIGH", "voucherCode": "BABBAGE-1833",
     "deliveryWindow": "7200s",
     "attachment": {"@type": "type.googleapis.com/kitchensink.Item", "sku": "GIFT-WRAP",
       "name": "Gift wrapping", "quantity": 1, "unitPriceCents": "300"}}
    """

  struct Case {
    var name: String
    var typeName: String
    var generated: any SwiftProtobuf.Message.Type
    var json: String
  }

  static func run(protoset: String, rounds: Int, out: String?) throws -> [String: Any] {
    var catalog = try Catalog(descriptorSets: [GreeterDescriptorSet.bytes])
    let set = try Google_Protobuf_FileDescriptorSet(
      serializedBytes: Array(try Data(contentsOf: URL(fileURLWithPath: protoset))))
    try catalog.add(set.file)
    let cases = [
      Case(
        name: "hello", typeName: "helloworld.HelloRequest",
        generated: Helloworld_HelloRequest.self, json: #"{"name": "Ada Lovelace"}"#),
      Case(
        name: "order", typeName: "kitchensink.Order", generated: Kitchensink_Order.self, json: order
      ),
    ]
    // swift-protobuf prints an Any's JSON only for types registered with it.
    _ = Google_Protobuf_Any.register(messageType: Kitchensink_Item.self)
    var results: [String: Any] = [:]
    var written: [String] = []
    for item in cases {
      let message = try catalog.decodeJSON(item.json, as: item.typeName)
      let binary = catalog.encode(message)
      let json = try catalog.compactJSONText(message)
      let generated = try item.generated.init(
        serializedBytes: binary, extensions: nil, partial: false, options: BinaryDecodingOptions())
      // Both sides must agree on the message before their speed means anything.
      let generatedBinary: [UInt8] = try generated.serializedBytes()
      // (Map entries may come in another order: compared with keys sorted.)
      let sortedGenerated = catalog.encode(
        try catalog.decode(generatedBinary, as: item.typeName), sortingMapKeys: true)
      guard sortedGenerated == catalog.encode(message, sortingMapKeys: true) else {
        throw BenchError("\(item.name): generated code and the dynamic codec disagree on the bytes")
      }
      let generatedJSON = try generated.jsonString()
      let iterations = item.name == "hello" ? 200_000 : 20_000
      var times: [String: [Double]] = [:]
      func time(_ key: String, _ body: () throws -> Void) rethrows {
        let start = ContinuousClock.now
        for _ in 0..<iterations { try body() }
        let (seconds, attoseconds) = (ContinuousClock.now - start).components
        let nanos = (Double(seconds) * 1e9 + Double(attoseconds) / 1e9) / Double(iterations)
        times[key, default: []].append(nanos)
      }
      for _ in 0..<rounds {
        try time("generated_binary_decode") {
          _ = try item.generated.init(
            serializedBytes: binary, extensions: nil, partial: false,
            options: BinaryDecodingOptions())
        }
        try time("dynamic_binary_decode") { _ = try catalog.decode(binary, as: item.typeName) }
        try time("generated_binary_encode") { let _: [UInt8] = try generated.serializedBytes() }
        time("dynamic_binary_encode") { _ = catalog.encode(message) }
        try time("generated_json_encode") { _ = try generated.jsonString() }
        try time("dynamic_json_encode") { _ = try catalog.compactJSONText(message) }
        try time("generated_json_decode") {
          _ = try item.generated.init(jsonString: generatedJSON, options: JSONDecodingOptions())
        }
        try time("dynamic_json_decode") { _ = try catalog.decodeJSON(json, as: item.typeName) }
      }
      var summary: [String: Any] = ["bytes": binary.count, "json_bytes": json.utf8.count]
      for (key, values) in times { summary[key + "_ns"] = values.sorted()[values.count / 2] }
      results[item.name] = summary
      written.append(
        #"{"name": "\#(item.name)", "type": "\#(item.typeName)", "binary": "\#(Base64.encode(binary))"}"#
      )
    }
    if let out {
      try (written.joined(separator: "\n") + "\n").write(
        toFile: out, atomically: true, encoding: .utf8)
    }
    results["rounds"] = rounds
    return results
  }
}
