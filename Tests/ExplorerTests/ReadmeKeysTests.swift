import Foundation
import Testing

@testable import Explorer

/// The README's key table is the keymap's: a key added, moved or renamed without the README
/// following fails here (UPDATE_README=1 rewrites the table; review the diff).
@Suite struct ReadmeKeysTests {
  static let begin =
    "<!-- keys: generated from Keymap.bindings; ExplorerTests checks it (UPDATE_README=1 rewrites it) -->\n"
  static let end = "\n<!-- keys end -->"

  @Test func theReadmesKeyTableIsTheKeymap() throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../README.md")
    var readme = try String(contentsOf: url, encoding: .utf8)
    let start = try #require(readme.range(of: Self.begin), "the README has lost its key table")
    let stop = try #require(readme.range(of: Self.end, range: start.upperBound..<readme.endIndex))
    let table = Keymap.markdownTable()
    if ProcessInfo.processInfo.environment["UPDATE_README"] == "1" {
      readme.replaceSubrange(start.upperBound..<stop.lowerBound, with: table)
      try readme.write(to: url, atomically: true, encoding: .utf8)
      return
    }
    let documented = String(readme[start.upperBound..<stop.lowerBound])
    #expect(documented == table, "README.md's key table differs from Keymap.bindings")
    // Every action the keymap dispatches is in it.
    for binding in Keymap.bindings {
      #expect(documented.contains("| \(binding.label) |"), "\(binding.label) is not in the README")
    }
  }
}
