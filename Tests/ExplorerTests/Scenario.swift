import Foundation
import GRPCCore
import GreeterProtos
import SwiftProtobuf
import Wire
import WireFormat

@testable import Explorer

/// The Greeter's catalog, as the app loads it by default.
let greeterCatalog: Catalog = {
  do {
    return try Catalog(descriptorSets: [GreeterDescriptorSet.bytes])
  } catch {
    fatalError("the generated descriptor set does not parse: \(error)")
  }
}()

extension RequestDraft {
  /// `{"name":…}`, the draft the `▸ name:` prompt builds for HelloRequest.
  static func hello(_ name: String) -> RequestDraft {
    greeterCatalog.draft(from: name, as: "helloworld.HelloRequest")
  }
}

/// Builds explorer states the way the app does: keys in, and the client's events for the
/// effects, from real frames (the Python grpcio recording) with fixed times, so renders are
/// the same on every run.
struct Scenario {
  var state: ExplorerState

  init(width: Int = 80, height: Int = 24) {
    let methods = greeterCatalog.methods.map {
      ExplorerState.Method(name: $0.name, path: $0.path, kind: $0.kind)
    }
    state = ExplorerState(
      methods: methods, target: "127.0.0.1:50051", targetIsEmbedded: true,
      catalog: greeterCatalog, width: width, height: height)
    _ = state.update(.server(.on("127.0.0.1:50051")))
  }

  @discardableResult
  mutating func press(_ keys: Key...) -> [Effect] {
    // The app settles the state before each draw; a test looks after each key.
    keys.flatMap {
      defer { state.settle() }
      return state.update(.key($0))
    }
  }

  @discardableResult
  mutating func type(_ text: String) -> [Effect] {
    text.flatMap {
      defer { state.settle() }
      return state.update(.key(.character($0)))
    }
  }

  /// Frames of a recorded conversation, decoded, stamped 100 µs apart.
  static func recordedFrames(_ name: String) throws -> [CapturedItem] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../WireTests/Fixtures/\(name).frames")
    var decoder = ConnectionDecoder()
    var items: [CapturedItem] = []
    for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
      let parts = line.split(separator: " ")
      let bytes = Hex.bytes(parts[1])
      for item in decoder.feed(bytes, direction: parts[0] == "out" ? .outbound : .inbound) {
        items.append(
          CapturedItem(
            uptimeNanos: UInt64(items.count + 1) * 100_000, sequence: items.count, item: item))
      }
    }
    return items
  }

  /// Plays a whole call for the effect `startCall`: its frames, replies and an ending.
  mutating func complete(
    _ id: Int, replies: [String], frames: [CapturedItem] = [],
    status: Status = Status(code: .ok, message: ""),
    totalMicros: UInt64 = 812, connectionFailed: Bool = false
  ) throws {
    _ = state.update(.callStarted(id: id, startNanos: 0, wallClock: 0))
    _ = state.update(.call(id: id, .started(streamID: 1, connectNanos: 0)))
    for item in frames { _ = state.update(.call(id: id, .captured([item]))) }
    for reply in replies {
      let bytes: [UInt8] = try Helloworld_HelloReply.with { $0.message = reply }.serializedBytes()
      _ = state.update(.call(id: id, .message(bytes)))
    }
    var outcome = CallOutcome(
      status: status, httpStatus: 200, nonGRPCBody: nil,
      timing: CallTiming(
        connectNanos: 0, firstResponseNanos: 500_000, totalNanos: totalMicros * 1000))
    outcome.connectionFailed = connectionFailed
    _ = state.update(.call(id: id, .finished(outcome)))
  }

  var text: String { state.render().grid.text }
}
