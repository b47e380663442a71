import GRPCCore
import Wire

/// Reports each finished RPC as one line: method, peer, status and duration, e.g.
/// `/helloworld.Greeter/SayHello peer=ipv4:127.0.0.1:53124 status=OK duration=0.21ms`.
///
/// An RPC ends when its response stream has been written (or it failed), not when the handler
/// returns its first response, so streaming calls are timed whole.
public struct RPCLogInterceptor: ServerInterceptor {
  private let write: @Sendable (String) -> Void

  public init(write: @escaping @Sendable (String) -> Void) {
    self.write = write
  }

  public func intercept<Input: Sendable, Output: Sendable>(
    request: StreamingServerRequest<Input>,
    context: ServerContext,
    next:
      @Sendable (StreamingServerRequest<Input>, ServerContext) async throws ->
      StreamingServerResponse<Output>
  ) async throws -> StreamingServerResponse<Output> {
    let start = ContinuousClock.now
    let method = "/\(context.descriptor.fullyQualifiedMethod)"
    let peer = context.remotePeer
    let report: @Sendable ((code: Status.Code, message: String)) -> Void = { [write] status in
      let micros = (ContinuousClock.now - start).wholeNanoseconds / 1000
      let detail = status.message.isEmpty ? "" : " message=\(InertText.quoted(status.message))"
      write(
        "\(method) peer=\(peer) status=\(status.code.canonicalName)\(detail) duration=\(Self.milliseconds(micros))"
      )
    }

    var response: StreamingServerResponse<Output>
    do {
      response = try await next(request, context)
    } catch {
      report(Self.status(of: error, context: context))
      throw error
    }

    switch response.accepted {
    case .success(var contents):
      let producer = contents.producer
      contents.producer = { writer in
        do {
          let trailers = try await producer(writer)
          report((.ok, ""))
          return trailers
        } catch {
          report(Self.status(of: error, context: context))
          throw error
        }
      }
      response.accepted = .success(contents)
    case .failure(let error):
      report((Status.Code(error.code), error.message))
    }
    return response
  }

  /// The status the client ends up with when a handler throws `error`. A handler whose call was
  /// cancelled (the client reset the stream, or the server cut it off while stopping) throws
  /// `CancellationError`; grpc-swift-2 would say UNKNOWN, but the stream is gone by then and the
  /// client has CANCELLED.
  private static func status(of error: any Error, context: ServerContext) -> (Status.Code, String) {
    if error is CancellationError || context.cancellation.isCancelled {
      return (.cancelled, "the call was cancelled before it finished")
    }
    if let error = error as? any RPCErrorConvertible {
      return (Status.Code(error.rpcErrorCode), error.rpcErrorMessage)
    }
    return (.unknown, "\(error)")
  }

  private static func milliseconds(_ micros: Int64) -> String {
    let tenths = micros / 10
    let whole = tenths / 100
    let fraction = tenths % 100
    return "\(whole).\(fraction < 10 ? "0" : "")\(fraction)ms"
  }
}
