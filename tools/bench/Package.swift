// swift-tools-version:6.1
// `make bench` (scripts/bench.sh): release-build benchmarks of the client core and the passive
// decoder against grpc-swift-2's client and Python grpcio, scratch folder .build-bench. A separate
// package so the main build never compiles it; it builds against the main package's `Wire` and
// `GreeterServer` and the same grpc-swift-2 / grpc-swift-nio-transport the main package pins.
import Foundation
import PackageDescription

// A path dependency's identity is the last component of its path: the folder the repository was
// cloned into, whatever that is called.
let repositoryRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let mainPackage = repositoryRoot.lastPathComponent.lowercased()

let package = Package(
  name: "greeter-tui-bench",
  platforms: [.macOS(.v15)],
  dependencies: [
    .package(path: "../.."),
    // Already dependencies of the main package: the same versions are used.
    .package(url: "https://github.com/grpc/grpc-swift-2.git", from: "2.4.3"),
    .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", from: "2.9.2"),
    .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
  ],
  targets: [
    .executableTarget(
      name: "GreeterBench",
      dependencies: [
        .product(name: "Wire", package: mainPackage),
        .product(name: "GreeterServer", package: mainPackage),
        .product(name: "Explorer", package: mainPackage),
        .product(name: "WireFormat", package: mainPackage),
        .product(name: "GreeterProtos", package: mainPackage),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
        .product(name: "GRPCCore", package: "grpc-swift-2"),
        .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
      ]
    )
  ]
)
