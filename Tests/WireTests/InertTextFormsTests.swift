import Testing

@testable import Wire
@testable import WireFormat

/// Server text in its other shapes (JSON, quoted) shows controls as `InertText.make` does.
@Suite struct InertTextFormsTests {
  @Test func jsonEscapesOfControlsBecomeSymbolsAndOtherEscapesStay() {
    #expect(
      InertText.make(json: #"{"message":"Hello, \u001B]0;pwned\u0007\u001b[2J"}"#)
        == #"{"message":"Hello, ␛]0;pwned␇␛[2J"}"#)
    #expect(InertText.make(json: #"{"a":"x\ny\tz\r\b\f"}"#) == #"{"a":"x␊y␉z␍␈␌"}"#)
    // Quotes, backslashes and characters that are not controls keep their escapes.
    #expect(
      InertText.make(json: #"{"a":"\"\\\u00e9\ud83d\ude00\/"}"#)
        == #"{"a":"\"\\\u00e9\ud83d\ude00\/"}"#)
    // An escaped backslash before `u001b` is text, not an escape.
    #expect(InertText.make(json: #"{"a":"\\u001b"}"#) == #"{"a":"\\u001b"}"#)
    // Raw controls, C1 and bidi characters are made inert too, inside strings or out.
    #expect(
      InertText.make(json: "{\"a\":\"\u{9B}\u{202E}x\u{1B}\"}\u{1B}")
        == "{\"a\":\"⟨C1 9B⟩⟨RLO⟩x␛\"}␛")
  }

  @Test func quotedIsInertBetweenQuotes() {
    #expect(InertText.quoted("bad \u{1B}[31m\u{07}") == "\"bad ␛[31m␇\"")
    #expect(InertText.quoted("세종") == "\"세종\"")
  }
}
