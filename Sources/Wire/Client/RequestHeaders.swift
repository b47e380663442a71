import NIOHPACK

/// The HEADERS a gRPC request starts with (gRPC over HTTP/2, "Requests"), plus the caller's
/// metadata in order.
enum RequestHeaders {
  static let userAgent = "greeter-tui/0.1 (swift-nio-http2)"

  static func make(
    path: String, authority: String, scheme: String = "http", options: ClientCallOptions,
    remaining: Duration?
  )
    -> HPACKHeaders
  {
    var headers: HPACKHeaders = [
      ":method": "POST",
      ":scheme": scheme,
      ":path": path,
      ":authority": authority,
      "content-type": "application/grpc",
      "te": "trailers",
    ]
    if let remaining {
      headers.add(name: "grpc-timeout", value: StatusMapping.timeoutHeader(remaining))
    }
    headers.add(name: "user-agent", value: userAgent)
    if let compression = options.compression {
      headers.add(name: "grpc-encoding", value: compression.rawValue)
    }
    // identity is implied (the gRPC compression spec).
    headers.add(name: "grpc-accept-encoding", value: "gzip, deflate")
    for (name, value) in options.metadata {
      headers.add(name: name, value: value)
    }
    return headers
  }
}
