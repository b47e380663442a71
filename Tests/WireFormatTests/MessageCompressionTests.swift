import Foundation
import Testing
import WireFormat

@Suite struct MessageCompressionTests {
  @Test(arguments: MessageCompression.allCases)
  func roundTripsAndRefusesCorruptData(_ compression: MessageCompression) throws {
    let text = Array(String(repeating: "Hello, Ada! ", count: 1000).utf8)
    let compressed = compression.compress(text)
    #expect(compressed.count < text.count / 10)
    #expect(try compression.decompress(compressed, limit: text.count) == text)
    #expect(throws: MessageCompression.Failure.self) {
      try compression.decompress(Array(compressed.prefix(compressed.count / 2)), limit: 1 << 20)
    }
    #expect(throws: MessageCompression.Failure.self) {
      try compression.decompress([1, 2, 3, 4, 5, 6, 7, 8], limit: 1 << 20)
    }
  }

  /// What gzip(1) and Python write: gzip's own file format, read by us.
  @Test func readsWhatGzipWrote() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "gz-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let file = folder.appendingPathComponent("hello.txt")
    try Data("Hello, 세종!\n".utf8).write(to: file)
    let gzip = Process()
    gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
    gzip.arguments = ["-k", file.path]
    try gzip.run()
    gzip.waitUntilExit()
    let compressed = try Data(contentsOf: file.appendingPathExtension("gz"))
    #expect(
      try MessageCompression.gzip.decompress(Array(compressed), limit: 100)
        == Array("Hello, 세종!\n".utf8))
  }

  /// A bomb: 16 MiB of zeros in a few KiB is refused once 4 MiB came out, never held whole.
  @Test func aBombIsRefusedAtTheLimit() throws {
    let zeros = [UInt8](repeating: 0, count: 16 << 20)
    let chunk = MessageCompression.gzip.compress(zeros)
    #expect(chunk.count < 64 << 10)
    #expect(throws: MessageCompression.Failure.tooLarge(limit: 4 << 20)) {
      try MessageCompression.gzip.decompress(chunk, limit: 4 << 20)
    }
  }
}
