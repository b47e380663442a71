import Foundation
import GreeterProtos
import WireFormat

// libFuzzer's entry point for the dynamic codec in `WireFormat`: binary decode with a schema and
// JSON parse, with the round-trip properties of `CodecProperties` (its comment has the input
// layout: byte 0 picks binary or JSON and one of the message types of the kitchen-sink schema,
// its well-known types and the Greeter's). A broken property is a crash, so libFuzzer keeps the
// input. The seed corpus is Tests/WireFormatTests/Fuzz/seed (tools/fuzz/make_codec_seeds.py).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let input = Array(UnsafeBufferPointer(start: data, count: size))
  if let failure = properties.check(input) { fatalError("codec property: \(failure)") }
  return 0
}

// As in DecoderFuzzer: SwiftPM renames an executable's `main` to `<module>_main`, which hides
// libFuzzer's; this starts libFuzzer's driver instead.
@_cdecl("CodecFuzzer_main")
public func entryPoint(
  _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
) -> CInt {
  _ = properties  // load the schema before the first input, not during it
  var argc = argc
  var argv = argv
  return runFuzzerDriver(&argc, &argv, fuzz)
}

@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(
  _ argc: UnsafeMutablePointer<CInt>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
  _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// The kitchen-sink schema (with the well-known types it imports) and the Greeter's. The
/// kitchen sink's descriptor set is read from CODEC_FUZZ_PROTOSET (scripts/fuzz.sh sets it), else
/// from the repository this source file is in.
private let properties: CodecProperties = {
  let path =
    ProcessInfo.processInfo.environment["CODEC_FUZZ_PROTOSET"]
    ?? URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Tests/WireFormatTests/Fixtures/kitchen_sink.protoset").path
  guard let kitchenSink = FileManager.default.contents(atPath: path) else {
    fatalError("CodecFuzzer: cannot read the kitchen-sink descriptor set at \(path)")
  }
  do {
    let catalog = try Catalog(descriptorSets: [Array(kitchenSink), GreeterDescriptorSet.bytes])
    return CodecProperties(catalog: catalog)
  } catch {
    fatalError("CodecFuzzer: the schema does not load: \(error)")
  }
}()
