import NIOCore
import NIOExtras

/// The connection's bytes as a pcap file, made by swift-nio-extras' `NIOWritePCAPHandler` (which
/// synthesizes the TCP/IP headers from the channel's addresses): tshark and Wireshark open it.
enum PCAPRecorder {
  static func handler(sink: @escaping @Sendable (ByteBuffer) -> Void) -> NIOWritePCAPHandler {
    NIOWritePCAPHandler(mode: .client, fileSink: sink)
  }

}
