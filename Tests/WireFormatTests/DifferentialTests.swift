import Foundation
import GreeterTestSupport
import Testing

@testable import WireFormat

/// The codec against an implementation no one here wrote: Python protobuf (upb) and its
/// json_format, over the kitchen-sink schema. Python makes 10,000 seeded random messages (binary
/// and JSON); we read both, check they give the same message, write it back as binary and JSON;
/// Python reads ours and compares with its original.
@Suite struct DifferentialTests {
  static let fixtures = TestEnvironment.repositoryRoot.appendingPathComponent(
    "Tests/WireFormatTests/Fixtures")
  static let oracle = TestEnvironment.repositoryRoot.appendingPathComponent(
    "Tests/WireFormatTests/Python/codec_oracle.py"
  ).path

  static func kitchenSink() throws -> (Catalog, String) {
    let path = fixtures.appendingPathComponent("kitchen_sink.protoset").path
    let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    return (try Catalog(descriptorSets: [bytes]), path)
  }

  struct Counts: CustomStringConvertible {
    var messages = 0
    var binaryIdentical = 0
    var jsonSameAsBinary = 0
    var failures: [String] = []
    var description: String {
      "ours: \(messages) messages: binary re-encoded identically \(binaryIdentical), "
        + "Python's JSON read as the same message \(jsonSameAsBinary)"
    }
  }

  @Test func tenThousandRandomMessagesAgreeWithPythonProtobufBothWays() throws {
    let (catalog, protoset) = try Self.kitchenSink()
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("greeter-oracle-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let generated = folder.appendingPathComponent("python.jsonl").path
    let ours = folder.appendingPathComponent("ours.jsonl").path
    let python = try TestEnvironment.python()
    let (status, output) = try Spawn.run(
      python,
      [
        Self.oracle, "generate", "--protoset", protoset, "--count", "10000", "--seed", "20261202",
        "--out", generated,
      ])
    try #require(status == 0, "the oracle's generate failed: \(output)")

    var counts = Counts()
    var lines: [String] = []
    let text = try String(contentsOfFile: generated, encoding: .utf8)
    for line in text.split(separator: "\n") {
      let object = try #require(
        try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
      let type = try #require(object["type"])
      let pythonBinary = try #require(object["binary"].flatMap(Base64.decode))
      let pythonJSON = try #require(object["json"])
      counts.messages += 1
      do {
        let fromBinary = try catalog.decode(pythonBinary, as: type)
        let fromJSON = try catalog.decodeJSON(pythonJSON, as: type)
        let binary = catalog.encode(fromBinary)
        if binary == pythonBinary { counts.binaryIdentical += 1 }
        // Maps compare whatever the order of their entries (JSON's is by key as text).
        if catalog.encode(fromJSON, sortingMapKeys: true)
          == catalog.encode(fromBinary, sortingMapKeys: true)
        {
          counts.jsonSameAsBinary += 1
        } else if counts.failures.count < 10 {
          counts.failures.append(
            "\(type): Python's JSON and binary differ once read:\n\(pythonJSON)")
        }
        let record: [String: String] = [
          "type": type, "expected_binary": Base64.encode(pythonBinary),
          "binary": Base64.encode(binary), "json": try catalog.jsonText(fromBinary),
        ]
        lines.append(
          String(decoding: try JSONSerialization.data(withJSONObject: record), as: UTF8.self))
      } catch {
        if counts.failures.count < 10 {
          counts.failures.append("\(type): \(error)\n\(pythonJSON)")
        }
      }
    }
    try (lines.joined(separator: "\n") + "\n").write(
      toFile: ours, atomically: true, encoding: .utf8)
    print(counts)
    #expect(counts.messages == 10_000)
    #expect(counts.failures.isEmpty, "\(counts.failures.joined(separator: "\n\n"))")
    #expect(counts.binaryIdentical == counts.messages)
    #expect(counts.jsonSameAsBinary == counts.messages)

    let (verified, report) = try Spawn.run(
      python, [Self.oracle, "verify", "--protoset", protoset, "--in", ours])
    print(report.split(separator: "\n").last.map(String.init) ?? report)
    #expect(verified == 0, "Python disagrees with our binary or JSON:\n\(report)")
    #expect(
      report.contains(
        "oracle: 10000 messages: binary identical 10000, binary equal 10000, json equal 10000"))
  }
}
