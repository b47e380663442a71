import Foundation
import GRPCCore
import Testing

@testable import Explorer

/// Screens as plain text, compared with reviewed goldens in Goldens/ (UPDATE_GOLDENS=1 rewrites
/// them; review the diff before committing).
@Suite struct RenderTests {
  static let hostile = "Hello, \u{1B}]0;pwned\u{07}\u{1B}[2J\u{9B}31m\u{202E}dlrow\u{202C}!"

  /// Three calls: a Korean name (frames recorded from Python grpcio), a hostile reply, and a
  /// refused connection while the embedded server is off; the HEADERS frame's `:path` field
  /// selected.
  static func busy(width: Int, height: Int) throws -> Scenario {
    var scenario = Scenario(width: width, height: height)
    scenario.press(.down, .enter)
    scenario.type("세종")
    scenario.press(.enter)
    try scenario.complete(
      1, replies: ["Hello again, 세종!"], frames: Scenario.recordedFrames("python-grpcio-unary"))
    scenario.type("Mallory")
    scenario.press(.enter)
    try scenario.complete(
      2, replies: [hostile], status: Status(code: .internalError, message: hostile),
      totalMicros: 1234)
    scenario.press(.function(2))
    _ = scenario.state.update(.server(.off))
    scenario.type("Ada")
    scenario.press(.enter)
    try scenario.complete(
      3, replies: [],
      status: Status(code: .unavailable, message: "connection refused 127.0.0.1:50051"),
      totalMicros: 300, connectionFailed: true)
    scenario.press(.tab, .up, .up, .tab)  // transcript: select call 1; then frames
    scenario.press(.down, .down, .enter, .down, .down, .down)  // HEADERS; into its fields; :path
    return scenario
  }

  static func check(_ text: String, golden name: String) throws {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("Goldens/\(name).txt")
    if ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1" {
      try (text + "\n").write(to: url, atomically: true, encoding: .utf8)
    }
    let golden = try String(contentsOf: url, encoding: .utf8)
    #expect(text + "\n" == golden, "render differs from Goldens/\(name).txt:\n\(text)")
  }

  @Test(arguments: [(80, 24), (120, 40), (40, 10), (20, 5)])
  func busyScreenMatchesItsGolden(width: Int, height: Int) throws {
    let scenario = try Self.busy(width: width, height: height)
    try Self.check(scenario.text, golden: "busy-\(width)x\(height)")
  }

  @Test func rawViewAndHelpMatchTheirGoldens() throws {
    var scenario = try Self.busy(width: 80, height: 24)
    scenario.press(.character("x"))
    try Self.check(scenario.text, golden: "raw-80x24")
    scenario.press(.function(1))
    try Self.check(scenario.text, golden: "help-80x24")
  }

  /// A service that is not the Greeter: the tree, the composer on its template, then on a
  /// request the codec refuses (the line marked, the reason under it).
  @Test(arguments: [(80, 24), (120, 40)])
  func composerMatchesItsGoldens(width: Int, height: Int) throws {
    var scenario = try ComposerTests.kitchenSink(width: width, height: height)
    scenario.press(.down, .down, .down, .enter)
    try Self.check(scenario.text, golden: "composer-\(width)x\(height)")
    scenario.press(.down, .end, .backspace, .backspace, .backspace)
    scenario.type("12x,")
    try Self.check(scenario.text, golden: "composer-invalid-\(width)x\(height)")
  }

  /// Ten services of twenty methods, one folded, filtered by `/`.
  @Test(arguments: [(80, 24), (120, 40)])
  func treeMatchesItsGoldens(width: Int, height: Int) throws {
    var scenario = Scenario(width: width, height: height)
    scenario.state.tree.replace(methods: ServicesTreeTests.manyMethods(services: 10, each: 20))
    scenario.press(.up, .enter, .down, .down, .down)
    try Self.check(scenario.text, golden: "tree-\(width)x\(height)")
    scenario.press(.character("/"))
    scenario.type("S1/M1")
    try Self.check(scenario.text, golden: "tree-filtered-\(width)x\(height)")
  }

  /// A kitchen-sink call whose Receipt has 30 lines, folded then whole (Enter), and one that
  /// failed with rich error details.
  static func longReply(width: Int, height: Int) throws -> Scenario {
    var scenario = try ComposerTests.kitchenSink(width: width, height: height)
    scenario.press(.enter)
    scenario.state.composer.fill(with: #"{"id": "A1"}"#)
    scenario.press(.control("s"))
    let catalog = scenario.state.catalog
    let lines = (1...30).map { #"{"index": \#($0), "sku": "S\#($0)"}"# }.joined(separator: ",")
    let receipt = try catalog.decodeJSON(
      #"{"orderId": "A1", "lines": [\#(lines)], "message": "30 lines"}"#,
      as: "kitchensink.Receipt")
    _ = scenario.state.update(.call(id: 1, .message(try catalog.encode(receipt))))
    try scenario.complete(1, replies: [])
    scenario.press(.tab)
    return scenario
  }

  @Test(arguments: [(80, 24), (120, 40)])
  func aLongReplyFoldedAndWholeMatchesItsGoldens(width: Int, height: Int) throws {
    var scenario = try Self.longReply(width: width, height: height)
    #expect(scenario.text.contains("⋯ 126 lines · Enter: all"), "\(scenario.text)")
    try Self.check(scenario.text, golden: "reply-folded-\(width)x\(height)")
    scenario.press(.enter)
    #expect(scenario.state.transcript.calls[0].isExpanded)
    #expect(!scenario.text.contains("⋯ 126 lines"))
    try Self.check(scenario.text, golden: "reply-whole-\(width)x\(height)")
  }

  @Test func errorDetailsMatchTheirGolden() throws {
    var scenario = Scenario(width: 120, height: 40)
    scenario.press(.enter)
    scenario.type("Ada")
    scenario.press(.enter)
    let catalog = scenario.state.catalog
    let status = try catalog.decodeJSON(
      """
      {"code": 3, "message": "order rejected", "details": [
        {"@type": "type.googleapis.com/google.rpc.BadRequest",
         "fieldViolations": [{"field": "items[0].quantity", "description": "must be at least 1"}]},
        {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "ORDER_REJECTED",
         "domain": "kitchensink.greeter-tui.test"}]}
      """, as: "google.rpc.Status")
    var trailers = Metadata()
    trailers.addBinary(catalog.encode(status), forKey: "grpc-status-details-bin")
    _ = scenario.state.update(.call(id: 1, .trailers(trailers)))
    try scenario.complete(
      1, replies: [], status: Status(code: .invalidArgument, message: "order rejected"))
    try Self.check(scenario.text, golden: "error-details-120x40")
  }

  /// A 4 MiB reply: folded, it costs its first rows; whole, it is all there.
  @Test func aFourMebibyteReplyIsFoldedAndCanBeShownWhole() throws {
    var scenario = try ComposerTests.kitchenSink(width: 80, height: 24)
    scenario.press(.enter, .control("s"))
    let catalog = scenario.state.catalog
    let big = String(repeating: "x", count: 4 << 20)
    let receipt = try catalog.decodeJSON(#"{"message": "\#(big)"}"#, as: "kitchensink.Receipt")
    _ = scenario.state.update(.call(id: 1, .message(try catalog.encode(receipt))))
    try scenario.complete(1, replies: [])
    let folded = scenario.text
    #expect(folded.contains("⋯ 4.0 MiB · Enter: all"), "\(folded)")
    scenario.press(.tab, .enter, .pageUp)
    #expect(scenario.text.contains("xxxxxxxx"))
  }

  @Test func helpScrolledMatchesItsGolden() throws {
    var scenario = Scenario()
    scenario.press(.function(1), .pageDown, .pageDown)
    try Self.check(scenario.text, golden: "help-scrolled-80x24")
  }

  @Test func emptyScreenAtStartMatchesItsGolden() throws {
    try Self.check(Scenario().text, golden: "start-80x24")
  }

  @Test func everyCellIsInertAndWideCharactersAreNeverSplit() throws {
    for (width, height) in [(80, 24), (120, 40), (40, 10), (41, 12), (63, 17), (99, 30)] {
      let grid = try Self.busy(width: width, height: height).state.render().grid
      for y in 0..<grid.height {
        for x in 0..<grid.width {
          let cell = grid[x, y]
          #expect(
            InertText.isInert(cell.text),
            "\(width)x\(height) cell \(x),\(y): \(cell.text.unicodeScalars.map(\.value))")
          if DisplayWidth.of(cell.text) == 2 {
            #expect(x + 1 < grid.width && grid[x + 1, y].isContinuation)
          }
          if cell.isContinuation { #expect(x > 0 && DisplayWidth.of(grid[x - 1, y].text) == 2) }
        }
      }
    }
  }

  @Test func anySizeDownToOneByOneRendersWithoutCrashing() throws {
    var scenario = try Self.busy(width: 80, height: 24)
    for width in [0, 1, 2, 5, 19, 20, 39, 40, 59, 60, 99, 100, 250] {
      for height in [0, 1, 2, 4, 5, 9, 10, 11, 15, 24, 80] {
        _ = scenario.state.update(.resize(width: width, height: height))
        let screen = scenario.state.render()
        #expect(screen.grid.width == width && screen.grid.height == height)
        if let cursor = screen.cursor { #expect(cursor.x < width && cursor.y < height) }
      }
    }
  }

  @Test func selectedFieldsBytesAreHighlightedInTheHex() throws {
    let grid = try Self.busy(width: 120, height: 40).state.render().grid
    let lit = (0..<grid.height).flatMap { y in
      (0..<grid.width).filter { grid[$0, y].style == Theme.highlight }.map { (x: $0, y: y) }
    }
    #expect(!lit.isEmpty)
    // The :path field of the recorded request: literal with indexing (0x44) and a Huffman string.
    let litText = lit.map { grid[$0.x, $0.y].text }.joined()
    #expect(litText.hasPrefix("44"), "\(litText)")
  }

  @Test func failureIsRedAndSuccessGreen() throws {
    let text = try Self.busy(width: 120, height: 40).state.render().grid
    var styles: [String: Style] = [:]
    for y in 0..<text.height {
      var line = ""
      for x in 0..<text.width { line += text[x, y].text }
      if let range = line.range(of: "OK · ") {
        styles["ok"] = text[line.distance(from: line.startIndex, to: range.lowerBound), y].style
      }
      if let range = line.range(of: "UNAVAILABLE") {
        styles["fail"] = text[line.distance(from: line.startIndex, to: range.lowerBound), y].style
      }
    }
    #expect(styles["ok"]?.foreground == .green)
    #expect(styles["fail"]?.foreground == .red)
  }
}
