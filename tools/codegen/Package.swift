// swift-tools-version:6.1
// Builds the two protoc plugins at the versions the main package pins, for scripts/generate-protos.sh.
// A separate package so the main build never compiles protoc or the plugins.
import PackageDescription

let package = Package(
  name: "codegen-tools",
  dependencies: [
    .package(url: "https://github.com/apple/swift-protobuf.git", exact: "1.39.0"),
    .package(url: "https://github.com/grpc/grpc-swift-protobuf.git", exact: "2.4.1"),
  ],
  targets: []
)
