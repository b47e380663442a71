import Foundation
import GreeterTestSupport
import Testing

/// `call --pcap FILE`: errors in the OS's words, and a call that captured nothing (refused)
/// leaves the previous capture in FILE as it was.
@Suite struct PCAPOptionTests {
  /// A folder of its own, so that a leftover temporary file would show.
  static func folder() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "pcap-\(UUID().uuidString)"
    ).path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    return path
  }

  static let pcapMagic: [UInt8] = [0xD4, 0xC3, 0xB2, 0xA1]

  @Test(arguments: [
    ("/nonexistent/dir/c.pcap", "No such file or directory"),
    ("/dev/full", "No space left on device"),
  ])
  func unwritableFileSaysWhatTheOSSaid(_ path: String, _ reason: String) async throws {
    let call = try await CallProcess.run(["--embedded", "--pcap", path, "SayHello", "Ada"])
    #expect(call.status == 1)
    #expect(call.errorOutput == "greeter-tui: cannot write \(path): \(reason)\n")
    #expect(call.output.isEmpty)
  }

  @Test func refusedCallLeavesThePreviousCaptureAsItWas() async throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let file = folder + "/c.pcap"
    let first = try await CallProcess.run(["--embedded", "--pcap", file, "SayHello", "Ada"])
    #expect(first.status == 0, "\(first.errorOutput)")
    let capture = try Data(contentsOf: URL(fileURLWithPath: file))
    #expect(Array(capture.prefix(4)) == Self.pcapMagic)
    #expect(capture.count > 24, "packets after the 24-byte file header")

    let refusing = try RefusingPort()
    let refused = try await CallProcess.run([
      "--target", "127.0.0.1:\(refusing.port)", "--pcap", file, "SayHello", "Ada",
    ])
    withExtendedLifetime(refusing) {}
    #expect(refused.status == 2)
    #expect(
      refused.errorOutput == "greeter-tui: no connection was made, so \(file) was left as it was\n")
    #expect(try Data(contentsOf: URL(fileURLWithPath: file)) == capture)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["c.pcap"])
  }

  @Test func refusedCallCreatesNoFileAndACallReplacesTheOldOne() async throws {
    let folder = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let file = folder + "/c.pcap"
    let refusing = try RefusingPort()
    let refused = try await CallProcess.run([
      "--target", "127.0.0.1:\(refusing.port)", "--pcap", file, "SayHello", "Ada",
    ])
    withExtendedLifetime(refusing) {}
    #expect(refused.status == 2)
    #expect(
      refused.errorOutput == "greeter-tui: no connection was made, so \(file) was not written\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)

    try Data("an older file".utf8).write(to: URL(fileURLWithPath: file))
    let call = try await CallProcess.run(["--embedded", "--pcap", file, "SayHello", "Ada"])
    #expect(call.status == 0, "\(call.errorOutput)")
    #expect(call.errorOutput.isEmpty)
    let capture = try Data(contentsOf: URL(fileURLWithPath: file))
    #expect(Array(capture.prefix(4)) == Self.pcapMagic)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["c.pcap"])
  }
}
