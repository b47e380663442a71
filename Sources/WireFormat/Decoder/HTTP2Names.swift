/// Names from RFC 9113 for the numbers in RST_STREAM, GOAWAY and SETTINGS frames.
public enum HTTP2Names {
  private static let errorCodes = [
    "NO_ERROR", "PROTOCOL_ERROR", "INTERNAL_ERROR", "FLOW_CONTROL_ERROR", "SETTINGS_TIMEOUT",
    "STREAM_CLOSED", "FRAME_SIZE_ERROR", "REFUSED_STREAM", "CANCEL", "COMPRESSION_ERROR",
    "CONNECT_ERROR", "ENHANCE_YOUR_CALM", "INADEQUATE_SECURITY", "HTTP_1_1_REQUIRED",
  ]

  /// `CANCEL`, or `0xNN` for a code RFC 9113 does not define.
  public static func errorCode(_ code: UInt32) -> String {
    Int(code) < errorCodes.count ? errorCodes[Int(code)] : hex(code)
  }

  private static let settings = [
    1: "HEADER_TABLE_SIZE", 2: "ENABLE_PUSH", 3: "MAX_CONCURRENT_STREAMS", 4: "INITIAL_WINDOW_SIZE",
    5: "MAX_FRAME_SIZE", 6: "MAX_HEADER_LIST_SIZE", 8: "ENABLE_CONNECT_PROTOCOL",
    9: "NO_RFC7540_PRIORITIES",
  ]

  /// `SETTINGS_MAX_FRAME_SIZE`, or `SETTINGS_0xNN` for an identifier without a name.
  public static func setting(_ identifier: UInt16) -> String {
    "SETTINGS_" + (settings[Int(identifier)] ?? hex(identifier))
  }
}
