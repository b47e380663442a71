import Explorer
import Terminal
import Testing

/// What wget_wch returns, spelled with ncurses' documented values (curses.h) rather than read
/// through the shim, so a wrong shim fails these tests.
private let ok: Int32 = 0
private let keyCodeYes: Int32 = 0o400
private let err: Int32 = -1

private enum Curses {
  static let down: UInt32 = 0o402
  static let up: UInt32 = 0o403
  static let left: UInt32 = 0o404
  static let right: UInt32 = 0o405
  static let home: UInt32 = 0o406
  static let backspace: UInt32 = 0o407
  static func function(_ n: UInt32) -> UInt32 { 0o410 + n }
  static let deleteCharacter: UInt32 = 0o512
  static let nextPage: UInt32 = 0o522
  static let previousPage: UInt32 = 0o523
  static let enter: UInt32 = 0o527
  static let backTab: UInt32 = 0o541
  static let end: UInt32 = 0o550
  static let resize: UInt32 = 0o632
  /// KEY_MAX in ncurses 6: the paste markers are defined just above it.
  static let max: UInt32 = 0o777
}

@Suite struct KeyDecoderTests {
  @Test func bracketedPasteMarkersAndPastedCharacters() {
    #expect(KeyDecoder.isPasteStart(status: keyCodeYes, code: Curses.max + 1))
    #expect(KeyDecoder.isPasteEnd(status: keyCodeYes, code: Curses.max + 2))
    #expect(!KeyDecoder.isPasteStart(status: ok, code: Curses.max + 1), "a character, not a key")
    #expect(KeyDecoder.pasted(status: ok, code: 0x0D) == "\n", "Return in a paste is a newline")
    #expect(KeyDecoder.pasted(status: ok, code: 0x0A) == "\n")
    #expect(KeyDecoder.pasted(status: ok, code: 0x09) == "\t")
    #expect(KeyDecoder.pasted(status: ok, code: 0x1B) == nil, "controls are dropped")
    #expect(KeyDecoder.pasted(status: ok, code: 0xC138) == "세")
    #expect(KeyDecoder.pasted(status: keyCodeYes, code: Curses.up) == nil)
  }

  @Test(arguments: [
    (UInt32(0x61), Character("a")),
    (0x5A, "Z"),
    (0x20, " "),
    (0x7E, "~"),
    (0xE9, "é"),
    (0xC138, "세"),
    (0xC885, "종"),
    (0x1F600, "😀"),
  ])
  func printableCharactersAreText(code: UInt32, character: Character) {
    #expect(KeyDecoder.decode(status: ok, code: code) == .character(character))
  }

  @Test func returnAndLineFeedAreEnter() {
    #expect(KeyDecoder.decode(status: ok, code: 0x0D) == .enter)
    #expect(KeyDecoder.decode(status: ok, code: 0x0A) == .enter)
    #expect(KeyDecoder.decode(status: keyCodeYes, code: Curses.enter) == .enter)
  }

  @Test func tabAndBackTab() {
    #expect(KeyDecoder.decode(status: ok, code: 0x09) == .tab)
    #expect(KeyDecoder.decode(status: keyCodeYes, code: Curses.backTab) == .backTab)
  }

  @Test func backspaceInAllItsForms() {
    #expect(KeyDecoder.decode(status: ok, code: 0x7F) == .backspace)
    #expect(KeyDecoder.decode(status: ok, code: 0x08) == .backspace)
    #expect(KeyDecoder.decode(status: keyCodeYes, code: Curses.backspace) == .backspace)
  }

  @Test func deleteAndEscape() {
    #expect(KeyDecoder.decode(status: keyCodeYes, code: Curses.deleteCharacter) == .delete)
    #expect(KeyDecoder.decode(status: ok, code: 0x1B) == .escape)
  }

  @Test(arguments: [
    (Curses.up, Key.up),
    (Curses.down, .down),
    (Curses.left, .left),
    (Curses.right, .right),
    (Curses.home, .home),
    (Curses.end, .end),
    (Curses.previousPage, .pageUp),
    (Curses.nextPage, .pageDown),
  ])
  func navigationKeys(code: UInt32, key: Key) {
    #expect(KeyDecoder.decode(status: keyCodeYes, code: code) == key)
  }

  @Test(arguments: [1, 2, 5, 10, 12, 24, 63])
  func functionKeys(n: Int) {
    #expect(KeyDecoder.decode(status: keyCodeYes, code: Curses.function(UInt32(n))) == .function(n))
  }

  @Test func functionKeyZeroAndBeyondSixtyThreeHaveNoName() {
    #expect(KeyDecoder.decode(status: keyCodeYes, code: Curses.function(0)) == nil)
    #expect(KeyDecoder.decode(status: keyCodeYes, code: Curses.function(64)) == nil)
  }

  @Test func controlLettersKeepTheirLetter() {
    #expect(KeyDecoder.decode(status: ok, code: 0x01) == .control("a"))
    #expect(KeyDecoder.decode(status: ok, code: 0x03) == .control("c"))
    #expect(KeyDecoder.decode(status: ok, code: 0x04) == .control("d"))
    #expect(KeyDecoder.decode(status: ok, code: 0x05) == .control("e"))
    #expect(KeyDecoder.decode(status: ok, code: 0x0C) == .control("l"))
    #expect(KeyDecoder.decode(status: ok, code: 0x15) == .control("u"))
    #expect(KeyDecoder.decode(status: ok, code: 0x1A) == .control("z"))
  }

  @Test func everyControlLetterExceptTheNamedOnes() {
    let named: Set<UInt32> = [0x08, 0x09, 0x0A, 0x0D]
    for code in UInt32(0x01)...0x1A where !named.contains(code) {
      let letter = Character(Unicode.Scalar(UInt8(ascii: "a") + UInt8(code - 1)))
      #expect(KeyDecoder.decode(status: ok, code: code) == .control(letter), "code \(code)")
    }
  }

  @Test func otherControlsHaveNoName() {
    for code: UInt32 in [0x00, 0x1C, 0x1D, 0x1E, 0x1F, 0x80, 0x9B, 0x9F] {
      #expect(KeyDecoder.decode(status: ok, code: code) == nil, "code \(code)")
    }
  }

  @Test func theSameNumberMeansDifferentKeysByStatus() {
    // 0o403 (259) is KEY_UP as a key code but the character "ă" (U+0103) as text.
    #expect(KeyDecoder.decode(status: keyCodeYes, code: Curses.up) == .up)
    #expect(KeyDecoder.decode(status: ok, code: Curses.up) == .character("\u{103}"))
  }

  @Test func errorsAndUnknownCodesAreNil() {
    #expect(KeyDecoder.decode(status: err, code: 0x61) == nil)
    #expect(KeyDecoder.decode(status: keyCodeYes, code: 0o777) == nil)
    #expect(KeyDecoder.decode(status: ok, code: 0xD800) == nil)  // a lone surrogate
  }

  @Test func resizeIsAnEventNotAKey() {
    #expect(KeyDecoder.event(status: keyCodeYes, code: Curses.resize) == .resize)
    #expect(KeyDecoder.decode(status: keyCodeYes, code: Curses.resize) == nil)
    #expect(KeyDecoder.event(status: ok, code: Curses.resize) == .key(.character("\u{19A}")))
  }

  @Test func eventsWrapKeys() {
    #expect(KeyDecoder.event(status: keyCodeYes, code: Curses.left) == .key(.left))
    #expect(KeyDecoder.event(status: ok, code: 0x03) == .key(.control("c")))
    #expect(KeyDecoder.event(status: err, code: 0) == nil)
  }
}
