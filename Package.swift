// swift-tools-version:6.1
import PackageDescription

let package = Package(
  name: "greeter-tui",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "greeter-tui", targets: ["greeter-tui"]),
    // For the packages in tools/ (fuzzing, benchmarks) that build against the decoder and client.
    .library(name: "Wire", targets: ["Wire"]),
    .library(name: "WireFormat", targets: ["WireFormat"]),
    .library(name: "GreeterProtos", targets: ["GreeterProtos"]),
    .library(name: "GreeterServer", targets: ["GreeterServer"]),
    .library(name: "Discovery", targets: ["Discovery"]),
    .library(name: "Explorer", targets: ["Explorer"]),
  ],
  dependencies: [
    .package(url: "https://github.com/grpc/grpc-swift-2.git", from: "2.4.3"),
    .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", from: "2.9.2"),
    .package(url: "https://github.com/grpc/grpc-swift-protobuf.git", from: "2.4.1"),
    .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
    .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    .package(url: "https://github.com/apple/swift-nio-http2.git", from: "1.46.0"),
    .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    // TLS for the client core (already under grpc-swift-nio-transport) and the server's
    // certificate checked and described with swift-certificates, hashed with swift-crypto.
    .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
    .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
    .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
  ],
  targets: [
    // Generated from protos/helloworld.proto by scripts/generate-protos.sh; never edited by hand.
    .target(
      name: "GreeterProtos",
      dependencies: [
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ]
    ),
    // Generated from protos/grpc/ (reflection v1 and v1alpha, health v1) by
    // scripts/generate-protos.sh; never edited by hand.
    .target(
      name: "StandardServiceProtos",
      dependencies: [
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ]
    ),
    .target(
      name: "GreeterServer",
      dependencies: [
        "GreeterProtos",
        "StandardServiceProtos",
        "WireFormat",
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTP2", package: "swift-nio-http2"),
        .product(name: "NIOHPACK", package: "swift-nio-http2"),
        .product(name: "X509", package: "swift-certificates"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "SwiftASN1", package: "swift-asn1"),
      ]
    ),
    // Bytes and schemas, nothing else (no channels, no event loops): the passive HTTP/2 + HPACK +
    // gRPC + protobuf decoder, the descriptor catalog, the dynamic protobuf codec (binary ⇄ proto3
    // JSON), the JSON reader and writer, text made safe to show. Knows no service: schemas are data.
    .target(
      name: "WireFormat",
      dependencies: [
        "CZlib",
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOHPACK", package: "swift-nio-http2"),
      ]
    ),
    // The client core: the NIO pipeline, the byte tap, calls, pcap. Knows no service either.
    .target(
      name: "Wire",
      dependencies: [
        "WireFormat",
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTP2", package: "swift-nio-http2"),
        .product(name: "NIOHPACK", package: "swift-nio-http2"),
        .product(name: "NIOExtras", package: "swift-nio-extras"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "NIOTLS", package: "swift-nio"),
        .product(name: "X509", package: "swift-certificates"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "SwiftASN1", package: "swift-asn1"),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ]
    ),
    // Where schemas come from: server reflection (v1, falling back to v1alpha) over the client
    // core, so discovery is a call with frames like any other; protosets; .proto files via protoc.
    .target(
      name: "Discovery",
      dependencies: [
        "Wire",
        "WireFormat",
        "StandardServiceProtos",
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ]
    ),
    // The explorer's pure side: state, update, render to cells, text that is safe to show.
    .target(
      name: "Explorer",
      dependencies: ["Wire", "WireFormat", "CWidth"]
    ),
    // zlib itself (Debian's zlib1g-dev, under every Swift toolchain's Foundation anyway) for gRPC's
    // gzip and deflate: one function each way with a bound on the output is all gRPC needs, so a
    // system library target rather than a package (compress-nio's bounded decompression grows
    // its buffers by guesswork and would be a second copy of the same zlib calls).
    .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
    // wcwidth(3), which Swift's Glibc module does not declare.
    .target(name: "CWidth"),
    // ncursesw (module map + shim header): only Terminal imports it.
    .systemLibrary(name: "CNcursesw", providers: [.apt(["libncurses-dev"])]),
    // The only code that calls curses: set up and restore, read keys, draw a Grid.
    .target(name: "Terminal", dependencies: ["CNcursesw", "Explorer"]),
    .executableTarget(
      name: "greeter-tui",
      dependencies: [
        "GreeterServer",
        "GreeterProtos",
        "StandardServiceProtos",
        "Discovery",
        "Wire",
        "WireFormat",
        "Explorer",
        "Terminal",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOExtras", package: "swift-nio-extras"),
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // Clients, processes and paths the test targets share.
    .target(
      name: "GreeterTestSupport",
      dependencies: [
        "GreeterServer",
        "GreeterProtos",
        "Wire",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTP2", package: "swift-nio-http2"),
        .product(name: "NIOHPACK", package: "swift-nio-http2"),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
      ],
      path: "Tests/GreeterTestSupport"
    ),
    .testTarget(
      name: "WireTests",
      dependencies: [
        "Wire",
        "WireFormat",
        "GreeterProtos",
        "GreeterTestSupport",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOHTTP2", package: "swift-nio-http2"),
        .product(name: "NIOHPACK", package: "swift-nio-http2"),
        .product(name: "NIOEmbedded", package: "swift-nio"),
      ],
      exclude: ["Fixtures", "Fuzz"]
    ),
    .testTarget(
      name: "ExplorerTests",
      dependencies: [
        "Explorer",
        "Wire",
        "WireFormat",
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOHPACK", package: "swift-nio-http2"),
        "GreeterProtos",
      ],
      exclude: ["Goldens"]
    ),
    .testTarget(
      name: "GreeterServerTests",
      dependencies: [
        "GreeterServer",
        "GreeterProtos",
        "StandardServiceProtos",
        "GreeterTestSupport",
        "WireFormat",
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "GRPCInProcessTransport", package: "grpc-swift-2"),
        .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        .product(name: "NIOHPACK", package: "swift-nio-http2"),
      ]
    ),
    // End-to-end: the built `greeter-tui` binary and Python grpcio peers.
    .testTarget(
      name: "InteropTests",
      dependencies: [
        "GreeterProtos",
        "StandardServiceProtos",
        "Discovery",
        "WireFormat",
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        "Explorer",
        "Wire",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        "GreeterServer",
        "GreeterTestSupport",
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
      ],
      exclude: ["Python", "Certificates"]
    ),
    .testTarget(name: "TerminalTests", dependencies: ["Terminal", "Explorer"]),
    .testTarget(
      name: "WireFormatTests",
      dependencies: [
        "WireFormat", "GreeterProtos", "GreeterTestSupport",
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ],
      exclude: ["Fixtures", "Fuzz", "Python"]
    ),
  ]
)
