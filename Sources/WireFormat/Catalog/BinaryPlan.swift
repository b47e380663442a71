/// What the binary codec needs of one message type, in a form that costs one reference to hold:
/// copying a `MessageDescriptor` (or a `FieldDescriptor`) retains a dozen arrays and strings,
/// and the codec's loop runs once per field read or written. Built with the catalog.
final class BinaryPlan: Sendable {
  struct Field: Sendable {
    var number: Int32
    var kind: FieldDescriptor.Kind
    /// The wire type a value has (3 for a group).
    var wireType: UInt8
    var isRepeated: Bool
    var isPackable: Bool
    var isPacked: Bool
    var isMap: Bool
    var hasPresence: Bool
    /// Index into `Catalog.messageList` (and `plans`), or -1.
    var messageIndex: Int
    /// Index into the message's oneofs, synthetic ones included, or -1.
    var oneofIndex: Int
    /// For a field of a closed (proto2) enum: its index into `Catalog.enumList`, else -1.
    var closedEnumIndex: Int
  }

  let fields: [Field]
  /// Field number → index + 1, for numbers below its count (0: no field has it).
  private let dense: [Int]
  private let sparse: [Int32: Int]
  /// The members of each oneof, as indices into `fields`.
  let oneofMembers: [[Int]]
  /// Indices into `fields` by field number: the order of the encoding.
  let numberOrder: [Int]
  let isAny: Bool
  /// A message of this type with no field set: copied (on its first write) rather than built,
  /// which looked up the array's type metadata at run time on every message.
  let noValues: [FieldContent?]

  init(_ descriptor: MessageDescriptor, enums: [EnumDescriptor]) {
    fields = descriptor.fields.map { field in
      Field(
        number: field.number, kind: field.kind,
        wireType: field.kind == .group ? 3 : field.kind.wireType,
        isRepeated: field.isRepeated, isPackable: field.kind.isPackable,
        isPacked: field.isPacked, isMap: field.isMap, hasPresence: field.hasPresence,
        messageIndex: field.messageIndex ?? -1, oneofIndex: field.oneofIndex ?? -1,
        closedEnumIndex: field.enumIndex.flatMap { enums[$0].isClosed ? $0 : nil } ?? -1)
    }
    let denseLimit = 64
    var dense = [Int](repeating: 0, count: denseLimit)
    var sparse: [Int32: Int] = [:]
    for (index, field) in descriptor.fields.enumerated() {
      if (0..<Int32(denseLimit)).contains(field.number) {
        dense[Int(field.number)] = index + 1
      } else {
        sparse[field.number] = index
      }
    }
    self.dense = dense
    self.sparse = sparse
    oneofMembers = descriptor.oneofs.map(\.fields)
    numberOrder = descriptor.numberOrder
    isAny = descriptor.fullName == "google.protobuf.Any"
    noValues = Array(repeating: nil, count: descriptor.fields.count)
  }

  /// The index of the field with `number`, if the type has one.
  func index(of number: UInt64) -> Int? {
    if number < UInt64(dense.count) {
      let slot = dense[Int(number)]
      return slot == 0 ? nil : slot - 1
    }
    return sparse[Int32(truncatingIfNeeded: number)]
  }
}
