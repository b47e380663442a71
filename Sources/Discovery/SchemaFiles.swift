import Foundation
import SwiftProtobuf
import WireFormat

/// Schemas users already have: protosets (`FileDescriptorSet`s) and `.proto` files, the latter
/// compiled by Debian's protoc (`--descriptor_set_out --include_imports`), whose errors are
/// passed on as it wrote them. protoc is the compiler people already trust for their protos;
/// parsing .proto ourselves would be a second, subtly different, compiler.
public enum SchemaFiles {
  /// The files of each `--protoset`, in order.
  public static func protosets(_ paths: [String]) throws(DiscoveryError)
    -> [Google_Protobuf_FileDescriptorProto]
  {
    var files: [Google_Protobuf_FileDescriptorProto] = []
    for path in paths {
      guard let data = FileManager.default.contents(atPath: path) else {
        throw DiscoveryError("--protoset \(path): cannot read it")
      }
      do {
        files += try Google_Protobuf_FileDescriptorSet(serializedBytes: Array(data)).file
      } catch {
        throw DiscoveryError("--protoset \(path): not a FileDescriptorSet (\(error))")
      }
    }
    return files
  }

  /// `.proto` files compiled by protoc, with `-I` import paths (none: protoc's own default, the
  /// current directory). Standard imports (google/protobuf/*.proto) come with Debian's protoc.
  public static func protos(_ paths: [String], importPaths: [String]) throws(DiscoveryError)
    -> [Google_Protobuf_FileDescriptorProto]
  {
    guard let protoc = executable(named: "protoc") else {
      throw DiscoveryError(
        "--proto needs protoc, which is not installed: install Debian's protobuf-compiler (apt-get install protobuf-compiler), or give --protoset FILE"
      )
    }
    let output = FileManager.default.temporaryDirectory
      .appendingPathComponent(
        "greeter-tui-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).protoset")
    defer { try? FileManager.default.removeItem(at: output) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: protoc)
    process.arguments =
      ["--descriptor_set_out=\(output.path)", "--include_imports"]
      + importPaths.map { "--proto_path=\($0)" } + paths
    let errors = Pipe()
    process.standardError = errors
    process.standardOutput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw DiscoveryError("--proto: cannot run \(protoc): \(error)")
    }
    let said = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      let text = String(decoding: said, as: UTF8.self)
        .trimmingCharacters(in: .whitespacesAndNewlines)
      throw DiscoveryError(
        "protoc failed (exit \(process.terminationStatus)):\n" + text, keepNewlines: true)
    }
    do {
      return try protosets([output.path])
    } catch {
      throw DiscoveryError("--proto: protoc wrote no descriptor set: \(error)")
    }
  }

  /// A FileDescriptorSet of `files`, as `--protoset-out` writes it.
  public static func protoset(_ files: [Google_Protobuf_FileDescriptorProto]) throws -> Data {
    var set = Google_Protobuf_FileDescriptorSet()
    set.file = files
    return try set.serializedBytes()
  }

  static func executable(named name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for directory in path.split(separator: ":") {
      let candidate = "\(directory)/\(name)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }
}
