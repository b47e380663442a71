/// The two packages of the server reflection protocol: the same messages, different paths.
public enum ReflectionVersion: String, Sendable, CaseIterable {
  case v1, v1alpha

  /// `grpc.reflection.v1.ServerReflection`
  public var service: String { "grpc.reflection.\(rawValue).ServerReflection" }
  /// The HTTP/2 `:path` of its one method.
  public var path: String { "/\(service)/ServerReflectionInfo" }
}

/// `--reflect`: which versions to ask, in order; `auto` tries v1, then v1alpha.
public enum ReflectMode: String, Sendable, CaseIterable {
  case auto, v1, v1alpha, off

  var versions: [ReflectionVersion] {
    switch self {
    case .auto: [.v1, .v1alpha]
    case .v1: [.v1]
    case .v1alpha: [.v1alpha]
    case .off: []
    }
  }
}
