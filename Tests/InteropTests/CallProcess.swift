import Foundation
import GreeterTestSupport

/// `greeter-tui call …` (or another subcommand) run to completion: its exit status, output and (for --json) document.
struct CallProcess {
  let status: Int32
  let output: String
  let errorOutput: String
  /// The call process's peak resident memory.
  let peakResidentBytes: Int

  /// - Parameter command: the subcommand (`call`, `list`, `describe`).
  static func run(_ arguments: [String], command: String = "call") async throws -> CallProcess {
    let process = try ChildProcess(try TestEnvironment.greeterTUI(), [command] + arguments)
    let status: Int32
    do {
      status = try await process.waitForExit()
    } catch {
      // Stuck: say where, thread by thread, before giving up on it.
      let gdb = try? ChildProcess(
        "/usr/bin/gdb", ["-p", "\(process.pid)", "-batch", "-ex", "thread apply all bt 25"])
      _ = try? await gdb?.waitForExit()
      process.terminate()
      throw TestFailure("\(error)\nstacks:\n\(gdb?.output ?? "(no gdb)")")
    }
    return CallProcess(
      status: status, output: process.output, errorOutput: process.errorOutput,
      peakResidentBytes: process.peakResidentBytes)
  }

  var json: [String: Any] {
    get throws {
      guard
        let document = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
      else { throw TestFailure("call --json printed no JSON object:\n\(output)\n\(errorOutput)") }
      return document
    }
  }

  var frames: [[String: Any]] {
    get throws { try json["frames"] as? [[String: Any]] ?? [] }
  }

  var responses: [String] {
    get throws {
      (try json["responses"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
    }
  }

  var statusName: String? {
    get throws { (try json["status"] as? [String: Any])?["name"] as? String }
  }
}
