import Foundation

enum StandardError {
  /// Writes one line to stderr in a single write, so lines from several threads never interleave.
  @Sendable static func writeLine(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
  }
}
