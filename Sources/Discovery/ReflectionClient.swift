import GRPCCore
import StandardServiceProtos
import SwiftProtobuf
import Synchronization
import Wire
import WireFormat

/// Discovery by server reflection, over our own client core so that its frames are captured like
/// any call's: one stream per attempt, `list_services`, then `file_containing_symbol` for every
/// service, then `file_by_filename` for every import not yet had, until the schema is closed.
/// Requests of one round go out together (pipelined) and are answered in order.
///
/// `auto` tries v1, then v1alpha when v1 is not there (UNIMPLEMENTED, a stream reset before any
/// response headers, HTTP 404/405/415/501, or a response that is not gRPC); the version that
/// answered is remembered per target for the rest of the process.
public struct ReflectionClient: Sendable {
  public var target: Target
  /// Headers (`-H`), deadline and `--max-receive` for each reflection call.
  public var options: ClientCallOptions
  /// Files not to fetch: the well-known types, `google/rpc` and the reflection protos themselves.
  public var base: Catalog
  public var mode: ReflectMode
  /// TLS and `:authority`, as for the call itself.
  public var transport: TransportOptions

  public init(
    target: Target, options: ClientCallOptions, base: Catalog, mode: ReflectMode,
    transport: TransportOptions = TransportOptions()
  ) {
    self.target = target
    self.transport = transport
    self.options = options
    self.base = base
    self.mode = mode
  }

  private static let remembered = Mutex<[String: ReflectionVersion]>([:])

  /// Bounds on what one discovery takes in, whatever the server sends: imports nested this
  /// deep, this many files, this many bytes of responses in all (each response is also bounded
  /// by `--max-receive`).
  static let maxRounds = 64
  static let maxFiles = 20_000
  static let maxResponseBytes = 256 << 20

  private var targetKey: String { "\(target.host):\(target.port)" }

  public func discover() async throws(DiscoveryError) -> Discovery {
    var versions = mode.versions
    if mode == .auto, let known = Self.remembered.withLock({ $0[targetKey] }) {
      versions = [known] + versions.filter { $0 != known }
    }
    let client = ClientCore(transport.configuration(for: target))
    var calls: [DiscoveryCall] = []
    var unsupported: [(ReflectionVersion, String)] = []
    var outcome: Result<Discovery, DiscoveryError>?
    for version in versions {
      let attempt = await attempt(version, on: client)
      calls.append(attempt.call)
      switch attempt.outcome {
      case .success(let found):
        Self.remembered.withLock { $0[targetKey] = version }
        outcome = .success(found)
      case .failure(.unsupported(let reason)):
        unsupported.append((version, reason))
        continue
      case .failure(.failed(let error)):
        outcome = .failure(error)
      }
      break
    }
    await client.shutdown()
    let (frames, tls) = await Self.frames(of: client, calls: calls)
    var partial = Discovery(
      source: .reflectionV1, catalog: base, services: [], calls: calls, frames: frames)
    partial.tls = tls
    switch outcome {
    case .success(var discovery)?:
      discovery.calls = calls
      discovery.frames = frames
      discovery.tls = tls
      return discovery
    case .failure(var error)?:
      error.partial = partial
      throw error
    case nil:
      let reason = Self.notSupported(unsupported)
      var error = DiscoveryError(
        reason + "; give --protoset FILE or --proto FILE", partial: partial)
      error.reflectionUnsupported = InertText.make(reason)
      throw error
    }
  }

  /// `server does not support the reflection API (tried grpc.reflection.v1 and
  /// grpc.reflection.v1alpha: UNIMPLEMENTED)`
  static func notSupported(_ tried: [(ReflectionVersion, String)]) -> String {
    let reasons = Set(tried.map(\.1))
    let what: String
    if reasons.count == 1, let reason = reasons.first {
      what =
        tried.map(\.0.rawValue).map { "grpc.reflection.\($0)" }.joined(separator: " and ")
        + ": " + reason
    } else {
      what = tried.map { "grpc.reflection.\($0.0.rawValue): \($0.1)" }.joined(separator: "; ")
    }
    return "server does not support the reflection API (tried \(what))"
  }

  // MARK: - One attempt

  private enum Failure: Error {
    /// This version is not served: try the next.
    case unsupported(String)
    case failed(DiscoveryError)
  }

  private func attempt(_ version: ReflectionVersion, on client: ClientCore) async -> (
    call: DiscoveryCall, outcome: Result<Discovery, Failure>
  ) {
    let call = client.start(path: version.path, options: options)
    let stream = ReflectionStream(call, maxBytes: Self.maxResponseBytes)
    let outcome: Result<Discovery, Failure>
    do {
      outcome = .success(try await converse(stream, version: version))
    } catch {
      outcome = .failure(error)
    }
    var record = DiscoveryCall(
      version: version, startNanos: call.startNanos, result: stream.result)
    record.requests = stream.asked
    record.responses = stream.answered
    return (record, outcome)
  }

  private func converse(_ stream: ReflectionStream, version: ReflectionVersion)
    async throws(Failure) -> Discovery
  {
    var list = ReflectionStream.Request()
    list.listServices = ""
    stream.ask(list)
    let services: [String]
    switch try await answer(stream, version: version) {
    case .listServicesResponse(let response)?:
      services = response.service.map(\.name)
    case let other:
      throw .failed(unexpected(other, to: "list_services", version: version))
    }

    var received: [String: Google_Protobuf_FileDescriptorProto] = [:]
    var order: [String] = []
    var askedByName = Set<String>()
    var rounds = 0
    var assembly = CatalogAssembly(base: base)
    // Services whose file the base already has (the reflection services themselves) are known.
    var round: [ReflectionStream.Request] = services.filter { base.service($0) == nil }.map {
      service in .with { $0.fileContainingSymbol = service }
    }
    while !round.isEmpty {
      for request in round { stream.ask(request) }
      for request in round {
        let asked = ReflectionStream.describe(request)
        switch try await answer(stream, version: version) {
        case .fileDescriptorResponse(let response)?:
          var new: [Google_Protobuf_FileDescriptorProto] = []
          for (index, bytes) in response.fileDescriptorProto.enumerated() {
            // Servers resend imports with every answer: a file already had is not parsed again.
            if let name = ProtobufDecoder.stringField(1, in: Array(bytes)),
              received[name] != nil || base.hasFile(name)
            {
              continue
            }
            guard let file = try? Google_Protobuf_FileDescriptorProto(serializedBytes: bytes)
            else {
              throw .failed(
                DiscoveryError(
                  "\(version.service): file \(index + 1) of the answer to \(asked) is not a FileDescriptorProto"
                ))
            }
            if received[file.name] == nil, !base.hasFile(file.name) {
              received[file.name] = file
              order.append(file.name)
              new.append(file)
            }
          }
          do {
            try assembly.take(new)
          } catch {
            throw .failed(
              DiscoveryError(
                "\(version.service): the server's descriptors are not a schema: \(error)"))
          }
        case let other:
          throw .failed(unexpected(other, to: asked, version: version))
        }
      }
      // What the files import and nobody has sent yet, each asked once.
      round = []
      var askedNow = Set<String>()
      for name in order {
        for dependency in received[name]!.dependency
        where received[dependency] == nil && !base.hasFile(dependency) {
          guard !askedNow.contains(dependency) else { continue }
          guard askedByName.insert(dependency).inserted else {
            throw .failed(
              DiscoveryError(
                "\(version.service): \(dependency), imported by \(name), never came (the server was asked for it by name)"
              ))
          }
          askedNow.insert(dependency)
          round.append(.with { $0.fileByFilename = dependency })
        }
      }
      rounds += 1
      if rounds > Self.maxRounds || received.count > Self.maxFiles {
        throw .failed(
          DiscoveryError(
            "\(version.service): the schema does not close: \(received.count) files after \(rounds) rounds of imports (at most \(Self.maxFiles) files, \(Self.maxRounds) rounds)"
          ))
      }
    }
    await stream.finish()

    let catalog: Catalog
    do {
      catalog = try assembly.finish()
    } catch {
      throw .failed(
        DiscoveryError("\(version.service): the server's descriptors are not a schema: \(error)"))
    }
    return Discovery(
      source: version == .v1 ? .reflectionV1 : .reflectionV1alpha, catalog: catalog,
      services: services.sorted())
  }

  /// The next response's payload; a stream that ends first is either "not served" (try the
  /// next version) or a failure.
  private func answer(_ stream: ReflectionStream, version: ReflectionVersion)
    async throws(Failure) -> ServerReflectionAnswer?
  {
    let response: ReflectionStream.Response?
    do {
      response = try await stream.next()
    } catch {
      throw .failed(error)
    }
    if let response { return response.messageResponse }
    let result = stream.result
    if stream.answered == 0, let reason = Self.notServed(result) { throw .unsupported(reason) }
    let status = result.status
    let waiting = stream.asked[stream.answered]
    throw .failed(
      DiscoveryError(
        "\(version.service) ended \(status.code.canonicalName) before answering \(waiting)"
          + (status.message.isEmpty ? "" : ": " + InertText.make(status.message)),
        connectionFailed: result.outcome.connectionFailed))
  }

  private func unexpected(
    _ answer: ServerReflectionAnswer?, to asked: String, version: ReflectionVersion
  ) -> DiscoveryError {
    switch answer {
    case .errorResponse(let error)?:
      let code = Status.Code(rawValue: Int(error.errorCode))?.canonicalName ?? "\(error.errorCode)"
      return DiscoveryError(
        "\(version.service) answered \(asked) with an error: \(code)"
          + (error.errorMessage.isEmpty ? "" : ": " + InertText.make(error.errorMessage)))
    case nil:
      return DiscoveryError("\(version.service) answered \(asked) with an empty response")
    case let other?:
      return DiscoveryError("\(version.service) answered \(asked) with \(Self.name(of: other))")
    }
  }

  private static func name(of answer: ServerReflectionAnswer) -> String {
    switch answer {
    case .fileDescriptorResponse: "file_descriptor_response"
    case .allExtensionNumbersResponse: "all_extension_numbers_response"
    case .listServicesResponse: "list_services_response"
    case .errorResponse: "error_response"
    }
  }

  /// Why a stream that answered nothing says the version is not served, or nil when it failed
  /// for another reason (deadline, connection, ...).
  static func notServed(_ result: CallResult) -> String? {
    let outcome = result.outcome
    if outcome.connectionFailed { return nil }
    let missing = [404, 405, 415, 501]
    if let http = outcome.httpStatus, missing.contains(http) { return "HTTP \(http)" }
    // A proxy's 502 page or a 401 is a failure, not a server without reflection.
    if let body = outcome.nonGRPCBody, outcome.httpStatus == 200 {
      return "the response is not gRPC (content-type \(body.contentType ?? "none"))"
    }
    if outcome.status.code == .unimplemented { return "UNIMPLEMENTED" }
    if outcome.httpStatus == nil {
      for captured in result.frames {
        // REFUSED_STREAM and ENHANCE_YOUR_CALM say "not now", not "not here".
        guard case .frame(let frame) = captured.item, frame.direction == .inbound,
          case .rstStream(let code) = frame.payload, code != 0x7, code != 0xB
        else { continue }
        return "stream reset (\(HTTP2Names.errorCode(code))) before response headers"
      }
    }
    return nil
  }

  /// The discovery connection's own frames and its calls', in the connection's order, and its
  /// TLS handshake's facts.
  private static func frames(of client: ClientCore, calls: [DiscoveryCall]) async
    -> (frames: [CapturedItem], tls: TLSFacts?)
  {
    var items = calls.flatMap(\.result.frames)
    var tls: TLSFacts?
    for await event in client.connectionEvents {
      switch event {
      case .captured(let item, _): items.append(item)
      case .connected(_, _, let facts): tls = tls ?? facts
      case .closed: break
      }
    }
    return (items.sorted { $0.sequence < $1.sequence }, tls)
  }
}

typealias ServerReflectionAnswer = Grpc_Reflection_V1_ServerReflectionResponse.OneOf_MessageResponse
