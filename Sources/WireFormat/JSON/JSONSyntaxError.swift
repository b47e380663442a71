/// Why a text is not JSON, and where: `line 3, column 14: expected ',' or '}' after an object member, got 'x'`.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
  /// One line naming what was expected and what was found; anything found is rendered inertly (a control
  /// character as its `\u` escape), so the message is safe to print on a terminal.
  public var message: String
  /// The offending character; for an unterminated string, where the string starts; for the end of the
  /// input, the position just after the last character.
  public var position: JSONPosition

  public init(message: String, position: JSONPosition) {
    self.message = message
    self.position = position
  }

  /// "line 3, column 14: <message>".
  public var description: String { "\(position): \(message)" }
}
