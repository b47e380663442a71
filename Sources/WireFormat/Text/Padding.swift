extension String {
  /// `self` with `pad` in front up to `width` characters (`"7f".leftPadded(to: 4)` is `007f`);
  /// as it is when already that long. Hex, times and columns all pad with this one.
  public func leftPadded(to width: Int, with pad: Character = "0") -> String {
    count >= width ? self : String(repeating: pad, count: width - count) + self
  }
}

extension Duration {
  /// Whole nanoseconds, negative durations as 0 and huge ones as `Int64.max`: the one
  /// conversion for deadlines, timeouts and `grpc-timeout`.
  public var wholeNanoseconds: Int64 {
    guard self > .zero else { return 0 }
    let (seconds, attoseconds) = components
    let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
    let (sum, carry) = product.addingReportingOverflow(attoseconds / 1_000_000_000)
    return overflow || carry ? .max : sum
  }
}
