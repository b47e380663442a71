import Foundation
import GreeterTestSupport
import Testing

/// `scripts/generate-protos.sh --check` (what `make check-generated` runs) passes on the committed
/// code and fails once a generated file is edited by hand. Runs on a temporary copy of the files.
@Suite struct GeneratedCodeTests {
  @Test func checkPassesOnCommittedCodeAndFailsOnAHandEdit() async throws {
    let copy = try copyOfCodegenInputs()
    defer { try? FileManager.default.removeItem(at: copy) }

    let clean = try await runCheck(in: copy)
    #expect(clean.status == 0, "\(clean.output)")

    let generated = copy.appendingPathComponent("Sources/GreeterProtos/helloworld.pb.swift")
    var text = try String(contentsOf: generated, encoding: .utf8)
    text = text.replacingOccurrences(of: "public var name: String", with: "public var nom: String")
    try text.write(to: generated, atomically: true, encoding: .utf8)

    let edited = try await runCheck(in: copy)
    #expect(edited.status == 1)
    #expect(edited.output.contains("generated code differs from protos/"))
    #expect(edited.output.contains("public var nom: String"))
  }

  private func copyOfCodegenInputs() throws -> URL {
    let root = TestEnvironment.repositoryRoot
    let copy = FileManager.default.temporaryDirectory
      .appendingPathComponent("greeter-codegen-\(UUID().uuidString)")
    for folder in [
      "scripts", "protos", "Sources/GreeterProtos", "Sources/StandardServiceProtos", "Resources",
      "Tests/WireFormatTests/Fixtures",
      "tools/bench/Sources/GreeterBench/Generated",
    ] {
      let target = copy.appendingPathComponent(folder)
      try FileManager.default.createDirectory(
        at: target.deletingLastPathComponent(),
        withIntermediateDirectories: true
      )
      try FileManager.default.copyItem(at: root.appendingPathComponent(folder), to: target)
    }
    return copy
  }

  /// The plugins come from the repository's own codegen build (made by `make check-generated`).
  private func runCheck(in copy: URL) async throws -> (status: Int32, output: String) {
    let plugins = TestEnvironment.repositoryRoot.appendingPathComponent(".build-codegen/debug")
    guard
      FileManager.default.isExecutableFile(
        atPath: plugins.appendingPathComponent("protoc-gen-swift").path)
    else {
      throw TestFailure("\(plugins.path) has no plugins: run `make test`")
    }
    let check = try ChildProcess(
      "/bin/bash",
      [copy.appendingPathComponent("scripts/generate-protos.sh").path, "--check"],
      environment: ["CODEGEN_BIN": plugins.path]
    )
    let status = try await check.waitForExit()
    return (status, check.output + check.errorOutput)
  }
}
