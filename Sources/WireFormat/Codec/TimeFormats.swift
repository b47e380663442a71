/// The text forms of google.protobuf.Timestamp (RFC 3339, UTC, `Z`) and Duration (`-1.5s`),
/// with the ranges the proto3 JSON mapping allows. Calendar arithmetic on integers (days from
/// civil, after Howard Hinnant) because Foundation's formatters neither reach year 1 nor keep
/// nanoseconds.
enum TimeFormats {
  /// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z in seconds since 1970.
  static let minimumSeconds: Int64 = -62_135_596_800
  static let maximumSeconds: Int64 = 253_402_300_799
  static let maximumDurationSeconds: Int64 = 315_576_000_000

  static func timestamp(seconds: Int64, nanos: Int32) -> String? {
    guard (minimumSeconds...maximumSeconds).contains(seconds), (0..<1_000_000_000).contains(nanos)
    else { return nil }
    let days = floorDivide(seconds, 86_400)
    let secondOfDay = seconds - days * 86_400
    let (year, month, day) = civil(days: days)
    let time =
      pad(Int(secondOfDay / 3600), 2) + ":" + pad(Int(secondOfDay / 60 % 60), 2) + ":"
      + pad(Int(secondOfDay % 60), 2)
    return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + time + fraction(nanos)
      + "Z"
  }

  static func duration(seconds: Int64, nanos: Int32) -> String? {
    // `magnitude`, not `abs`: abs(Int64.min) traps.
    guard seconds.magnitude <= maximumDurationSeconds.magnitude, nanos.magnitude < 1_000_000_000,
      seconds == 0 || nanos == 0 || (seconds < 0) == (nanos < 0)
    else { return nil }
    let negative = seconds < 0 || nanos < 0
    return (negative ? "-" : "") + String(seconds.magnitude) + fraction(Int32(nanos.magnitude))
      + "s"
  }

  /// `.5`→ no: 0, 3, 6 or 9 digits, as protobuf prints them.
  static func fraction(_ nanos: Int32) -> String {
    if nanos == 0 { return "" }
    if nanos % 1_000_000 == 0 { return "." + pad(Int(nanos / 1_000_000), 3) }
    if nanos % 1000 == 0 { return "." + pad(Int(nanos / 1000), 6) }
    return "." + pad(Int(nanos), 9)
  }

  /// `1972-01-01T10:00:20.021Z` or with an offset (`+01:00`); nil when not RFC 3339 or out of
  /// range.
  static func parseTimestamp(_ text: String) -> (seconds: Int64, nanos: Int32)? {
    let bytes = Array(text.utf8)
    var index = 0
    func number(_ digits: Int) -> Int? {
      guard index + digits <= bytes.count else { return nil }
      var value = 0
      for byte in bytes[index..<(index + digits)] {
        guard (48...57).contains(byte) else { return nil }
        value = value * 10 + Int(byte - 48)
      }
      index += digits
      return value
    }
    func expect(_ characters: String) -> Bool {
      guard index < bytes.count, characters.utf8.contains(bytes[index]) else { return false }
      index += 1
      return true
    }
    guard let year = number(4), expect("-"), let month = number(2), expect("-"),
      let day = number(2), expect("Tt"), let hour = number(2), expect(":"),
      let minute = number(2), expect(":"), let second = number(2)
    else { return nil }
    guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
      hour < 24, minute < 60, second < 60
    else { return nil }
    var nanos: Int32 = 0
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      var digits = 0
      var value = 0
      while index < bytes.count, (48...57).contains(bytes[index]) {
        guard digits < 9 else { return nil }
        value = value * 10 + Int(bytes[index] - 48)
        digits += 1
        index += 1
      }
      guard digits > 0 else { return nil }
      for _ in digits..<9 { value *= 10 }
      nanos = Int32(value)
    }
    var offset = 0
    if expect("Zz") {
    } else if index < bytes.count,
      bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")
    {
      let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
      index += 1
      guard let hours = number(2), expect(":"), let minutes = number(2), hours < 24, minutes < 60
      else { return nil }
      offset = sign * (hours * 3600 + minutes * 60)
    } else {
      return nil
    }
    guard index == bytes.count else { return nil }
    let days = daysFromCivil(year: year, month: month, day: day)
    let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offset)
    guard (minimumSeconds...maximumSeconds).contains(seconds) else { return nil }
    return (seconds, nanos)
  }

  /// `-1.5s`, `3s`, `0.000000001s`; nil when malformed or out of range.
  static func parseDuration(_ text: String) -> (seconds: Int64, nanos: Int32)? {
    guard text.hasSuffix("s") else { return nil }
    var body = Substring(text.dropLast())
    let negative = body.hasPrefix("-")
    if negative { body = body.dropFirst() }
    let parts = body.split(separator: ".", omittingEmptySubsequences: false)
    guard (1...2).contains(parts.count), !parts[0].isEmpty,
      parts[0].allSatisfy({ $0.isASCII && $0.isNumber }), let whole = Int64(parts[0])
    else { return nil }
    var nanos: Int64 = 0
    if parts.count == 2 {
      let digits = parts[1]
      guard (1...9).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }),
        var value = Int64(digits)
      else { return nil }
      for _ in digits.count..<9 { value *= 10 }
      nanos = value
    }
    guard whole <= maximumDurationSeconds else { return nil }
    return negative ? (-whole, Int32(-nanos)) : (whole, Int32(nanos))
  }

  private static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
    a >= 0 ? a / b : -((-a + b - 1) / b)
  }

  private static func civil(days: Int64) -> (Int, Int, Int) {
    let z = days + 719_468
    let era = floorDivide(z, 146_097)
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let mp = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    return (Int(year), Int(month), Int(day))
  }

  private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
    let y = Int64(month <= 2 ? year - 1 : year)
    let era = floorDivide(y, 400)
    let yearOfEra = y - era * 400
    let m = Int64(month)
    let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  private static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  static func pad(_ value: Int, _ width: Int) -> String {
    String(value).leftPadded(to: width)
  }
}
