import Foundation
import Wire

/// The benchmark program `scripts/bench.sh` runs, one measurement per process, each printing one
/// JSON object on stdout:
///
///     GreeterBench serve [--port 0]                    the embedded Greeter; prints "listening on HOST:PORT"
///     GreeterBench unary --client NAME --target HOST:PORT [--calls 10000] [--warmup 1000]
///         NAME: core (our ClientCore, frames captured), core-nocapture, grpc-swift, floor (the
///         least a client can do: blocking socket, prepared bytes; the latency floor)
///     GreeterBench decode --target HOST:PORT [--recording FILE] [--megabytes 100] [--runs 5] [--chunk 16384] [--name-bytes 3]
///         records real calls through ClientCore (and saves them to FILE), then times
///         ConnectionDecoder over the bytes; --name-bytes sets the length of the name sent
///     GreeterBench decode --recording FILE …   the same over a saved recording, no server needed
///     GreeterBench soak --target HOST:PORT [--calls 100000] [--step 10000]
///         one ClientCore, every kind of call; RSS, descriptors and threads every step
@main
struct GreeterBench {
  static func main() async {
    var arguments = Array(CommandLine.arguments.dropFirst())
    guard !arguments.isEmpty else { fail(usage) }
    let command = arguments.removeFirst()
    let options = Options(arguments)
    do {
      switch command {
      case "serve":
        try await Serve.run(port: options.int("port", default: 0))
      case "unary":
        let report = try await UnaryBench.run(
          client: options.string("client"),
          target: options.target(),
          calls: options.int("calls", default: 10_000),
          warmup: options.int("warmup", default: 1_000))
        emit(report)
      case "tls":
        emit(
          try await TLSBench.run(
            target: options.target(), cacert: options.string("cacert"),
            calls: options.int("calls", default: 10_000),
            warmup: options.int("warmup", default: 1_000),
            handshakes: options.int("handshakes", default: 50)))
      case "decode":
        let report = try await DecoderBench.run(
          target: options.has("target") ? options.target() : nil,
          recordingFile: options.has("recording") ? options.string("recording") : nil,
          megabytes: options.int("megabytes", default: 100),
          runs: options.int("runs", default: 5),
          chunk: options.int("chunk", default: 16_384),
          nameBytes: options.int("name-bytes", default: 3))
        emit(report)
      case "gzip":
        emit(
          try await GzipBench.run(
            megabytes: options.int("megabytes", default: 100),
            runs: options.int("runs", default: 5),
            messageBytes: options.int("message-bytes", default: 64 << 10),
            gunzip: options.has("gzip") ? options.string("gzip") : "/usr/bin/gzip"))
      case "ui":
        emit(
          try await UIBench.run(
            target: Target(host: options.target().host, port: options.target().port),
            calls: options.int("calls", default: 10),
            renders: options.int("renders", default: 300)))
      case "codec":
        emit(
          try CodecBench.run(
            protoset: options.string("protoset"), rounds: options.int("rounds", default: 5),
            out: options.has("out") ? options.string("out") : nil))
      case "explorer":
        emit(
          try ExplorerBench.run(
            renders: options.int("renders", default: 300), keys: options.int("keys", default: 1000))
        )
      case "input":
        emit(
          InputBench.run(
            characters: options.int("characters", default: 10_000),
            runs: options.int("runs", default: 5)))
      case "soak":
        emit(
          try await SoakBench.run(
            target: options.target(), calls: options.int("calls", default: 100_000),
            step: options.int("step", default: 10_000)))
      case "startup":
        emit(
          try await UIBench.startup(
            binary: options.string("binary"), runs: options.int("runs", default: 10),
            target: options.has("target") ? options.string("target") : nil,
            firstDraw: options.has("first-draw")))
      case "discovery":
        emit(
          try UIBench.discovery(
            binary: options.string("binary"), target: options.string("target"),
            runs: options.int("runs", default: 10)))
      default:
        fail("unknown command \(command)\n\(usage)")
      }
    } catch {
      fail("\(command): \(error)")
    }
  }

  static let usage = """
    usage: GreeterBench serve [--port N]
           GreeterBench unary --client core|core-nocapture|grpc-swift|floor --target HOST:PORT [--calls N] [--warmup N]
           GreeterBench decode --target HOST:PORT | --recording FILE [--megabytes N] [--runs N] [--chunk BYTES] [--name-bytes N]
           GreeterBench gzip [--megabytes N] [--runs N] [--message-bytes N] [--gzip PATH]
           GreeterBench ui --target HOST:PORT [--calls N] [--renders N]
           GreeterBench startup --binary PATH/greeter-tui [--runs N] [--target HOST:PORT]
           GreeterBench discovery --binary PATH/greeter-tui --target HOST:PORT [--runs N]
           GreeterBench input [--characters N] [--runs N]
           GreeterBench codec --protoset FILE [--rounds N] [--out FILE]
           GreeterBench soak --target HOST:PORT [--calls N] [--step N]
    """

  static func emit(_ object: [String: Any]) {
    let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
    fflush(nil)
  }
}

func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data("GreeterBench: \(message)\n".utf8))
  exit(2)
}

struct BenchError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// `--name value` pairs.
struct Options {
  private var values: [String: String] = [:]

  init(_ arguments: [String]) {
    var index = 0
    while index < arguments.count {
      let name = arguments[index]
      guard name.hasPrefix("--"), index + 1 < arguments.count else {
        fail("expected --name value, got \(name)")
      }
      values[String(name.dropFirst(2))] = arguments[index + 1]
      index += 2
    }
  }

  func has(_ name: String) -> Bool { values[name] != nil }

  func string(_ name: String) -> String {
    guard let value = values[name] else { fail("--\(name) is required") }
    return value
  }

  func int(_ name: String, default fallback: Int) -> Int {
    guard let text = values[name] else { return fallback }
    guard let value = Int(text), value >= 0 else { fail("--\(name) must be a number, not \(text)") }
    return value
  }

  /// `--target HOST:PORT`.
  func target() -> (host: String, port: Int) {
    let text = string("target")
    guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...])
    else { fail("--target must be HOST:PORT, not \(text)") }
    return (String(text[..<colon]), port)
  }
}
