import ArgumentParser
import Foundation
import WireFormat

/// `-H NAME:VALUE`, checked as gRPC metadata before anything is sent.
enum RequestMetadata {
  /// `name:value` → lowercase name and value; `-bin` values must be base64.
  static func parse(_ text: String) throws -> (name: String, value: String) {
    guard let colon = text.firstIndex(of: ":"), colon != text.startIndex else {
      throw ValidationError("-H takes NAME:VALUE, not \(text.debugDescription)")
    }
    let name = text[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
    let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    let token = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789-_.")
    guard name.unicodeScalars.allSatisfy(token.contains), !name.hasPrefix(":") else {
      throw ValidationError(
        "header name \(name.debugDescription) is not valid gRPC metadata (a-z 0-9 - _ . only)")
    }
    if name.hasPrefix("grpc-") {
      throw ValidationError("header \(name) is reserved for gRPC itself")
    }
    if name.hasSuffix("-bin") {
      // Sent as typed, so the standard alphabet only (gRPC's), padded or not.
      let standard = value.unicodeScalars.allSatisfy {
        CharacterSet.alphanumerics.contains($0) && $0.isASCII || "+/=".unicodeScalars.contains($0)
      }
      guard standard, Base64.decode(value) != nil else {
        throw ValidationError("\(name) is a binary header: its value must be base64")
      }
    } else if !value.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) }) {
      throw ValidationError("\(name): ASCII values only (use a -bin header for bytes)")
    }
    return (name, value)
  }
}
