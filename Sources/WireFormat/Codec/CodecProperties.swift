/// The properties `make fuzz` checks on the codec (tools/fuzz's CodecFuzzer), and that
/// `CodecFuzzSmokeTests` replays in the normal test run: one function both call, so a find of the
/// fuzzer is a test case as it stands.
///
/// An input is a control byte and data. Bit 7 of the control byte picks the mode, bits 0–6 the
/// message type (`types[control & 0x7F % types.count]`, `types` being every message type of the
/// catalog but map entries, sorted by full name):
/// - **binary** (bit 7 clear): the data is decoded as that type. Decoding either gives a message
///   or throws `CodecError`. A message re-encodes to bytes that decode and encode to themselves
///   (`encode(decode(encode(m))) == encode(m)`); its JSON is made or refused with `CodecError`;
///   JSON made is read back (`decodeJSON` of its compact text) and made again. When the message
///   is *JSON-exact* (below) that gives the same JSON text and the same binary (compared with map
///   keys sorted); otherwise what JSON cannot hold is gone after that first round, and a second
///   round must give the same JSON text as the first.
/// - **JSON** (bit 7 set): the data is parsed by `JSONParser.parse` and `parseSequence`, which
///   either give values or throw `JSONSyntaxError`. Every value written compact and pretty reads
///   back to the same compact text; `decodeJSON` of it as the type gives a message or throws
///   `CodecError`, and a message goes through the binary mode's checks.
///
/// *JSON-exact*: no unknown fields (JSON has no place for them), no NaN (its payload bits become
/// the one "NaN"), no unset `google.protobuf.Value` (whose JSON is `null`, read back as
/// `null_value`), no `NullValue` field holding a number other than 0 (JSON `null` too, as in
/// protobuf's json_format), anywhere, Any payloads included. Equality for the others would fail
/// where nothing is wrong.
public struct CodecProperties: Sendable {
  public let catalog: Catalog
  /// The types an input's control byte chooses among.
  public let types: [String]

  public init(catalog: Catalog) {
    self.catalog = catalog
    // The seed corpus indexes this list: google.rpc (added to the default catalog after the
    // seeds were made) stays out so that the indices keep their meaning.
    types = catalog.messageList.filter { !$0.isMapEntry && !$0.fullName.hasPrefix("google.rpc.") }
      .map(\.fullName).sorted()
  }

  /// What went wrong with one input, or nil when every property holds.
  public func check(_ input: [UInt8]) -> String? {
    guard let control = input.first, !types.isEmpty else { return nil }
    let type = types[Int(control & 0x7F) % types.count]
    let data = Array(input.dropFirst())
    return control & 0x80 == 0 ? checkBinary(data, as: type) : checkJSON(data, as: type)
  }

  /// The control byte for `mode` and `type` (nil if the catalog has no such type).
  public func control(json: Bool, type: String) -> UInt8? {
    types.firstIndex(of: type).map { UInt8($0) | (json ? 0x80 : 0) }
  }

  func checkBinary(_ bytes: [UInt8], as type: String) -> String? {
    let message: DynamicMessage
    do {
      message = try catalog.decode(bytes, as: type)
    } catch is CodecError {
      return nil
    } catch {
      return "decode threw \(error), not a CodecError"
    }
    return checkMessage(message, as: type)
  }

  func checkJSON(_ bytes: [UInt8], as type: String) -> String? {
    var values: [JSONNode] = []
    if let value = try? JSONParser.parse(bytes) { values.append(value) }
    if let sequence = try? JSONParser.parseSequence(bytes) { values += sequence }
    for value in values {
      let compact = JSONWriter.compact(value)
      for (form, text) in [("compact", compact), ("pretty", JSONWriter.pretty(value))] {
        guard let again = try? JSONParser.parse(text) else {
          return "the \(form) text of a parsed value does not parse: \(text)"
        }
        guard JSONWriter.compact(again) == compact else {
          return "the \(form) text of a parsed value reads back as \(JSONWriter.compact(again)),"
            + " not \(compact)"
        }
      }
      let message: DynamicMessage
      do {
        message = try catalog.decodeJSON(value, as: type)
      } catch is CodecError {
        continue
      } catch {
        return "decodeJSON threw \(error), not a CodecError"
      }
      if let failure = checkMessage(message, as: type) { return failure }
    }
    return nil
  }

  /// The round trips of one message (decoded from either form).
  func checkMessage(_ message: DynamicMessage, as type: String) -> String? {
    let encoded = catalog.encode(message)
    let again: DynamicMessage
    do {
      again = try catalog.decode(encoded, as: type)
    } catch {
      return "decode(encode(m)) failed: \(error); encode(m) = \(Self.hex(encoded))"
    }
    let reencoded = catalog.encode(again)
    guard reencoded == encoded else {
      return "encode(decode(encode(m))) = \(Self.hex(reencoded)), encode(m) = \(Self.hex(encoded))"
    }

    let json: JSONNode
    do {
      json = try catalog.json(message)
    } catch is CodecError {
      return nil
    } catch {
      return "json(m) threw \(error), not a CodecError"
    }
    let text = JSONWriter.compact(json)
    let fromJSON: DynamicMessage
    let textAgain: String
    switch jsonRoundTrip(text, as: type) {
    case .success(let result): (fromJSON, textAgain) = result
    case .failure(let failure): return "\(failure); json(m) = \(text)"
    }
    guard isJSONExact(message) else {
      // What JSON cannot hold is gone after one round; the second must change nothing.
      switch jsonRoundTrip(textAgain, as: type) {
      case .success(let (_, third)) where third == textAgain: return nil
      case .success(let (_, third)):
        return "json(decodeJSON(j)) = \(third), j = \(textAgain) = json(decodeJSON(\(text)))"
      case .failure(let failure): return "\(failure); j = \(textAgain) = json(decodeJSON(\(text)))"
      }
    }
    guard textAgain == text else {
      return "json(decodeJSON(json(m))) = \(textAgain), json(m) = \(text)"
    }
    let original = catalog.encode(message, sortingMapKeys: true)
    let throughJSON = catalog.encode(fromJSON, sortingMapKeys: true)
    guard throughJSON == original else {
      return "encode(decodeJSON(json(m))) = \(Self.hex(throughJSON)),"
        + " encode(m) = \(Self.hex(original)) (map keys sorted); json(m) = \(text)"
    }
    return nil
  }

  /// `decodeJSON` of `text`, and the compact JSON of that message; either must succeed.
  func jsonRoundTrip(_ text: String, as type: String) -> Result<(DynamicMessage, String), Failure> {
    let message: DynamicMessage
    do {
      message = try catalog.decodeJSON(text, as: type)
    } catch {
      return .failure(Failure("decodeJSON(j) failed: \(error)"))
    }
    do {
      return .success((message, JSONWriter.compact(try catalog.json(message))))
    } catch {
      return .failure(Failure("json(decodeJSON(j)) failed: \(error)"))
    }
  }

  struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
  }

  /// Whether JSON holds everything of `message` (see the type's comment).
  func isJSONExact(_ message: DynamicMessage, depth: Int = 0) -> Bool {
    guard message.unknownFields.isEmpty, depth < Catalog.recursionLimit else { return false }
    let descriptor = catalog.messageList[message.type]
    if descriptor.fullName == "google.protobuf.Value",
      !message.values.contains(where: { $0 != nil })
    {
      return false
    }
    if descriptor.fullName == "google.protobuf.Any",
      let urlIndex = descriptor.fieldIndex(number: 1),
      let valueIndex = descriptor.fieldIndex(number: 2),
      case .bytes(let bytes)? = message.value(at: valueIndex)
    {
      guard case .string(let url)? = message.value(at: urlIndex),
        let type = catalog.messageIndex(String(url.split(separator: "/").last ?? "")),
        let packed = try? catalog.decode(bytes, type: type)
      else { return false }
      return isJSONExact(packed, depth: depth + 1)
    }
    func exact(_ value: ProtoValue, _ field: FieldDescriptor?) -> Bool {
      switch value {
      case .double(let number): return !number.isNaN
      case .float(let number): return !number.isNaN
      case .message(let inner): return isJSONExact(inner, depth: depth + 1)
      case .enumNumber(let number):
        guard number != 0, let index = field?.enumIndex else { return true }
        return catalog.enumList[index].fullName != "google.protobuf.NullValue"
      default: return true
      }
    }
    for (index, content) in message.values.enumerated() {
      let field = descriptor.fields[index]
      switch content {
      case nil: continue
      case .single(let value)?: if !exact(value, field) { return false }
      case .list(let values)?: if !values.allSatisfy({ exact($0, field) }) { return false }
      case .map(let entries)?:
        let valueField = field.messageIndex.flatMap { entryType in
          catalog.messageList[entryType].field(number: 2)
        }
        if !entries.allSatisfy({ exact($0.value, valueField) }) { return false }
      }
    }
    return true
  }

  static func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef")
    var text = ""
    for byte in bytes.prefix(256) {
      text.append(digits[Int(byte >> 4)])
      text.append(digits[Int(byte & 15)])
    }
    return bytes.count > 256 ? text + "… (\(bytes.count) bytes)" : text
  }
}
