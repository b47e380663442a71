import Foundation
import GreeterServer

/// Our embedded Greeter server in a process of its own, so that the clients being measured do not
/// share threads with it. Serves until killed.
enum Serve {
  static func run(port: Int) async throws {
    let server = EmbeddedServer()
    let address = try await server.start(host: "127.0.0.1", port: port)
    print("listening on \(address)")
    fflush(nil)
    while true {
      try await Task.sleep(for: .seconds(3600))
    }
  }
}
