// The value grammar, without recursion: open arrays and objects are frames on an explicit stack, their
// finished elements and members wait on two shared stacks until the closing bracket.

/// An array or object whose closing bracket has not been read yet.
private struct OpenContainer {
  var isObject: Bool
  var position: JSONPosition
  /// Where this container's elements (or members) start on the shared stacks.
  var start: Int
  /// The key of the member whose value is being read.
  var key = ""
  var keyPosition = JSONPosition.synthetic
}

/// What a value was expected as, for error messages.
private struct ValueContext {
  var expected: String
  var context: String

  static let topLevel = ValueContext(expected: "a JSON value", context: "")
  static let firstElement = ValueContext(expected: "a value or ']'", context: "")
  static let nextElement = ValueContext(expected: "a value", context: " after ','")
  static let memberValue = ValueContext(expected: "a value", context: " after ':'")
}

extension JSONReader {
  /// Reads one complete value after optional whitespace; `index` ends just after it.
  mutating func readValue() throws(JSONSyntaxError) -> JSONNode {
    var open: [OpenContainer] = []
    var elements: [JSONNode] = []
    var members: [JSONNode.Member] = []
    var context = ValueContext.topLevel

    while true {
      // A value starts here: a scalar, an empty container, or the first element of a container.
      skipWhitespace()
      guard let byte = peek else { throw unexpected(expected: context.expected) }
      let start = position
      var value: JSONNode
      switch byte {
      case UInt8(ascii: "{"), UInt8(ascii: "["):
        if open.count >= JSONParser.maximumDepth {
          throw error("nesting deeper than \(JSONParser.maximumDepth) levels", at: index)
        }
        let isObject = byte == UInt8(ascii: "{")
        index += 1
        skipWhitespace()
        if peek == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
          index += 1
          value = JSONNode(isObject ? .object([]) : .array([]), at: start)
        } else if isObject {
          var frame = OpenContainer(isObject: true, position: start, start: members.count)
          (frame.key, frame.keyPosition) = try readKey(expected: "a string key or '}'", context: "")
          open.append(frame)
          context = .memberValue
          continue
        } else {
          open.append(OpenContainer(isObject: false, position: start, start: elements.count))
          context = .firstElement
          continue
        }
      case UInt8(ascii: "\""):
        value = JSONNode(.string(try readString()), at: start)
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        value = JSONNode(.number(try readNumber()), at: start)
      default:
        guard let literal = readLiteral() else {
          throw unexpected(expected: context.expected, context: context.context)
        }
        value = JSONNode(literal, at: start)
      }

      // The value is complete: add it to the innermost open container, closing containers as they end.
      attach: while true {
        guard var frame = open.popLast() else { return value }
        skipWhitespace()
        if frame.isObject {
          members.append(
            JSONNode.Member(key: frame.key, keyPosition: frame.keyPosition, value: value))
          if peek == UInt8(ascii: ",") {
            index += 1
            skipWhitespace()
            (frame.key, frame.keyPosition) = try readKey(
              expected: "a string key", context: " after ','")
            open.append(frame)
            context = .memberValue
            break attach
          }
          guard peek == UInt8(ascii: "}") else {
            throw unexpected(expected: "',' or '}'", context: " after an object member")
          }
          index += 1
          value = JSONNode(.object(Array(members[frame.start...])), at: frame.position)
          members.removeSubrange(frame.start...)
        } else {
          elements.append(value)
          if peek == UInt8(ascii: ",") {
            index += 1
            open.append(frame)
            context = .nextElement
            break attach
          }
          guard peek == UInt8(ascii: "]") else {
            throw unexpected(expected: "',' or ']'", context: " after an array element")
          }
          index += 1
          value = JSONNode(.array(Array(elements[frame.start...])), at: frame.position)
          elements.removeSubrange(frame.start...)
        }
      }
    }
  }

  /// Reads `"key"` and the `:` after it (whitespace before the key already skipped).
  private mutating func readKey(
    expected: String,
    context: String
  ) throws(JSONSyntaxError) -> (String, JSONPosition) {
    guard peek == UInt8(ascii: "\"") else { throw unexpected(expected: expected, context: context) }
    let keyPosition = position
    let key = try readString()
    skipWhitespace()
    guard peek == UInt8(ascii: ":") else {
      throw unexpected(expected: "':'", context: " after the object key")
    }
    index += 1
    return (key, keyPosition)
  }
}
