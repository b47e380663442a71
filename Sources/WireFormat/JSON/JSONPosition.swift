/// 1-based line and column (columns count Unicode scalars from the line start) and 0-based UTF-8 byte offset.
///
/// Lines end at `\n`, `\r\n` or a lone `\r`; a tab is one column. The offset counts every byte of the input,
/// a skipped UTF-8 byte order mark included (the first value after a BOM is at line 1, column 1, offset 3).
public struct JSONPosition: Sendable, Hashable, CustomStringConvertible {
  public var line: Int
  public var column: Int
  public var offset: Int

  public init(line: Int, column: Int, offset: Int) {
    self.line = line
    self.column = column
    self.offset = offset
  }

  /// The position of values built in code rather than parsed: line 0, column 0, offset 0.
  public static let synthetic = JSONPosition(line: 0, column: 0, offset: 0)

  /// "line 3, column 14".
  public var description: String { "line \(line), column \(column)" }
}
