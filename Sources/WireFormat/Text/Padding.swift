extension String {
  /// `self` with `pad` in front up to `width` characters (`"7f".leftPadded(to: 4)` is `007f`);
  /// as it is when already that long. Hex, times and columns all pad with this one.
  public func leftPadded(to width: Int, with pad: Character = "0") -> String {
    count >= width ? self : String(repeating: pad, count: width - count) + self
  }
}

extension Duration {
  /// Whole nanoseconds (negative durations as 0): the one conversion for deadlines, timeouts
  /// and `grpc-timeout`.
  public var wholeNanoseconds: Int64 {
    let (seconds, attoseconds) = components
    guard seconds >= 0 else { return 0 }
    let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
    return overflow ? .max : product &+ attoseconds / 1_000_000_000
  }
}
