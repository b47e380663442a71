/// Why bytes or JSON do not make a message of the type asked for: where (the field path, and for
/// JSON the line and column) and what, in one line:
/// `items[2].price (line 3, column 14): expected a number, got "abc"`.
public struct CodecError: Error, Sendable, Equatable, CustomStringConvertible {
  /// `items[2].price`; empty for the message itself.
  public var path: String
  public var line: Int?
  public var column: Int?
  /// For binary input: the byte offset.
  public var offset: Int?
  public var message: String

  public init(
    path: String = "", line: Int? = nil, column: Int? = nil, offset: Int? = nil, message: String
  ) {
    self.path = path
    self.line = line
    self.column = column
    self.offset = offset
    self.message = message
  }

  /// The error after `subject` (`-d is not a shop.Order`): `subject: items[2].price (line 3,
  /// column 14): …`, or `subject (line 1, column 1): …` for the message itself.
  public func explaining(_ subject: String) -> String {
    path.isEmpty && (line != nil || offset != nil) ? "\(subject) \(self)" : "\(subject): \(self)"
  }

  public var description: String {
    var place: [String] = []
    if let line, let column { place.append("line \(line), column \(column)") }
    if let offset { place.append("byte \(offset)") }
    let location = place.isEmpty ? "" : "(\(place.joined(separator: ", ")))"
    let head = [path, location].filter { !$0.isEmpty }.joined(separator: " ")
    return head.isEmpty ? message : "\(head): \(message)"
  }
}
