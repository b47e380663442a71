import Explorer
import Foundation
import Wire

/// The input line's cost (issue 13: a 2,000-character paste froze the explorer for 90 s): a
/// bracketed paste of N characters through `update` and one `render`; N characters typed one
/// key at a time with a render after every key (the worst case: a terminal without bracketed
/// paste, a program that cannot batch); the same for N / 10, whose ratio says whether the cost
/// per key is flat (≈ 10×) or grows with the line (≈ 100×).
enum InputBench {
  static func state() -> ExplorerState {
    let methods = benchGreeterCatalog.methods.map {
      ExplorerState.Method(name: $0.name, path: $0.path, kind: $0.kind)
    }
    var state = ExplorerState(
      methods: methods, target: "127.0.0.1:50051", targetIsEmbedded: true,
      catalog: benchGreeterCatalog, width: 120, height: 40)
    _ = state.update(.key(.enter))
    return state
  }

  static func milliseconds(_ body: () -> Void) -> Double {
    let start = ContinuousClock.now
    body()
    let (seconds, attoseconds) = (ContinuousClock.now - start).components
    return Double(seconds) * 1e3 + Double(attoseconds) / 1e15
  }

  static func typed(_ count: Int) -> Double {
    var state = state()
    return milliseconds {
      for index in 0..<count {
        _ = state.update(.key(.character(Character(Unicode.Scalar(UInt8(97 + index % 26))))))
        precondition(state.render().grid.width == 120)
      }
    }
  }

  static func run(characters: Int, runs: Int) -> [String: Any] {
    let text = String(repeating: "abcdefghij", count: characters / 10)
    var paste: [Double] = []
    var typedAll: [Double] = []
    var typedTenth: [Double] = []
    for _ in 0..<runs {
      var state = state()
      paste.append(
        milliseconds {
          _ = state.update(.paste(text))
          precondition(state.render().grid.width == 120)
        })
      typedAll.append(typed(characters))
      typedTenth.append(typed(characters / 10))
    }
    let median = { (values: [Double]) in values.sorted()[values.count / 2] }
    return [
      "characters": characters, "runs": runs,
      "paste_ms_p50": median(paste),
      "typed_render_each_ms_p50": median(typedAll),
      "typed_tenth_render_each_ms_p50": median(typedTenth),
    ]
  }
}
