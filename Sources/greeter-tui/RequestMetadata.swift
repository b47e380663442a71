import ArgumentParser
import Wire

/// `-H NAME:VALUE`, checked as gRPC metadata before anything is sent.
enum RequestMetadata {
  /// `name:value` → lowercase name and value; `-bin` values must be base64.
  static func parse(_ text: String) throws -> (name: String, value: String) {
    switch MetadataRules.header(text) {
    case .success(let header): return header
    case .failure(let error):
      guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else {
        throw ValidationError("-H takes NAME:VALUE, not \(text.debugDescription)")
      }
      throw ValidationError(error.description)
    }
  }
}
