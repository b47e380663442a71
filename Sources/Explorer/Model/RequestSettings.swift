import Foundation
import Wire

/// The request metadata and deadline that go with every call to a target: set with `-H` and
/// `--deadline`, changed in the metadata dialog (`m`/F6), remembered per target.
public struct RequestSettings: Sendable, Equatable, Codable {
  public struct Header: Sendable, Hashable, Codable {
    public var name: String
    /// As sent: base64 for a `-bin` name.
    public var value: String

    public init(name: String, value: String) {
      self.name = name
      self.value = value
    }
  }

  public var headers: [Header] = []
  /// Seconds, as typed (`2.5`); nil: no deadline.
  public var deadline: String?

  public init(headers: [Header] = [], deadline: String? = nil) {
    self.headers = headers
    self.deadline = deadline
  }

  public var isEmpty: Bool { headers.isEmpty && deadline == nil }

  /// `2 headers · deadline 2.5 s`, for the title bar; empty when there is nothing.
  public var summary: String {
    var parts: [String] = []
    if !headers.isEmpty { parts.append("\(headers.count) header\(headers.count == 1 ? "" : "s")") }
    if let deadline { parts.append("deadline \(deadline) s") }
    return parts.joined(separator: " · ")
  }

  /// The dialog's text for the headers: one `name: value` a line.
  public var headerLines: String {
    headers.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
  }

  /// Settings from the dialog's fields, or the first thing wrong with them (with its line).
  public static func parse(headers text: String, deadline: String) -> Result<
    RequestSettings, MetadataRules.RuleError
  > {
    var settings = RequestSettings()
    let trimmedDeadline = deadline.trimmingCharacters(in: .whitespaces)
    if !trimmedDeadline.isEmpty {
      if case .failure(let error) = MetadataRules.deadline(trimmedDeadline) {
        return .failure(error)
      }
      settings.deadline = trimmedDeadline
    }
    for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false)
      .enumerated()
    {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      // Blank lines and `# comments` are the user's own.
      if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
      switch MetadataRules.header(trimmed) {
      case .success(let header):
        settings.headers.append(Header(name: header.name, value: header.value))
      case .failure(let error):
        return .failure(MetadataRules.RuleError("line \(number + 1): \(error.description)"))
      }
    }
    return .success(settings)
  }
}
