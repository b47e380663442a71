import Testing
import Wire
import WireFormat

@testable import Explorer

/// The methods pane as a tree of services: folds, the `/` filter, a bounded height.
@Suite struct ServicesTreeTests {
  /// `services` services of `each` methods, named `pkg.S<n>/M<m>`.
  static func manyMethods(services: Int, each: Int) -> [ExplorerState.Method] {
    (1...services).flatMap { service in
      (1...each).map { method in
        ExplorerState.Method(
          name: "M\(method)", path: "/pkg.S\(service)/M\(method)",
          kind: CallKind.allCases[method % 4])
      }
    }
  }

  @Test func servicesAreHeadersAndTheSelectedMethodsTypesAreInTheBottomEdge() {
    var scenario = Scenario()
    let screen = scenario.text
    #expect(screen.contains("│▾ helloworld.Greeter       5│"), "\(screen)")
    #expect(screen.contains("│  SayHello             unary│"))
    #expect(
      screen.contains("└─HelloRequest → HelloReply──┘"), "short names when full ones do not fit")
    var wide = Scenario(width: 120, height: 40)
    #expect(wide.text.contains("└─ HelloRequest → HelloReply ───"), "\(wide.text)")
    // ↑ from the first method is the header; Enter folds it, → unfolds.
    scenario.press(.up)
    #expect(scenario.state.tree.headerCursor == "helloworld.Greeter")
    #expect(scenario.press(.enter).isEmpty)
    #expect(scenario.text.contains("│▸ helloworld.Greeter       5│"))
    #expect(!scenario.text.contains("SayHelloAgain"))
    #expect(scenario.state.focus == .methods, "Enter on a header does not leave the tree")
    scenario.press(.right, .down, .down)
    #expect(scenario.state.tree.current?.name == "SayHelloAgain")
    // ← on a method goes to its header, ← again folds.
    scenario.press(.left, .left)
    #expect(scenario.state.tree.collapsed == ["helloworld.Greeter"])
  }

  @Test func theFilterKeepsMatchingMethodsAcrossServices() {
    var scenario = Scenario()
    scenario.state.tree.replace(methods: Self.manyMethods(services: 3, each: 12))
    scenario.press(.character("/"))
    #expect(scenario.state.contexts.first == .filter)
    scenario.type("s2/m1")
    let rows = scenario.state.tree.rows
    #expect(rows.count == 5, "S2's header, M1, M10, M11, M12: \(rows)")
    #expect(scenario.text.contains("Methods /s2/m1▏"), "\(scenario.text)")
    #expect(scenario.state.tree.current?.path == "/pkg.S2/M1", "the cursor follows the matches")
    scenario.press(.enter)
    #expect(scenario.state.contexts.first == .methods, "Enter keeps the filter, keys move again")
    scenario.press(.down, .down)
    #expect(scenario.state.tree.current?.path == "/pkg.S2/M11")
    scenario.press(.character("/"))
    scenario.type("zzz")
    #expect(scenario.text.contains("no method matches"))
    scenario.press(.escape)
    #expect(scenario.state.tree.filter.isEmpty)
    #expect(scenario.state.tree.rows.count == 39)
  }

  @Test func twoHundredMethodsLeaveTheFramesTheirRoom() throws {
    for (width, height) in [(80, 24), (120, 40), (50, 20)] {
      var scenario = Scenario(width: width, height: height)
      let few = try #require(scenario.state.layout)
      scenario.state.tree.replace(methods: Self.manyMethods(services: 10, each: 20))
      _ = scenario.state.update(.resize(width: width, height: height))
      let layout = try #require(scenario.state.layout)
      #expect(layout.frames != nil, "\(width)x\(height)")
      #expect(
        (layout.methods?.height ?? 0) <= max(few.methods?.height ?? 0, (height - 3) / 2),
        "\(width)x\(height)")
      // Down to the last method: it stays on screen.
      scenario.press(.pageDown, .pageDown, .pageDown, .pageDown, .pageDown, .pageDown)
      for _ in 0..<250 { scenario.press(.down) }
      #expect(scenario.state.tree.current?.path == "/pkg.S10/M20")
      #expect(scenario.text.contains("M20"), "\(scenario.text)")
    }
  }

  @Test func hostileNamesAreShownInert() {
    var scenario = Scenario()
    scenario.state.tree.replace(methods: [
      ExplorerState.Method(
        name: InertText.make("Say\u{1B}[2J"), path: "/evil\u{1B}]0;pwned\u{07}.S/Say\u{1B}[2J",
        kind: .unary)
    ])
    _ = scenario.state.update(.resize(width: 80, height: 24))
    let text = scenario.text
    #expect(!text.contains("\u{1B}"))
    #expect(text.contains("evil␛]0;pwned␇.S"), "\(text)")
  }
}
