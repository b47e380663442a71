import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The least a gRPC client can do for a unary SayHello: one thread, a blocking socket, the
/// request's bytes prepared once (HPACK literals, so every call's block is the same), one write
/// per call, and reads until the trailers' END_STREAM; SETTINGS and PING answered, nothing
/// decoded. No real client can be faster on this machine: its latency is the floor under any
/// client's, which says how far a latency goal stated against another client can be reached.
enum FloorClient {
  static func run(_ target: (host: String, port: Int), calls: Int, warmup: Int) async throws
    -> Measurement
  {
    let socket = try connect(target)
    defer { close(socket) }
    var reader = FrameReader(socket: socket)
    // Preface, our SETTINGS (empty: defaults), and a large connection window for the replies.
    var hello = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)
    hello += frame(type: 0x4, flags: 0, stream: 0, payload: [])
    hello += frame(type: 0x8, flags: 0, stream: 0, payload: bytes(UInt32(1 << 30)))
    try send(socket, hello)
    let block = headerBlock(authority: "\(target.host):\(target.port)")
    let data: [UInt8] = [0, 0, 0, 0, UInt8(UnaryBench.request.count)] + UnaryBench.request
    return try await Measurement.loop(calls: calls, warmup: warmup) { index in
      let stream = UInt32(2 * index + 1)
      try send(
        socket,
        frame(type: 0x1, flags: 0x4, stream: stream, payload: block)
          + frame(type: 0x0, flags: 0x1, stream: stream, payload: data))
      var replied = false
      while true {
        let (type, flags, id, payload) = try reader.next()
        switch type {
        case 0x4 where flags & 0x1 == 0:
          try send(socket, frame(type: 0x4, flags: 0x1, stream: 0, payload: []))
        case 0x6 where flags & 0x1 == 0:
          try send(socket, frame(type: 0x6, flags: 0x1, stream: 0, payload: payload))
        case 0x0 where id == stream:
          replied =
            payload.count == 5 + UnaryBench.reply.count
            && Array(payload.dropFirst(5)) == UnaryBench.reply
        case 0x1 where id == stream && flags & 0x1 != 0:
          guard replied else { throw BenchError("call \(index): no reply before the trailers") }
          return
        case 0x3 where id == stream, 0x7:
          throw BenchError("call \(index): the server sent frame type \(type)")
        default:
          break
        }
      }
    }
  }

  /// :method POST, :scheme http (static table), then literals without indexing: :path,
  /// :authority and content-type with indexed names, te with a new name.
  static func headerBlock(authority: String) -> [UInt8] {
    func string(_ text: String) -> [UInt8] { [UInt8(text.utf8.count)] + Array(text.utf8) }
    return [0x83, 0x86] + [0x04] + string(UnaryBench.path) + [0x01] + string(authority)
      + [0x0F, 0x10] + string("application/grpc") + [0x00] + string("te") + string("trailers")
  }

  static func frame(type: UInt8, flags: UInt8, stream: UInt32, payload: [UInt8]) -> [UInt8] {
    let length = UInt32(payload.count)
    return [
      UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF), type, flags,
    ]
      + bytes(stream) + payload
  }

  static func bytes(_ value: UInt32) -> [UInt8] { withUnsafeBytes(of: value.bigEndian, Array.init) }

  static func connect(_ target: (host: String, port: Int)) throws -> Int32 {
    #if canImport(Glibc)
      let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
      let descriptor = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard descriptor >= 0 else { throw BenchError("socket: \(errno)") }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr(target.host)
    address.sin_port = UInt16(target.port).bigEndian
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard connected == 0 else { throw BenchError("connect \(target): errno \(errno)") }
    var on: Int32 = 1
    setsockopt(
      descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
    return descriptor
  }

  static func send(_ socket: Int32, _ bytes: [UInt8]) throws {
    var sent = 0
    while sent < bytes.count {
      let count = bytes[sent...].withUnsafeBytes { write(socket, $0.baseAddress, $0.count) }
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else { throw BenchError("write: errno \(errno)") }
      sent += count
    }
  }

  /// Frames from a blocking socket, read in large chunks.
  struct FrameReader {
    let socket: Int32
    var buffer: [UInt8] = []
    var start = 0

    init(socket: Int32) { self.socket = socket }

    mutating func next() throws -> (type: UInt8, flags: UInt8, stream: UInt32, payload: [UInt8]) {
      while true {
        if buffer.count - start >= 9 {
          let length =
            Int(buffer[start]) << 16 | Int(buffer[start + 1]) << 8 | Int(buffer[start + 2])
          if buffer.count - start >= 9 + length {
            let type = buffer[start + 3]
            let flags = buffer[start + 4]
            let stream =
              (5..<9).reduce(UInt32(0)) { $0 << 8 | UInt32(buffer[start + $1]) } & 0x7FFF_FFFF
            let payload = Array(buffer[(start + 9)..<(start + 9 + length)])
            start += 9 + length
            return (type, flags, stream, payload)
          }
        }
        if start > 0 {
          buffer.removeFirst(start)
          start = 0
        }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { read(socket, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { continue }
        guard count > 0 else {
          throw BenchError("read: \(count < 0 ? "errno \(errno)" : "closed")")
        }
        buffer += chunk[..<count]
      }
    }
  }
}
