import ArgumentParser

@main
struct GreeterTUI: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "greeter-tui",
    abstract:
      "A terminal gRPC explorer that shows every call frame by frame, built around the quick start's helloworld.Greeter.",
    discussion: """
      Examples:
        greeter-tui                          the explorer and its own server
        greeter-tui --target HOST:PORT       the explorer, on another server
        greeter-tui serve --port 0 --log     serve on a free port, log each RPC
        greeter-tui call SayHello you        call, grpcurl -v style
        greeter-tui call --embedded --frames SayHelloAgain Ada
        greeter-tui list --target HOST:PORT  its services, by server reflection
        greeter-tui describe --target HOST:PORT helloworld.Greeter
      """,
    subcommands: [Explore.self, Serve.self, Call.self, List.self, Describe.self],
    defaultSubcommand: Explore.self
  )
}
