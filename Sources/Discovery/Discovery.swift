import Wire
import WireFormat

/// A schema and where it came from: what `list`, `describe`, `call` and the explorer work from.
public struct Discovery: Sendable {
  public enum Source: String, Sendable {
    case reflectionV1 = "reflection-v1"
    case reflectionV1alpha = "reflection-v1alpha"
    case protoset
    case proto
    /// Our own server's schema, used without asking it.
    case embedded
    /// The built-in Greeter catalog, for a server that has no reflection and no schema was given.
    case builtin
  }

  public var source: Source
  public var catalog: Catalog
  /// The services the server offers (reflection's `list_services`), or the schema's, sorted.
  public var services: [String]
  /// The reflection calls, in order (none for the other sources).
  public var calls: [DiscoveryCall] = []
  /// Every frame of the discovery's connection (its calls' and the connection's own), in order.
  public var frames: [CapturedItem] = []
  /// Over TLS: what the discovery connection's handshake settled.
  public var tls: TLSFacts?

  public init(
    source: Source, catalog: Catalog, services: [String], calls: [DiscoveryCall] = [],
    frames: [CapturedItem] = []
  ) {
    self.source = source
    self.catalog = catalog
    self.services = services
    self.calls = calls
    self.frames = frames
  }

  /// A schema given as files: its services are the catalog's.
  public init(source: Source, catalog: Catalog) {
    self.init(source: source, catalog: catalog, services: catalog.services.map(\.fullName).sorted())
  }
}

/// One reflection stream: what was asked and how it ended, with its own frames.
public struct DiscoveryCall: Sendable {
  public var version: ReflectionVersion
  public var path: String { version.path }
  /// `list_services`, `file_containing_symbol pkg.Service`, `file_by_filename a.proto`, in order.
  public var requests: [String] = []
  public var responses = 0
  public var startNanos: UInt64
  /// Status, headers, trailers and frames; its messages are not kept (they are the catalog).
  public var result: CallResult
}
