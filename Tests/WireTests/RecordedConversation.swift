import NIOCore
import NIOEmbedded
import NIOHPACK
import NIOHTTP2
import Wire

/// The bytes of a real HTTP/2 conversation, made by NIOHTTP2's own client and server handlers
/// talking through memory: fixtures from a real encoder, not hand-typed guesses.
struct RecordedConversation {
  /// Each write as it left one side, in order.
  var chunks: [(direction: Wire.Direction, bytes: [UInt8])] = []

  var outbound: [UInt8] { chunks.filter { $0.direction == .outbound }.flatMap(\.bytes) }
  var inbound: [UInt8] { chunks.filter { $0.direction == .inbound }.flatMap(\.bytes) }

  /// A client and a server `NIOHTTP2Handler` in `EmbeddedChannel`s, with a pump moving bytes.
  final class Pair {
    let client: EmbeddedChannel
    let server: EmbeddedChannel
    private(set) var recording = RecordedConversation()

    init(
      clientSettings: HTTP2Settings = nioDefaultSettings,
      serverSettings: HTTP2Settings = nioDefaultSettings
    ) throws {
      client = EmbeddedChannel(
        handler: NIOHTTP2Handler(mode: .client, initialSettings: clientSettings)
      )
      server = EmbeddedChannel(
        handler: NIOHTTP2Handler(mode: .server, initialSettings: serverSettings)
      )
      try client.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
      try server.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 2)).wait()
      try pump()
    }

    func clientSends(_ frame: HTTP2Frame) throws {
      try client.writeOutbound(frame)
      try pump()
    }

    func serverSends(_ frame: HTTP2Frame) throws {
      try server.writeOutbound(frame)
      try pump()
    }

    /// Moves bytes both ways until neither side has anything more to say; frames the handlers
    /// pass up are discarded.
    func pump() throws {
      var moved = true
      while moved {
        moved = false
        while let buffer = try client.readOutbound(as: ByteBuffer.self) {
          recording.chunks.append((.outbound, Array(buffer.readableBytesView)))
          try server.writeInbound(buffer)
          moved = true
        }
        while let buffer = try server.readOutbound(as: ByteBuffer.self) {
          recording.chunks.append((.inbound, Array(buffer.readableBytesView)))
          try client.writeInbound(buffer)
          moved = true
        }
        while try client.readInbound(as: HTTP2Frame.self) != nil {}
        while try server.readInbound(as: HTTP2Frame.self) != nil {}
      }
    }
  }

  /// A gRPC unary call: request headers and a length-prefixed message with END_STREAM, then
  /// response headers, a message, and trailers.
  static func unaryCall(
    path: String = "/helloworld.Greeter/SayHello",
    request: [UInt8],
    reply: [UInt8],
    extraRequestHeaders: [(String, String)] = []
  ) throws -> RecordedConversation {
    let pair = try Pair()
    try pair.clientSends(
      HTTP2Frame(
        streamID: 1, payload: .headers(.init(headers: requestHeaders(path, extraRequestHeaders)))))
    try pair.clientSends(
      HTTP2Frame(
        streamID: 1, payload: .data(.init(data: .byteBuffer(grpcFrame(request)), endStream: true))))
    try pair.serverSends(
      HTTP2Frame(
        streamID: 1,
        payload: .headers(.init(headers: [":status": "200", "content-type": "application/grpc"]))))
    try pair.serverSends(
      HTTP2Frame(streamID: 1, payload: .data(.init(data: .byteBuffer(grpcFrame(reply))))))
    try pair.serverSends(
      HTTP2Frame(
        streamID: 1,
        payload: .headers(
          .init(headers: ["grpc-status": "0", "grpc-message": "all%20good"], endStream: true))
      )
    )
    return pair.recording
  }

  static func requestHeaders(_ path: String, _ extra: [(String, String)] = []) -> HPACKHeaders {
    var headers: HPACKHeaders = [
      ":method": "POST", ":scheme": "http", ":path": path, ":authority": "127.0.0.1:50051",
      "content-type": "application/grpc", "te": "trailers",
    ]
    for (name, value) in extra { headers.add(name: name, value: value) }
    return headers
  }

  static func grpcFrame(_ message: [UInt8], compressed: Bool = false) -> ByteBuffer {
    var buffer = ByteBuffer()
    buffer.writeInteger(UInt8(compressed ? 1 : 0))
    buffer.writeInteger(UInt32(message.count))
    buffer.writeBytes(message)
    return buffer
  }
}
