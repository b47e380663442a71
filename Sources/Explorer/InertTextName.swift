import WireFormat

/// `InertText` lives in WireFormat, where `call`'s text output and the frame summaries use it too; the
/// name stays visible to Explorer's importers (its tests) that do not import WireFormat themselves.
public typealias InertText = WireFormat.InertText
