import Testing

@testable import Explorer

/// Emoji sequences, variation selectors and combining marks in the cell model: each grapheme is
/// drawn as parts of one width everywhere, never split at an edge (the rule in `DisplayWidth`).
@Suite struct GraphemeTests {
  static func cells(_ text: String, width: Int = 20, limit: Int? = nil) -> [String] {
    var grid = Grid(width: width, height: 1)
    grid.put(text, x: 0, y: 0, limit: limit)
    return (0..<width).map { grid[$0, 0].text }
  }

  @Test func aZWJSequenceIsDrawnAsItsPartsSideBySide() {
    let family = "👩\u{200D}👩\u{200D}👧"
    #expect(family.count == 1, "one grapheme")
    #expect(DisplayWidth.of(family) == 6)
    #expect(Self.cells(family + "!").prefix(7) == ["👩", "", "👩", "", "👧", "", "!"])
  }

  @Test func variationSelectorsAndSkinTonesAreLeftOutOfTheDrawing() {
    #expect(DisplayWidth.of("❤\u{FE0F}") == 1)
    #expect(Self.cells("❤\u{FE0F}x").prefix(2) == ["❤", "x"])
    #expect(DisplayWidth.of("👍\u{1F3FD}") == 2)
    #expect(Self.cells("👍\u{1F3FD}x").prefix(3) == ["👍", "", "x"])
  }

  @Test func combiningMarksRideOnTheirCharacter() {
    #expect(Self.cells("e\u{301}x").prefix(2) == ["e\u{301}", "x"])
    #expect(DisplayWidth.of("\u{301}") == 1)
    #expect(Self.cells("\u{301}x").prefix(2) == ["\u{25CC}\u{301}", "x"])
    #expect(Self.cells("세종").prefix(4) == ["세", "", "종", ""])
  }

  @Test func aGraphemeThatDoesNotFitIsLeftOutWhole() {
    let family = "👩\u{200D}👩\u{200D}👧"
    // Room for 4 of its 6 cells: none of it is drawn, the room stays blank.
    #expect(
      Self.cells("ab" + family + "z", width: 8, limit: 6) == [
        "a", "b", " ", " ", " ", " ", " ", " ",
      ])
  }

  @Test func aScreenOfEmojiNamesMatchesItsGolden() throws {
    var scenario = Scenario()
    for (id, name) in ["👩\u{200D}👩\u{200D}👧", "세종😀👩\u{200D}👩\u{200D}👧", "❤\u{FE0F}"].enumerated() {
      scenario.press(.enter)
      scenario.type(name)
      scenario.press(.enter)
      try scenario.complete(id + 1, replies: ["Hello, \(name)!"])
      scenario.press(.backTab)
    }
    scenario.press(.enter)
    scenario.type("❤\u{FE0F}👩\u{200D}👩\u{200D}👧")
    try RenderTests.check(scenario.text, golden: "emoji-80x24")
  }

  @Test func everyRowOfAScreenWithEmojiNamesKeepsItsBorders() throws {
    for name in ["👩\u{200D}👩\u{200D}👧", "세종😀👩\u{200D}👩\u{200D}👧", "❤\u{FE0F}"] {
      for (width, height) in [(80, 24), (100, 30), (41, 12)] {
        var scenario = Scenario(width: width, height: height)
        scenario.press(.enter)
        scenario.type(name)
        scenario.press(.enter)
        try scenario.complete(1, replies: ["Hello, \(name)!"])
        scenario.type(name)
        let grid = scenario.state.render().grid
        for y in 0..<grid.height {
          // Each cell holds at most one spacing character and its width matches the model.
          var x = 0
          while x < grid.width {
            let cell = grid[x, y]
            #expect(
              !cell.isContinuation,
              "\(name) row \(y) col \(x): a continuation without its character")
            let cellWidth = max(1, DisplayWidth.of(cell.text))
            #expect(!cell.text.unicodeScalars.contains("\u{200D}"), "a joiner reached the screen")
            #expect(!cell.text.unicodeScalars.contains("\u{FE0F}"), "a selector reached the screen")
            x += cellWidth
          }
          #expect(x == grid.width, "\(name) row \(y) is \(x) cells wide at \(width)x\(height)")
        }
        let drawn = String(
          String.UnicodeScalarView(name.unicodeScalars.filter { !DisplayWidth.isLeftOut($0) }))
        if width >= 80 { #expect(scenario.text.contains("Hello, \(drawn)!"), "\(scenario.text)") }
      }
    }
  }
}

/// TextWrap's fast path for ASCII breaks exactly where the general one does.
@Suite struct TextWrapTests {
  @Test func asciiWrapsAsAnyOtherTextDoes() {
    var generator = SplitMix(state: 11)
    for _ in 0..<2000 {
      let length = Int.random(in: 0...200, using: &generator)
      let text = String(
        (0..<length).map { _ -> Character in
          Int.random(in: 0..<4, using: &generator) == 0
            ? " " : "abcdef".randomElement(using: &generator)!
        })
      let width = Int.random(in: 1...40, using: &generator)
      // The same text with one non-ASCII letter takes the general path; compare the breaks.
      let general = TextWrap.lines(text + "é", width: width)
      let ascii = TextWrap.lines(text + "e", width: width)
      #expect(
        general.map { $0.replacingOccurrences(of: "é", with: "e") } == ascii,
        "\(text.debugDescription) at \(width)")
    }
  }
}

extension TextWrapTests {
  @Test func aPrefixKeptOutWrapsAsWhenItIsIn() {
    var generator = SplitMix(state: 12)
    for _ in 0..<2000 {
      let text = String(
        (0..<Int.random(in: 0...150, using: &generator)).map { _ -> Character in
          Int.random(in: 0..<5, using: &generator) == 0
            ? " " : "ab{}é".randomElement(using: &generator)!
        })
      let prefix = ["◂ ", "Unary ▸ ", "▸ "].randomElement(using: &generator)!
      let width = Int.random(in: 1...60, using: &generator)
      #expect(
        TextWrap.lines(text, width: width, after: prefix)
          == TextWrap.lines(prefix + text, width: width),
        "\(prefix)\(text.debugDescription) at \(width)")
    }
  }
}

/// A seeded generator (SplitMix64): the same texts on every run.
struct SplitMix: RandomNumberGenerator {
  var state: UInt64

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
