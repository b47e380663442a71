import ArgumentParser

@main
struct GreeterTUI: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "greeter-tui",
    abstract: "A terminal explorer for the gRPC quick start's helloworld.Greeter.",
    discussion: """
      Examples:
        greeter-tui                       the explorer, with its own server on 127.0.0.1:50051
        greeter-tui --target 127.0.0.1:50052   the explorer, talking to another server
        greeter-tui serve                 serve the Greeter on 127.0.0.1:50051
        greeter-tui serve --port 0 --log  serve on a free port, one line per RPC on stderr
        greeter-tui call SayHello you     call it, grpcurl -v style
        greeter-tui call --embedded --frames SayHelloAgain Ada
      """,
    subcommands: [Explore.self, Serve.self, Call.self, List.self, Describe.self],
    defaultSubcommand: Explore.self
  )
}
