import NIOCore
import WireFormat

/// Turns the tap's bytes into timestamped, ordered frames with the passive decoder, and hands each
/// to `route`. One per connection: HPACK state is per connection.
final class FrameCapture {
  private var decoder: ConnectionDecoder
  private var sequence = 0
  private let route: (CapturedItem) -> Void

  init(route: @escaping (CapturedItem) -> Void) {
    decoder = ConnectionDecoder()
    self.route = route
  }

  func record(_ direction: Direction, _ buffer: ByteBuffer) {
    emit(decoder.feed(buffer.readableBytesView, direction: direction))
  }

  /// The connection closed: report what was left unfinished.
  func end() {
    emit(decoder.end())
  }

  private func emit(_ items: [DecodedItem]) {
    guard !items.isEmpty else { return }
    let now = NIODeadline.now().uptimeNanoseconds
    for item in items {
      route(CapturedItem(uptimeNanos: now, sequence: sequence, item: item))
      sequence += 1
    }
  }
}
