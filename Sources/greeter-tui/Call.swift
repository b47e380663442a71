import ArgumentParser
import Discovery
import Foundation
import GRPCCore
import GreeterServer
import NIOCore
import Wire
import WireFormat

/// `greeter-tui call`: one call through our client core, printed like `grpcurl -v` or as JSON,
/// with every frame of the connection when asked.
struct Call: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Call a method and show the call, down to its HTTP/2 frames.",
    discussion: """
      METHOD is a method of the server's schema, by name when only one service has it or in full: helloworld.Greeter/SayHello, /helloworld.Greeter/SayHello, helloworld.Greeter.SayHello. The schema is discovered by server reflection first (see --reflect), unless --protoset or --proto give it or --embedded is used; a Greeter method on a server without reflection uses the built-in Greeter schema (and says so on stderr).

      The requests are -d JSON (proto3 JSON; @FILE reads a file, @- standard input; several objects back to back for a method that streams requests), or NAME arguments for a request type with one string field (HelloRequest); neither is one empty request ({}), or an empty stream for a method that streams requests. Bad JSON is a usage error; nothing is sent.

      Exit status: 0 OK; 1 a local error (e.g. the pcap file cannot be written) or no schema could be had; 2 no connection could be made (refused, unreachable, timed out); 64 a usage error; 64 + the gRPC status code for any other status (e.g. 68 DEADLINE_EXCEEDED, 78 UNAVAILABLE), as grpcurl does.

      Examples:
        greeter-tui call SayHello you
        greeter-tui call -d '{"name": "Ada"}' SayHello
        echo '{"name":"Ada"}{"name":"Bo"}' | greeter-tui call -d @- SayHelloBidiStream
        greeter-tui call --embedded --frames SayHelloAgain Ada
        greeter-tui call --json --target 127.0.0.1:50051 SayHelloBidiStream Ada Grace
        greeter-tui call SayHelloToAll Ada Grace Lin
        greeter-tui call -d '{"service":""}' grpc.health.v1.Health/Check
        greeter-tui call --protoset api.protoset -d @order.json shop.Shop/Place
      """
  )

  @OptionGroup(title: "Target")
  var connection: ConnectionOptions

  @OptionGroup(title: "TLS")
  var tlsOptions: TLSOptions

  @Flag(help: "Also print every HTTP/2 frame of the connection, decoded and as hex.")
  var frames = false

  @Flag(help: "Print one JSON document instead (see the README for its fields).")
  var json = false

  @Option(help: "Write the connection to FILE as pcap (open with tshark -d tcp.port==PORT,http2).")
  var pcap: String?

  @Option(
    name: [.customShort("d"), .customLong("data")], parsing: .unconditional,
    help: ArgumentHelp(
      "The request(s) as proto3 JSON; @FILE reads a file, @- standard input.", valueName: "json"))
  var data: String?

  @OptionGroup(title: "Schema")
  var schema: SchemaOptions

  @Argument(help: "The method to call.")
  var method: String

  @Argument(
    help: "The name(s) to greet: one request each, for a request type with one string field.")
  var names: [String] = []

  func run() async throws {
    let options = try connection.callOptions()
    let server = connection.embedded ? EmbeddedServer() : nil
    var target =
      try connection.embedded
      ? Target(host: "127.0.0.1", port: 0) : NumberOptions.target(connection.target)
    if let server {
      do {
        let address = try await server.start(host: "127.0.0.1", port: 0)
        target = Target(host: address.host, port: address.port)
      } catch {
        StandardError.writeLine("greeter-tui: cannot start the embedded server: \(error)")
        throw ExitCode(CallExitCode.localError)
      }
    }
    do {
      try await call(target: target, external: server == nil, options: options)
    } catch {
      await server?.stop()
      throw error
    }
    await server?.stop()
  }

  private func call(target: Target, external: Bool, options: ClientCallOptions) async throws {
    let wanted = self.method
    let transport = try TLSOptions.transportOrExit(tlsOptions)
    let discovery: Discovery
    do {
      discovery = try await SchemaLoader.load(
        schema: schema, target: external ? target : nil, options: options, transport: transport,
        builtinWhenUnsupported: { (try? $0.method(wanted)) != nil })
    } catch let error as DiscoveryError {
      StandardError.writeLine("greeter-tui: \(error)")
      throw ExitCode(CallExitCode.for(error))
    }
    let catalog = discovery.catalog
    try SchemaCommand.writeProtosetOut(discovery, schema: schema)
    let method: WireFormat.MethodDescriptor
    let requests: [DynamicMessage]
    do {
      method = try catalog.method(self.method)
      requests = try CallRequests(data: data, names: names, method: method, catalog: catalog)
        .messages
    } catch {
      StandardError.writeLine("greeter-tui: \(error)")
      throw ExitCode(CallExitCode.usage)
    }

    var configuration = transport.configuration(for: target)
    var pcapFile: PCAPFile?
    if let pcap {
      do {
        let file = try PCAPFile(path: pcap)
        pcapFile = file
        configuration.pcapSink = { file.write($0) }
      } catch {
        StandardError.writeLine("greeter-tui: \(error)")
        throw ExitCode(CallExitCode.localError)
      }
    }

    let client = ClientCore(configuration)
    let call = client.start(path: method.path, options: options)
    for (index, request) in requests.enumerated() {
      call.send(catalog.encode(request), endingStream: index == requests.count - 1)
    }
    if requests.isEmpty { call.finishSending() }
    let result = await CallResult.collect(call.events)
    await client.shutdown()
    var connectionItems: [CapturedItem] = []
    var closeReason: String?
    var tls: TLSFacts?
    for await event in client.connectionEvents {
      switch event {
      case .captured(let item, _): connectionItems.append(item)
      case .closed(let reason, _): closeReason = reason
      case .connected(_, _, let facts): tls = tls ?? facts
      }
    }
    let pcapWritten = finish(pcapFile)

    let report = CallReport(
      catalog: catalog, method: method, target: target,
      requests: requests.map { (try? catalog.compactJSONText($0)) ?? "{}" }, result: result,
      startNanos: call.startNanos,
      frames: (result.frames + connectionItems).sorted { $0.sequence < $1.sequence },
      connectionCloseReason: closeReason, tls: tls,
      discovery: external ? discovery : nil)
    print(json ? JSONWriter.pretty(report.json()) : report.text(withFrames: frames))
    fflush(nil)
    let code = pcapWritten ? CallExitCode.for(result.outcome) : CallExitCode.localError
    if code != 0 { throw ExitCode(code) }
  }

  /// Puts the capture in place, or says why it is not there; false when it could not be written.
  private func finish(_ pcapFile: PCAPFile?) -> Bool {
    guard let pcapFile else { return true }
    do {
      let outcome: String? =
        switch try pcapFile.finish() {
        case .written: nil
        case .leftAsItWas: "was left as it was"
        case .notCreated: "was not written"
        case .holdsNoPackets: "holds no packets"
        }
      if let outcome {
        StandardError.writeLine(
          "greeter-tui: no connection was made, so \(pcapFile.path) \(outcome)")
      }
      return true
    } catch {
      StandardError.writeLine("greeter-tui: \(error)")
      return false
    }
  }
}

/// The exit statuses of `call`, documented in its help and the README.
enum CallExitCode {
  static let ok: Int32 = 0
  static let localError: Int32 = 1
  static let connectionFailed: Int32 = 2
  static let usage: Int32 = 64

  /// No schema could be had: 2 when no connection could be made, else 1.
  static func `for`(_ error: DiscoveryError) -> Int32 {
    error.connectionFailed ? connectionFailed : localError
  }

  static func `for`(_ outcome: CallOutcome) -> Int32 {
    if outcome.status.code == .ok { return ok }
    if outcome.connectionFailed { return connectionFailed }
    return 64 + Int32(outcome.status.code.rawValue)
  }
}
