import GreeterProtos
import SwiftProtobuf
import Wire

/// The Greeter's catalog, from the descriptor set the codegen script writes.
let greeterCatalog: Catalog = {
  do {
    return try Catalog(descriptorSets: [GreeterDescriptorSet.bytes])
  } catch {
    fatalError("the generated descriptor set does not parse: \(error)")
  }
}()

func helloRequest(_ name: String) -> [UInt8] {
  // swift-protobuf encodes; the decoder under test must read what it wrote.
  (try? Helloworld_HelloRequest.with { $0.name = name }.serializedBytes()) ?? []
}

func helloReply(_ message: String) -> [UInt8] {
  (try? Helloworld_HelloReply.with { $0.message = message }.serializedBytes()) ?? []
}

/// Decodes a whole conversation, chunk by chunk as it was written.
func decode(_ recording: RecordedConversation) -> [DecodedItem] {
  var decoder = ConnectionDecoder()
  return recording.chunks.flatMap { decoder.feed($0.bytes, direction: $0.direction) }
}

extension DecodedItem {
  var frame: DecodedFrame? {
    if case .frame(let frame) = self { frame } else { nil }
  }
}

extension Array where Element == DecodedItem {
  var frames: [DecodedFrame] { compactMap(\.frame) }
  var errors: [DecodeError] {
    compactMap { if case .error(let error) = $0 { error } else { nil } }
  }
}

extension DecodedFrame {
  var headerBlock: HeaderBlock? {
    switch payload {
    case .headers(let headers), .continuation(let headers), .pushPromise(_, let headers):
      return headers.block
    default: return nil
    }
  }

  var grpcMessages: [GRPCMessage] {
    if case .data(let data) = payload, case .grpc(let messages, _) = data.content {
      return messages
    }
    return []
  }
}

/// Bytes from a hex string such as "8286 8441"; spaces ignored.
func bytes(hex: String) -> [UInt8] {
  let digits = hex.filter(\.isHexDigit)
  return stride(from: 0, to: digits.count, by: 2).map { offset in
    let start = digits.index(digits.startIndex, offsetBy: offset)
    return UInt8(digits[start...digits.index(after: start)], radix: 16)!
  }
}
