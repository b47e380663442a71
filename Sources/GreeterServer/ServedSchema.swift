import GreeterProtos
import StandardServiceProtos
import SwiftProtobuf

/// What our server serves, as descriptors: the Greeter (with the error details and well-known
/// types of the default catalog) and the standard services, reflection v1 and v1alpha and health.
/// Its reflection answers from these files, and `call`/`list --embedded` use them without asking.
public enum ServedSchema {
  public static let services = [
    "grpc.health.v1.Health",
    "grpc.reflection.v1.ServerReflection",
    "grpc.reflection.v1alpha.ServerReflection",
    "helloworld.Greeter",
  ]

  /// The Greeter's descriptor set, then the standard services'.
  public static let descriptorSets: [[UInt8]] = [
    GreeterDescriptorSet.bytes, StandardServicesDescriptorSet.bytes,
  ]

  public static let files: [Google_Protobuf_FileDescriptorProto] = descriptorSets.flatMap {
    (try? Google_Protobuf_FileDescriptorSet(serializedBytes: $0).file) ?? []
  }
}
