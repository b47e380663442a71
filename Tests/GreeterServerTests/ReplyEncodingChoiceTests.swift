import NIOHPACK
import Testing
import WireFormat

@testable import GreeterServer

/// What the transport is left to see of a request's `grpc-accept-encoding`: nothing without
/// `--compress`; with it, that one algorithm when the client offers it.
@Suite struct ReplyEncodingChoiceTests {
  static func offered(_ lines: [String], compression: MessageCompression?) -> [String] {
    var request: HPACKHeaders = [":path": "/helloworld.Greeter/SayHello", "te": "trailers"]
    for line in lines { request.add(name: "grpc-accept-encoding", value: line) }
    let rewritten = ReplyEncodingChoice.rewritten(request, compression: compression)
    #expect(rewritten[":path"] == ["/helloworld.Greeter/SayHello"], "the rest stays")
    #expect(rewritten["te"] == ["trailers"])
    return rewritten[canonicalForm: "grpc-accept-encoding"].map { String($0) }
  }

  @Test func withoutCompressNothingIsOffered() {
    #expect(Self.offered(["gzip, deflate"], compression: nil) == [])
    #expect(Self.offered(["identity,deflate,gzip"], compression: nil) == [])
    #expect(Self.offered([], compression: nil) == [])
  }

  @Test func withCompressOnlyItIsOfferedWhenTheClientOffersIt() {
    // grpcio lists identity first; the transport would pick it, and compress nothing.
    #expect(Self.offered(["identity,deflate,gzip"], compression: .gzip) == ["gzip"])
    #expect(Self.offered(["gzip, deflate"], compression: .deflate) == ["deflate"])
    // Repeated lines, odd case and spaces: one list.
    #expect(Self.offered(["identity", " GZip ", "deflate"], compression: .gzip) == ["gzip"])
    #expect(Self.offered(["gzip"], compression: .gzip) == ["gzip"])
    // Not offered: replies go as they are.
    #expect(Self.offered(["identity"], compression: .gzip) == [])
    #expect(Self.offered([], compression: .deflate) == [])
  }
}
