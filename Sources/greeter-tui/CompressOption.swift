import ArgumentParser
import WireFormat

/// `--compress` of `call`, `list`, `describe`, the explorer and `serve`: gzip or deflate.
enum CompressOption {
  static func parse(_ text: String?) throws -> MessageCompression? {
    guard let text else { return nil }
    guard let compression = MessageCompression(rawValue: text) else {
      throw ValidationError("--compress takes gzip or deflate, not \"\(text)\"")
    }
    return compression
  }
}
