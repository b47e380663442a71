import ArgumentParser
import Wire

/// Numbers from the command line, checked against the range that makes sense for each option,
/// with a message that says which. The options take their text unconditionally (`-1` is a value
/// to complain about, not a flag), so these do all the checking.
enum NumberOptions {
  /// A deadline in seconds, as a Duration (`MetadataRules.deadline`, said of `--deadline`).
  static func deadline(_ text: String) throws -> Duration {
    switch MetadataRules.deadline(text) {
    case .success(let duration): return duration
    case .failure(let error): throw ValidationError("--" + error.description)
    }
  }

  /// A whole number within `range`; `what` says what the number counts, for the message.
  static func integer(_ text: String, option: String, in range: ClosedRange<Int>, what: String)
    throws -> Int
  {
    let outOfRange = ValidationError(
      "--\(option) must be \(what) from \(range.lowerBound) to \(range.upperBound), not \(text)")
    guard let value = Int(text) else {
      // Digits that do not fit an Int are out of range, not "not a number".
      let digits = text.drop { $0 == "-" || $0 == "+" }
      if !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) { throw outOfRange }
      throw ValidationError("--\(option) takes a whole number (\(what)), not \"\(text)\"")
    }
    guard range.contains(value) else { throw outOfRange }
    return value
  }

  /// `--max-receive`: a gRPC message's length prefix has 32 bits, so nothing longer can come.
  static func maxReceive(_ text: String) throws -> Int {
    try integer(text, option: "max-receive", in: 0...Int(UInt32.max), what: "a number of bytes")
  }

  /// A port to listen on: 0 asks for a free one.
  static func listeningPort(_ text: String) throws -> Int {
    try integer(text, option: "port", in: 0...65535, what: "a port")
  }

  /// A `--target` option's value.
  static func target(_ text: String) throws -> Target {
    switch Target.parse(text) {
    case .success(let target): return target
    case .failure(let error): throw ValidationError("--target \(text): \(error)")
    }
  }
}

extension Character {
  fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
