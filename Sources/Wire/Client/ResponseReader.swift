import GRPCCore
import NIOCore
import NIOHPACK

/// Reads one call's response — HEADERS, DATA, trailers — the way the gRPC over HTTP/2 spec says,
/// and explains responses that are not gRPC instead of hiding them. Pure: frames in, outputs out.
struct ResponseReader {
  enum Output {
    case event(CallEvent)
    /// The call is over; reset the stream first when `resetStream` (we stop reading it).
    case finish(Status, resetStream: Bool)
  }

  private enum Phase {
    case awaitingHeaders
    case messages(ByteBuffer)
    /// A response that is not gRPC: keep the start of its body to show.
    case body(contentType: String?, bytes: [UInt8])
    case done
  }

  /// How much of a non-gRPC body is kept to show.
  static let bodyPreviewLimit = 64 << 10

  let maxReceiveMessageBytes: Int
  private var phase = Phase.awaitingHeaders
  private(set) var httpStatus: Int?
  /// The response's `grpc-encoding`: how its messages flagged compressed are compressed.
  private var encoding: String?
  private(set) var nonGRPCBody: (contentType: String?, bytes: [UInt8])?

  init(maxReceiveMessageBytes: Int) {
    self.maxReceiveMessageBytes = maxReceiveMessageBytes
  }

  var isDone: Bool { if case .done = phase { true } else { false } }

  /// A response message cut short: how much of it arrived, and how long it said it was.
  var partialMessage: (received: Int, expected: Int?)? {
    guard case .messages(let buffer) = phase, buffer.readableBytes > 0 else { return nil }
    let expected =
      buffer.readableBytes >= 5
      ? buffer.getInteger(at: buffer.readerIndex + 1, as: UInt32.self).map { Int($0) } : nil
    return (max(0, buffer.readableBytes - 5), expected)
  }

  mutating func headers(_ headers: HPACKHeaders, endStream: Bool) -> [Output] {
    switch phase {
    case .awaitingHeaders:
      guard let status = headers.first(name: ":status").flatMap({ Int($0) }) else {
        return finish(.internalError, "response HEADERS without a valid :status")
      }
      if (100..<200).contains(status) { return [] }  // informational; the real response follows
      httpStatus = status
      let contentType = headers.first(name: "content-type")
      let isGRPC = contentType?.hasPrefix("application/grpc") ?? false
      if endStream, headers.first(name: "grpc-status") != nil {
        // Trailers-only: the whole response is one HEADERS frame.
        return [.event(.responseHeaders(httpStatus: status, Self.metadata(headers)))]
          + trailers(headers)
      }
      guard status == 200, isGRPC else {
        phase = .body(contentType: contentType, bytes: [])
        let event = Output.event(.responseHeaders(httpStatus: status, Self.metadata(headers)))
        return [event] + (endStream ? finishNonGRPC() : [])
      }
      phase = .messages(ByteBuffer())
      encoding = headers.first(name: "grpc-encoding")
      var outputs: [Output] = [.event(.responseHeaders(httpStatus: status, Self.metadata(headers)))]
      if endStream {
        outputs += finish(
          .unknown, "server ended the stream after its headers, without grpc-status")
      }
      return outputs

    case .messages(let buffer):
      guard endStream else {
        return finish(
          .internalError, "server sent a second HEADERS without END_STREAM", reset: true)
      }
      if buffer.readableBytes > 0 {
        return [.event(.trailers(Self.metadata(headers)))]
          + finish(
            .internalError,
            "stream ended inside a message (\(buffer.readableBytes) bytes of it received)")
      }
      return trailers(headers)

    case .body:
      return endStream ? finishNonGRPC() : []

    case .done:
      return []
    }
  }

  mutating func data(_ data: ByteBuffer, endStream: Bool) -> [Output] {
    switch phase {
    case .awaitingHeaders:
      return finish(
        .internalError, "server sent DATA before its response HEADERS", reset: !endStream)

    case .messages(var buffer):
      phase = .done  // not holding a second reference while the buffer grows
      var incoming = data
      buffer.writeBuffer(&incoming)
      var outputs: [Output] = []
      while buffer.readableBytes >= 5 {
        let compressed = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self)!
        let length = Int(buffer.getInteger(at: buffer.readerIndex + 1, as: UInt32.self)!)
        if length > maxReceiveMessageBytes {
          return outputs
            + finish(
              .resourceExhausted,
              "received a message of \(length) bytes, over the limit of \(maxReceiveMessageBytes) bytes",
              reset: !endStream
            )
        }
        guard buffer.readableBytes >= 5 + length else { break }
        buffer.moveReaderIndex(forwardBy: 5)
        let body = buffer.readBytes(length: length)!
        guard compressed & 1 != 0 else {
          outputs.append(.event(.message(body)))
          continue
        }
        // gzip and deflate are offered (grpc-accept-encoding); the decompressed size is
        // bounded like any message's.
        guard let name = encoding, let compression = MessageCompression(rawValue: name) else {
          let said = encoding.map { "grpc-encoding \($0)" } ?? "no grpc-encoding"
          return outputs
            + finish(
              .internalError,
              "server sent a compressed message with \(said): only gzip and deflate are offered",
              reset: !endStream)
        }
        do {
          let plain = try compression.decompress(body, limit: maxReceiveMessageBytes)
          outputs.append(.event(.message(plain)))
        } catch {
          let code: Status.Code =
            if case .tooLarge = error { .resourceExhausted } else { .internalError }
          return outputs
            + finish(code, "a \(name) message of \(length) bytes \(error)", reset: !endStream)
        }
      }
      buffer.discardReadBytes()
      phase = .messages(buffer)
      if endStream {
        outputs += finish(
          .internalError, "server ended the stream without trailers (no grpc-status)")
      }
      return outputs

    case .body(let contentType, var bytes):
      let room = max(0, Self.bodyPreviewLimit - bytes.count)
      bytes += data.readableBytesView.prefix(room)
      phase = .body(contentType: contentType, bytes: bytes)
      return endStream ? finishNonGRPC() : []

    case .done:
      return []
    }
  }

  /// The server reset the stream.
  mutating func reset(errorCode: UInt32) -> [Output] {
    guard !isDone else { return [] }
    let name = HTTP2Names.errorCode(errorCode)
    return finish(
      StatusMapping.status(forReset: errorCode),
      "stream reset by the server: RST_STREAM \(name) (\(hex(errorCode)))")
  }

  private mutating func trailers(_ headers: HPACKHeaders) -> [Output] {
    let outputs: [Output] = [.event(.trailers(Self.metadata(headers)))]
    guard let text = headers.first(name: "grpc-status") else {
      return outputs + finish(.unknown, "server sent trailers without grpc-status")
    }
    guard let number = Int(text), let code = Status.Code(rawValue: number) else {
      return outputs + finish(.unknown, "server sent an invalid grpc-status: \(text)")
    }
    let message = headers.first(name: "grpc-message").map(StatusMapping.percentDecoded) ?? ""
    phase = .done
    return outputs + [.finish(Status(code: code, message: message), resetStream: false)]
  }

  private mutating func finishNonGRPC() -> [Output] {
    guard case .body(let contentType, let bytes) = phase, let httpStatus else { return [] }
    nonGRPCBody = (contentType, bytes)
    let mapped =
      httpStatus == 200
      ? Status(code: .unknown, message: "HTTP 200") : Status(httpStatusCode: httpStatus)
    let type = contentType.map { "content-type \($0)" } ?? "no content-type"
    return finish(
      mapped.code, "\(mapped.message) (\(type), \(bytes.count) bytes of body): not a gRPC response")
  }

  private mutating func finish(_ code: Status.Code, _ message: String, reset: Bool = false)
    -> [Output]
  {
    phase = .done
    return [.finish(Status(code: code, message: message), resetStream: reset)]
  }

  /// Response headers as GRPCCore `Metadata`, pseudo-headers left out; `-bin` values decoded.
  static func metadata(_ headers: HPACKHeaders) -> Metadata {
    var metadata = Metadata()
    // gRPC sends `-bin` values as base64, padded or not (gRPC over HTTP/2 spec).
    for (name, value, _) in headers where !name.hasPrefix(":") {
      if name.hasSuffix("-bin"), let bytes = Base64.decode(value) {
        metadata.addBinary(bytes, forKey: name)
      } else {
        metadata.addString(value, forKey: name)
      }
    }
    return metadata
  }
}
