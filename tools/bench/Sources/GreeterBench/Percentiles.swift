/// Latency samples in nanoseconds, summarised by nearest-rank percentiles.
struct Percentiles {
  private let sorted: [Int64]

  init(_ samples: [Int64]) {
    precondition(!samples.isEmpty, "no samples")
    sorted = samples.sorted()
  }

  /// The nearest-rank percentile: the smallest sample with at least `fraction` of all samples
  /// at or below it.
  func value(_ fraction: Double) -> Int64 {
    let rank = Int((fraction * Double(sorted.count)).rounded(.up))
    return sorted[min(max(rank, 1), sorted.count) - 1]
  }

  var mean: Double { Double(sorted.reduce(0, +)) / Double(sorted.count) }

  /// Microseconds, for the report.
  var summary: [String: Any] {
    func micros(_ nanos: Int64) -> Double { (Double(nanos) / 1_000).rounded(toPlaces: 1) }
    return [
      "samples": sorted.count,
      "min_us": micros(sorted[0]),
      "p50_us": micros(value(0.50)),
      "p90_us": micros(value(0.90)),
      "p99_us": micros(value(0.99)),
      "p999_us": micros(value(0.999)),
      "max_us": micros(sorted[sorted.count - 1]),
      "mean_us": (mean / 1_000).rounded(toPlaces: 1),
    ]
  }
}

extension Double {
  func rounded(toPlaces places: Int) -> Double {
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    return (self * scale).rounded() / scale
  }
}

extension Duration {
  var nanoseconds: Int64 {
    let (seconds, attoseconds) = components
    return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
  }
}
