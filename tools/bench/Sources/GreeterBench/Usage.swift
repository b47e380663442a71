#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// CPU time and context switches of the whole process (every thread), from `getrusage`.
struct Usage: Sendable {
  var cpuMicros: Int
  var voluntarySwitches: Int
  var involuntarySwitches: Int

  static func now() -> Usage {
    var usage = rusage()
    #if canImport(Glibc)
      _ = getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    #else
      _ = getrusage(RUSAGE_SELF, &usage)
    #endif
    func micros(_ time: timeval) -> Int { Int(time.tv_sec) * 1_000_000 + Int(time.tv_usec) }
    return Usage(
      cpuMicros: micros(usage.ru_utime) + micros(usage.ru_stime),
      voluntarySwitches: Int(usage.ru_nvcsw),
      involuntarySwitches: Int(usage.ru_nivcsw))
  }

  static func - (after: Usage, before: Usage) -> Usage {
    Usage(
      cpuMicros: after.cpuMicros - before.cpuMicros,
      voluntarySwitches: after.voluntarySwitches - before.voluntarySwitches,
      involuntarySwitches: after.involuntarySwitches - before.involuntarySwitches)
  }

  func perCall(_ calls: Int) -> [String: Any] {
    [
      "cpu_us_per_call": (Double(cpuMicros) / Double(calls)).rounded(toPlaces: 1),
      "switches_per_call": (Double(voluntarySwitches + involuntarySwitches) / Double(calls))
        .rounded(toPlaces: 2),
    ]
  }
}
