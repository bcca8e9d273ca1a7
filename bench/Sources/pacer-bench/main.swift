import Foundation
import Pacer

// pacer-bench: the cost of plugin dispatch in a release build.
//
//   swift run -c release pacer-bench [--batches N] [--calls N] [--iters N] [--hooks N]
//
// 1. ns per plugin hook call: `callHook(.afterTrainIter)` with 10 no-op C
//    hook plugins registered, --calls times per batch; a batch's time
//    divided by 10 x --calls.
// 2. µs per empty training iteration: an IterBasedRunner over a no-op C
//    model plugin and a loader that hands back the same one-sample batch,
//    with 10 no-op hooks (each implements all fourteen hook points, so an
//    iteration makes 20 hook calls) and with none; each batch runs --iters
//    more iterations.
// Times are the thread's CPU time (not wall time: the machine is shared),
// over --batches batches; the best and the median batch are reported.

var options = ["--batches": 200, "--calls": 100_000, "--iters": 20_000, "--hooks": 10]
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    guard options[flag] != nil, let text = arguments.popFirst(), let value = Int(text),
          value > 0 || (flag == "--hooks" && value == 0) else {
        print("usage: pacer-bench [--batches N] [--calls N] [--iters N] [--hooks N]")
        exit(2)
    }
    options[flag] = value
}
let batches = options["--batches"]!, calls = options["--calls"]!, iters = options["--iters"]!
let hooks = options["--hooks"]!

/// Per-call times of `callHook(.afterTrainIter)` on a runner with `hooks` hooks.
func stageCalls(_ bench: BenchRunner, hooks: Int) throws -> Samples {
    let runner = try bench.make(hooks: hooks, maxIters: 0)
    runner.mode = "train"
    return try Stopwatch.sample(batches: batches, units: calls * max(hooks, 1)) {
        for _ in 0..<calls { try runner.callHook(.afterTrainIter) }
    }
}

/// Per-iteration times of a runner with `hooks` hooks, --iters more iterations per batch.
func iterations(_ bench: BenchRunner, hooks: Int) throws -> Samples {
    let runner = try bench.make(hooks: hooks, maxIters: 0)
    let loader = FixedLoader(count: 1000)
    let samples = try Stopwatch.sample(batches: batches, units: iters) {
        runner.maxIters += iters
        try runner.run([loader], workflow: [Flow("train", iters)])
    }
    guard runner.iter == batches * iters else { throw BenchError.setup("the run stopped at iter \(runner.iter)") }
    return samples
}

func line(_ what: String, _ samples: Samples, scale: Double, unit: String, _ note: String) -> String {
    String(format: "%@ %8.3f %@  (median %.3f)  %@", what.padding(toLength: 26, withPad: " ", startingAt: 0),
           samples.best * scale, unit, samples.median * scale, note)
}

do {
    let bench = try BenchRunner(folder: BenchFixtures.build(hooks: hooks))
    let hookCall = try stageCalls(bench, hooks: hooks)
    let emptyStage = try stageCalls(bench, hooks: 0)
    let iterHooked = try iterations(bench, hooks: hooks)
    let iterEmpty = try iterations(bench, hooks: 0)

    print("pacer-bench: \(hooks) no-op C hook plugins (all 14 hook points each), a no-op C model plugin;")
    print("thread CPU time, best and median of \(batches) batches")
    print(line("plugin hook call", hookCall, scale: 1, unit: "ns",
               "callHook(.afterTrainIter) with \(hooks) hooks, per hook, \(calls) calls a batch"))
    print(line("stage with no hooks", emptyStage, scale: 1, unit: "ns", "per callHook"))
    print(line("empty training iteration", iterHooked, scale: 0.001, unit: "µs",
               "with \(hooks) hooks (\(2 * hooks) hook calls), \(iters) iterations a batch"))
    print(line("empty training iteration", iterEmpty, scale: 0.001, unit: "µs", "with no hooks"))
} catch {
    print("pacer-bench: \(error)")
    exit(1)
}
