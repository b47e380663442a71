import Wire

/// `InertText` lives in Wire, where `call`'s text output and the frame summaries use it too; the
/// name stays visible to Explorer's importers (its tests) that do not import Wire themselves.
public typealias InertText = Wire.InertText
