// swift-tools-version:6.1
// libFuzzer targets for the passive decoder and the codec, both in `WireFormat`; built and run by scripts/fuzz.sh
// (`make fuzz`), scratch folder .build-fuzz. A separate package so the main build never compiles
// with the fuzzer's sanitizers.
import Foundation
import PackageDescription

// A path dependency's identity is the last component of its path: the folder the repository was
// cloned into, whatever that is called.
let repositoryRoot = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let mainPackage = repositoryRoot.lastPathComponent.lowercased()

let package = Package(
  name: "greeter-tui-fuzz",
  platforms: [.macOS(.v15)],
  dependencies: [
    .package(path: "../.."),
    // Already a dependency of the main package: the same version is used.
    .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
  ],
  targets: [
    .executableTarget(
      name: "DecoderFuzzer",
      dependencies: [
        .product(name: "WireFormat", package: mainPackage),
        .product(name: "GreeterProtos", package: mainPackage),
        .product(name: "SwiftProtobuf", package: "swift-protobuf"),
      ]
    ),
    .executableTarget(
      name: "CodecFuzzer",
      dependencies: [
        .product(name: "WireFormat", package: mainPackage),
        .product(name: "GreeterProtos", package: mainPackage),
      ]
    ),
  ]
)
