import Foundation
import Synchronization

/// Where the tests find the programs they drive. Each lookup fails with what to do about it:
/// a missing tool is an error, never a skipped test.
public enum TestEnvironment {
  public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// The built-in Greeter schema as a file: `--protoset` with it calls a Greeter without
  /// discovering first (reflection is off when a schema is given).
  public static let greeterProtoset = repositoryRoot.appendingPathComponent(
    "Resources/helloworld.protoset"
  ).path

  /// `call` arguments that give the Greeter's schema, so that no discovery comes first.
  public static let withoutDiscovery = ["--protoset", greeterProtoset]

  /// The `greeter-tui` built next to this test binary (GREETER_TUI_BIN overrides).
  public static func greeterTUI() throws -> String {
    if let path = ProcessInfo.processInfo.environment["GREETER_TUI_BIN"] {
      return try existing(path, hint: "GREETER_TUI_BIN points to a missing file")
    }
    let testBinary = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
    var folder = URL(fileURLWithPath: testBinary).deletingLastPathComponent()
    // On Linux the test binary is `<bin>/greeter-tuiPackageTests.xctest`; elsewhere inside a bundle.
    while folder.path != "/" {
      let candidate = folder.appendingPathComponent("greeter-tui").path
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
      folder.deleteLastPathComponent()
    }
    throw TestFailure("greeter-tui is not built next to \(testBinary): run `make test`")
  }

  /// The Python with pinned grpcio and grpcio-tools (GREETER_PYTHON overrides; default .venv).
  public static func python() throws -> String {
    let path =
      ProcessInfo.processInfo.environment["GREETER_PYTHON"]
      ?? repositoryRoot.appendingPathComponent(".venv/bin/python").path
    return try existing(path, hint: "no Python with grpcio: run `make test`, which creates .venv")
  }

  /// A folder holding the Python peers and the stubs grpcio-tools generates for them from
  /// protos/helloworld.proto; generated once per test run.
  public static func pythonPeers() throws -> String {
    try generatedPeers.withLock { folder in
      if let folder { return folder }
      let made = try generatePythonPeers()
      folder = made
      return made
    }
  }

  private static let generatedPeers = Mutex<String?>(nil)

  private static func generatePythonPeers() throws -> String {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("greeter-python-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let sources = repositoryRoot.appendingPathComponent("Tests/InteropTests/Python")
    for name in try FileManager.default.contentsOfDirectory(atPath: sources.path)
    where name.hasSuffix(".py") {
      try FileManager.default.copyItem(
        at: sources.appendingPathComponent(name),
        to: folder.appendingPathComponent(name)
      )
    }
    let (status, output) = try Spawn.run(
      try python(),
      [
        "-m", "grpc_tools.protoc", "-I", repositoryRoot.appendingPathComponent("protos").path,
        "--python_out=\(folder.path)", "--grpc_python_out=\(folder.path)", "helloworld.proto",
      ])
    guard status == 0 else {
      throw TestFailure("grpc_tools.protoc failed with status \(status): \(output)")
    }
    return folder.path
  }

  private static func existing(_ path: String, hint: String) throws -> String {
    guard FileManager.default.isExecutableFile(atPath: path) else {
      throw TestFailure("\(path): \(hint)")
    }
    return path
  }
}
