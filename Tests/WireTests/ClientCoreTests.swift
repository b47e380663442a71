import GRPCCore
import GreeterProtos
import GreeterServer
import GreeterTestSupport
import NIOCore
import NIOPosix
import SwiftProtobuf
import Testing

@testable import Wire

/// Our client core against the embedded Greeter (a real grpc-swift-2 server) and against a
/// scripted server that misbehaves in the ways real servers do.
@Suite struct ClientCoreTests {
  static func request(_ name: String) throws -> [UInt8] {
    try Helloworld_HelloRequest.with { $0.name = name }.serializedBytes()
  }

  static func replies(_ result: CallResult) throws -> [String] {
    try result.messages.map { try Helloworld_HelloReply(serializedBytes: $0).message }
  }

  @Test func allFiveMethodsAgainstTheEmbeddedServer() async throws {
    let server = EmbeddedServer()
    let address = try await server.start(port: 0)
    let client = ClientCore(
      .init(target: Target(host: "127.0.0.1", port: address.port)))

    let hello = await client.call(
      path: "/helloworld.Greeter/SayHello", request: try Self.request("Ada"))
    #expect(hello.status.code == .ok)
    #expect(try Self.replies(hello) == ["Hello, Ada!"])
    #expect(hello.httpStatus == 200)
    #expect(hello.streamID == 1)

    let again = await client.call(
      path: "/helloworld.Greeter/SayHelloAgain", request: try Self.request("Ada"))
    #expect(try Self.replies(again) == ["Hello again, Ada!"])
    #expect(again.streamID == 3, "the connection is reused")
    #expect(again.outcome.timing.connectNanos == 0)

    let stream = await client.call(
      path: "/helloworld.Greeter/SayHelloStreamReply", request: try Self.request("Ada"))
    #expect(
      try Self.replies(stream) == ["Hello, Ada! (1/3)", "Hello, Ada! (2/3)", "Hello, Ada! (3/3)"])

    // Bidi: each reply arrives before the next request is sent.
    var bidi = BidiConversation(on: client)
    var replies: [String?] = []
    for name in ["Ada", "Grace"] { replies.append(try await bidi.say(name)) }
    let outcome = await bidi.end()
    #expect(replies == ["Hello, Ada!", "Hello, Grace!"])
    #expect(outcome?.status.code == .ok)

    // Client streaming: three requests on one stream, the last half-closing it, then one reply.
    let toAll = client.start(
      path: "/helloworld.Greeter/SayHelloToAll", options: ClientCallOptions())
    for (index, name) in ["Ada", "Grace", "Lin"].enumerated() {
      toAll.send(try Self.request(name), endingStream: index == 2)
    }
    let gathered = await CallResult.collect(toAll.events)
    #expect(gathered.status.code == .ok)
    #expect(try Self.replies(gathered) == ["Hello, Ada, Grace and Lin!"])

    await client.shutdown()
    await server.stop()
  }

  @Test func callFramesAreTheCallsOwnAndConnectionFramesComeOnce() async throws {
    let server = EmbeddedServer()
    let address = try await server.start(port: 0)
    let client = ClientCore(
      .init(target: Target(host: "127.0.0.1", port: address.port)))
    let first = await client.call(
      path: "/helloworld.Greeter/SayHello", request: try Self.request("Ada"))
    let second = await client.call(
      path: "/helloworld.Greeter/SayHello", request: try Self.request("Bo"))
    await client.shutdown()
    var connectionFrames: [DecodedFrame] = []
    var events: [String] = []
    for await event in client.connectionEvents {
      switch event {
      case .connected: events.append("connected")
      case .closed: events.append("closed")
      case .captured(let item, _):
        if case .frame(let frame) = item.item { connectionFrames.append(frame) }
      }
    }
    #expect(events == ["connected", "closed"])
    for (result, stream) in [(first, UInt32(1)), (second, 3)] {
      let frames = result.frames.compactMap { if case .frame(let f) = $0.item { f } else { nil } }
      #expect(frames.allSatisfy { $0.streamID == stream })
      #expect(
        frames.map(\.typeName).filter { $0 != "WINDOW_UPDATE" } == [
          "HEADERS", "DATA", "HEADERS", "DATA", "HEADERS",
        ])
    }
    #expect(connectionFrames.first?.typeName == "PREFACE")
    #expect(
      connectionFrames.filter {
        $0.typeName == "SETTINGS" && $0.direction == .outbound && $0.flagNames.isEmpty
      }.count == 1)
    #expect(connectionFrames.last?.typeName == "GOAWAY")
    await server.stop()
  }

  @Test func refusedPortIsUnavailableWithAddressAndReasonWithinASecond() async throws {
    let refusing = try RefusingPort()
    let port = refusing.port
    let client = ClientCore(.init(target: Target(host: "127.0.0.1", port: port)))
    var options = ClientCallOptions()
    options.deadline = .seconds(5)  // a bug here must fail the test, not hang it
    let started = ContinuousClock.now
    let result = await client.call(
      path: "/helloworld.Greeter/SayHello", request: try Self.request("Ada"), options: options)
    // Not a speed measurement (that is `make bench`'s job): a refusal must not wait for the
    // 10 s connect timeout, even on a loaded machine.
    #expect(ContinuousClock.now - started < .seconds(5))
    #expect(result.status.code == .unavailable)
    #expect(result.status.message == "connection refused 127.0.0.1:\(port)")
    #expect(result.outcome.connectionFailed)
    withExtendedLifetime(refusing) {}
  }

  /// `.invalid` never resolves (RFC 6761): one clause, the host and what the resolver said.
  @Test func unknownHostSaysSoOnce() async throws {
    let client = ClientCore(.init(target: Target(host: "nosuchhost.invalid", port: 50051)))
    var options = ClientCallOptions()
    options.deadline = .seconds(10)
    let result = await client.call(
      path: "/helloworld.Greeter/SayHello", request: try Self.request("Ada"), options: options)
    #expect(result.status.code == .unavailable)
    #expect(result.outcome.connectionFailed)
    let message = result.status.message
    let prefix = "cannot resolve nosuchhost.invalid: "
    #expect(message.hasPrefix(prefix), "\(message)")
    let reason = message.dropFirst(prefix.count)
    // getaddrinfo's words (here `Name or service not known`), not NIO's description that names
    // its type, the error number, the host and the port again.
    #expect(!reason.isEmpty)
    for repeated in ["nosuchhost", "50051", "UnknownHost", "error"] {
      #expect(!reason.contains(repeated), "\(message)")
    }
    await client.shutdown()
  }

  @Test func reconnectsAfterTheConnectionDied() async throws {
    let server = try await ScriptedServer.start()
    let client = ClientCore(.init(target: Target(host: "127.0.0.1", port: server.port)))
    var dying = ClientCallOptions()
    dying.metadata = [("x-scenario", "die-mid-stream")]
    dying.deadline = .seconds(10)
    let died = await client.call(
      path: "/helloworld.Greeter/SayHello", request: try Self.request("A"), options: dying)
    #expect(died.status.code == .unavailable)
    // The connection's end, within a deadline (a server that did not die must fail the test,
    // not hang it).
    let closed = await withTaskGroup(of: Bool.self) { group in
      group.addTask {
        for await event in client.connectionEvents { if case .closed = event { return true } }
        return false
      }
      group.addTask {
        try? await Task.sleep(for: .seconds(20))
        return false
      }
      let first = await group.next() ?? false
      group.cancelAll()
      return first
    }
    try #require(closed)
    var options = ClientCallOptions()
    options.deadline = .seconds(10)
    let after = await client.call(
      path: "/helloworld.Greeter/SayHello", request: try Self.request("B"), options: options)
    #expect(after.status.code == .ok)
    #expect(after.streamID == 1, "a new connection starts again at stream 1")
    #expect(after.outcome.timing.connectNanos > 0)
    await client.shutdown()
    await server.stop()
  }

  /// A server stopping gracefully sends GOAWAY and finishes the streams it has: the open one goes
  /// on, and a new call does not go on that connection (the server would refuse its stream) but
  /// on a new one, which the stopped listener refuses.
  @Test func afterGOAWAYTheOpenStreamGoesOnAndNewCallsNeedANewConnection() async throws {
    let server = EmbeddedServer()
    // Outside the ephemeral range: once stopped, no other test can take the port and answer.
    let address = try await server.start(port: try LoopbackPort.outsideEphemeralRange())
    let client = ClientCore(.init(target: Target(host: "127.0.0.1", port: address.port)))
    var options = ClientCallOptions()
    options.deadline = .seconds(20)
    var bidi = BidiConversation(on: client, options: options)
    #expect(try await bidi.say("Ada") == "Hello, Ada!")

    let stopping = Task { await server.stop() }
    let goAway = try await Self.nextConnectionEvent(of: client, within: .seconds(20)) {
      if case .captured(let item, _) = $0, case .frame(let frame) = item.item {
        frame.typeName == "GOAWAY" && frame.direction == .inbound
      } else {
        false
      }
    }
    try #require(goAway)
    let refused = await client.call(
      path: "/helloworld.Greeter/SayHello", request: try Self.request("Bo"), options: options)
    #expect(refused.status.code == .unavailable)
    #expect(refused.outcome.connectionFailed, "\(refused.status)")

    #expect(try await bidi.say("Cy") == "Hello, Cy!")
    #expect(await bidi.end()?.status.code == .ok)
    await stopping.value
    await client.shutdown()
  }

  static func scripted(
    _ scenario: ScriptedServer.Scenario, options: ClientCallOptions = ClientCallOptions()
  )
    async throws -> (CallResult, ClientCore, ScriptedServer)
  {
    let server = try await ScriptedServer.start()
    let client = ClientCore(
      .init(target: Target(host: "127.0.0.1", port: server.port)))
    var options = options
    options.metadata.append(("x-scenario", scenario.rawValue))
    if options.deadline == nil { options.deadline = .seconds(20) }
    let result = await client.call(
      path: "/helloworld.Greeter/SayHello", request: try request("Ada"), options: options)
    return (result, client, server)
  }

  @Test func deadlineOnASilentServerIsDeadlineExceededWithRSTStream() async throws {
    let server = try await ScriptedServer.start()
    let client = ClientCore(.init(target: Target(host: "127.0.0.1", port: server.port)))
    // Connected first: the deadline is then spent on the silent server, not on connecting (on a
    // loaded machine it could pass before the stream exists, leaving no HEADERS to reset).
    var greet = ClientCallOptions()
    greet.metadata = [("x-scenario", "greet")]
    let first = await client.call(
      path: "/helloworld.Greeter/SayHello", request: try Self.request("Al"), options: greet)
    #expect(try Self.replies(first) == ["Hello, Al!"])
    var options = ClientCallOptions()
    options.metadata = [("x-scenario", "silent")]
    options.deadline = .seconds(1)
    let result = await client.call(
      path: "/helloworld.Greeter/SayHello", request: try Self.request("Ada"), options: options)
    #expect(result.status.code == .deadlineExceeded)
    let sent = result.frames.compactMap { if case .frame(let f) = $0.item { f } else { nil } }
    #expect(
      sent.contains {
        $0.typeName == "RST_STREAM" && $0.direction == .outbound && $0.summary == "CANCEL"
      })
    let timeout = sent.first { $0.typeName == "HEADERS" }.flatMap {
      if case .headers(let h) = $0.payload { h.block?.value("grpc-timeout") } else { nil }
    }
    #expect(
      timeout?.wholeMatch(of: /[0-9]{1,8}[HMSmun]/) != nil,
      "grpc-timeout sent: \(timeout ?? "none")")
    // The connection survives a cancelled call.
    let next = await client.call(
      path: "/helloworld.Greeter/SayHello", request: try Self.request("Bo"), options: greet)
    #expect(try Self.replies(next) == ["Hello, Bo!"])
    await client.shutdown()
    await server.stop()
  }

  @Test func serverKilledMidStreamIsUnavailableAndKeepsWhatArrived() async throws {
    let (result, client, server) = try await Self.scripted(.dieMidStream)
    #expect(result.status.code == .unavailable)
    #expect(result.status.message.contains("closed before the call finished"))
    #expect(try Self.replies(result) == ["Hello, Ada!"])
    await client.shutdown()
    await server.stop()
  }

  @Test func badGatewayHTMLIsUnavailableWithTheBodyKept() async throws {
    let (result, client, server) = try await Self.scripted(.badGateway)
    #expect(result.status.code == .unavailable)
    #expect(result.httpStatus == 502)
    #expect(result.status.message.contains("text/html"))
    let body = try #require(result.outcome.nonGRPCBody)
    #expect(String(decoding: body.bytes, as: UTF8.self).contains("502 Bad Gateway"))
    await client.shutdown()
    await server.stop()
  }

  @Test func garbageFromTheServerIsExplained() async throws {
    let (result, client, server) = try await Self.scripted(.garbage)
    #expect(result.status.code == .unavailable)
    #expect(result.status.message.contains("speaking HTTP/2"), "\(result.status.message)")
    await client.shutdown()
    await server.stop()
  }

  @Test func frameOverMaxFrameSizeFailsTheCallNotTheProcess() async throws {
    let (result, client, server) = try await Self.scripted(.oversizedFrame)
    #expect(result.status.code != .ok)
    #expect(
      result.status.message.localizedCaseInsensitiveContains("frame"), "\(result.status.message)")
    await client.shutdown()
    await server.stop()
  }

  @Test func messageOverMaxReceiveIsResourceExhaustedAndTheConnectionSurvives() async throws {
    let (result, client, server) = try await Self.scripted(.hugeMessage)
    #expect(result.status.code == .resourceExhausted)
    #expect(
      result.status.message.contains("5242885 bytes, over the limit of 4194304"),
      "\(result.status.message)")
    var options = ClientCallOptions()
    options.maxReceiveMessageBytes = 6 << 20
    options.metadata = [("x-scenario", "huge-message")]
    let bigger = await client.call(
      path: "/helloworld.Greeter/SayHello", request: try Self.request("Ada"), options: options)
    #expect(bigger.status.code == .ok)
    #expect(bigger.streamID == 3, "same connection")
    #expect(try Self.replies(bigger).first?.count == 5 << 20)
    await client.shutdown()
    await server.stop()
  }

  @Test func goAwayMidCallNamesTheGoAway() async throws {
    let (result, client, server) = try await Self.scripted(.goAwayMidCall)
    #expect(result.status.code == .unavailable)
    #expect(result.status.message.contains("GOAWAY NO_ERROR"), "\(result.status.message)")
    #expect(result.status.message.contains("going away"), "\(result.status.message)")
    await client.shutdown()
    await server.stop()
  }

  @Test func resetMidStreamNamesTheErrorCode() async throws {
    let (result, client, server) = try await Self.scripted(.resetMidStream)
    #expect(result.status.code == .internalError)
    #expect(result.status.message == "stream reset by the server: RST_STREAM INTERNAL_ERROR (0x2)")
    #expect(try Self.replies(result) == ["Hello, Ada!"])
    await client.shutdown()
    await server.stop()
  }

  @Test func trailersOnlyErrorHasItsPercentDecodedMessage() async throws {
    let (result, client, server) = try await Self.scripted(.trailersOnly)
    #expect(result.status.code == .notFound)
    #expect(result.status.message == "no greeter called “Ada”")
    await client.shutdown()
    await server.stop()
  }
}

extension ClientCoreTests {
  /// `call(path:request:)` resumes its caller once; cancelling the caller's task cancels the
  /// call (RST_STREAM CANCEL) instead of leaving it waiting.
  @Test func cancellingTheCallersTaskCancelsTheCall() async throws {
    let server = try await ScriptedServer.start(scenario: .silent)
    let client = ClientCore(.init(target: Target(host: "127.0.0.1", port: server.port)))
    var greet = ClientCallOptions()
    greet.metadata = [("x-scenario", "greet")]
    let warm = await client.call(
      path: "/helloworld.Greeter/SayHello", request: try Self.request("Al"), options: greet)
    #expect(warm.status.code == .ok)
    let before = server.requestsReceived
    let caller = Task {
      var options = ClientCallOptions()
      options.deadline = .seconds(20)  // if cancelling did nothing: DEADLINE_EXCEEDED, no hang
      return await client.call(
        path: "/helloworld.Greeter/SayHello", request: try Self.request("Ada"), options: options)
    }
    // Cancelled once the server has the request (the stream exists), polled with a deadline.
    try await waitFor("the request to arrive") {
      server.requestsReceived > before ? true : nil
    }
    caller.cancel()
    let result = try await caller.value
    #expect(result.status.code == .cancelled)
    let frames = result.frames.compactMap { if case .frame(let f) = $0.item { f } else { nil } }
    #expect(frames.contains { $0.direction == .outbound && $0.typeName == "RST_STREAM" })
    await client.shutdown()
    await server.stop()
  }

  /// A server that sends GOAWAY and answers but leaves the connection open: the client closes
  /// it once its last call ended, instead of keeping an idle connection per GOAWAY.
  @Test func aDrainedConnectionClosesAfterItsLastCall() async throws {
    let server = try await ScriptedServer.start(scenario: .goAwayThenAnswer)
    let client = ClientCore(.init(target: Target(host: "127.0.0.1", port: server.port)))
    var options = ClientCallOptions()
    options.deadline = .seconds(20)
    let result = await client.call(
      path: "/helloworld.Greeter/SayHello", request: try Self.request("Ada"), options: options)
    #expect(result.status.code == .ok)
    #expect(try Self.replies(result) == ["Hello, Ada!"])
    let closed = try await Self.nextConnectionEvent(of: client, within: .seconds(20)) {
      if case .closed = $0 { true } else { false }
    }
    #expect(closed, "the drained connection was closed by the client")
    await client.shutdown()
    await server.stop()
  }

  /// Waits for the first connection event that `matches`; false when `timeout` passes first.
  static func nextConnectionEvent(
    of client: ClientCore, within timeout: Duration,
    _ matches: @escaping @Sendable (ConnectionEvent) -> Bool
  ) async throws -> Bool {
    await withTaskGroup(of: Bool.self) { group in
      group.addTask {
        for await event in client.connectionEvents where matches(event) { return true }
        return false
      }
      group.addTask {
        try? await Task.sleep(for: timeout)
        return false
      }
      let first = await group.next() ?? false
      group.cancelAll()
      return first
    }
  }

  @Test func cancelResetsTheStreamAndEndsCancelled() async throws {
    let server = try await ScriptedServer.start()
    let client = ClientCore(.init(target: Target(host: "127.0.0.1", port: server.port)))
    var options = ClientCallOptions()
    options.metadata = [("x-scenario", "silent")]
    let call = client.start(path: "/helloworld.Greeter/SayHello", options: options)
    call.send(try Self.request("Ada"))
    call.finishSending()
    var events = call.events.makeAsyncIterator()
    var result = CallResult(
      outcome: CallOutcome(
        status: Status(code: .unknown, message: ""),
        timing: CallTiming(connectNanos: 0, totalNanos: 0)))
    while let event = await events.next() {
      result.apply(event)
      if case .started = event { call.cancel() }
    }
    #expect(result.status.code == .cancelled)
    #expect(result.status.message == "cancelled by the client")
    let frames = result.frames.compactMap { if case .frame(let f) = $0.item { f } else { nil } }
    #expect(
      frames.last.map { "\($0.direction) \($0.typeName) \($0.summary)" }
        == "outbound RST_STREAM CANCEL")
    await client.shutdown()
    await server.stop()
  }

  @Test func aServerThatNeverSpeaksEndsTheCallInsteadOfHangingIt() async throws {
    let silent = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .bind(host: "127.0.0.1", port: 0).get()
    var configuration = ClientCore.Configuration(
      target: Target(host: "127.0.0.1", port: silent.localAddress!.port!))
    configuration.connectTimeout = .milliseconds(300)
    let client = ClientCore(configuration)
    let result = await client.call(
      path: "/helloworld.Greeter/SayHello", request: try Self.request("Ada"))
    #expect(result.status.code == .unavailable)
    #expect(
      result.status.message.hasSuffix(
        "the server sent nothing within 300 ms of connecting (is it an HTTP/2 server?)"),
      "\(result.status.message)")
    await client.shutdown()
    try await silent.close()
  }
}
