import Foundation
import WireFormat

#if canImport(Glibc)
  import Glibc
#endif

/// The requests of one `call`, from `-d` (JSON text, `@FILE` or `@-` for stdin: one or more
/// objects back to back) or from NAME arguments (the shortcut for a request type with one
/// string field), checked against the method's kind and input type before anything is sent.
struct CallRequests {
  struct UsageError: Error, CustomStringConvertible {
    var description: String
  }

  var messages: [DynamicMessage]

  init(data: String?, names: [String], method: MethodDescriptor, catalog: Catalog) throws {
    let single = !method.clientStreaming
    if let data {
      guard names.isEmpty else {
        throw UsageError(description: "give the requests as -d JSON or as NAME arguments, not both")
      }
      let nodes: [JSONNode]
      do {
        nodes = try JSONParser.parseSequence(try Self.read(data))
      } catch let error as JSONSyntaxError {
        throw UsageError(description: "-d: \(error)")
      }
      if single, nodes.count != 1 {
        throw UsageError(
          description:
            "\(method.name) takes exactly one request, and -d holds \(nodes.count) JSON values")
      }
      messages = try nodes.enumerated().map { index, node in
        do {
          return try catalog.decodeJSON(node, as: method.inputType)
        } catch {
          let which = nodes.count > 1 ? " (request \(index + 1))" : ""
          let subject = "-d\(which) is not a \(method.inputType)"
          throw UsageError(
            description: (error as? CodecError)?.explaining(subject) ?? "\(subject): \(error)")
        }
      }
    } else if !names.isEmpty {
      guard catalog.message(method.inputType)?.soleStringField != nil else {
        throw UsageError(
          description:
            "NAME is a shortcut for requests with one string field; \(method.inputType) is not one: give -d JSON"
        )
      }
      if single, names.count != 1 {
        throw UsageError(description: "\(method.name) takes exactly one NAME, got \(names.count)")
      }
      messages = names.compactMap { catalog.soleStringMessage($0, as: method.inputType) }
    } else {
      // Nothing given: one empty request, or an empty stream for a method that streams them.
      messages =
        single ? [try catalog.decodeJSON(JSONNode.object([]), as: method.inputType)] : []
    }
  }

  private static func read(_ data: String) throws -> String {
    guard data.hasPrefix("@") else { return data }
    let path = String(data.dropFirst())
    let bytes: Data
    if path == "-" {
      bytes = FileHandle.standardInput.readDataToEndOfFile()
    } else {
      bytes = try readFile(path)
    }
    guard let text = String(data: bytes, encoding: .utf8) else {
      throw UsageError(description: "-d \(data): not UTF-8 text")
    }
    return text
  }

  /// The file's bytes, or what the OS said (`No such file or directory`), which Foundation's
  /// `Data(contentsOf:)` replaces with a sentence of its own.
  private static func readFile(_ path: String) throws -> Data {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else {
      throw UsageError(
        description: "-d @\(path): cannot read it (\(String(cString: strerror(errno))))")
    }
    defer { close(descriptor) }
    var data = Data()
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = Glibc.read(descriptor, &buffer, buffer.count)
      if count < 0 {
        throw UsageError(
          description: "-d @\(path): cannot read it (\(String(cString: strerror(errno))))")
      }
      if count == 0 { return data }
      data.append(contentsOf: buffer[0..<count])
    }
  }
}
