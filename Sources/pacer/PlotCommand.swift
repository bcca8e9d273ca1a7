import ArgumentParser
import Foundation
import Pacer

/// `pacer plot WORK_DIR_OR_LOG_JSON... [--keys ...] [--out FILE.svg]`:
/// curves of the `.log.json` of one or more runs, overlaid, as a
/// self-contained SVG, like MMDetection's `analyze_logs.py plot_curve`.
struct PlotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot", abstract: "Draw loss, metric and lr curves of runs as an SVG.",
        discussion: "Train keys are drawn at each logged iteration, validation keys at each evaluation; "
            + "x is in epochs for an EpochBasedRunner and in iterations for an IterBasedRunner.")

    @Argument(help: "Work dirs (their newest .log.json) or .log.json files.")
    var logs: [String]

    @Option(name: .long, parsing: .upToNextOption, help: "The keys to draw (loss, accuracy, lr, time, ...).")
    var keys: [String] = ["loss"]

    @Option(name: .long, help: "The SVG file to write.")
    var out = "curves.svg"

    @Option(name: .long, help: "A title above the chart.")
    var title: String?

    func run() throws {
        do {
            guard out.hasSuffix(".svg") else { throw PlotError("--out: \(out) must end in .svg") }
            var runs = try logs.map { try LogCurves(reading: $0) }
            // Runs from folders of the same name are told apart by their files.
            if Set(runs.map(\.label)).count < runs.count {
                for index in runs.indices { runs[index].label = URL(fileURLWithPath: runs[index].path).lastPathComponent }
            }
            var series: [SVGChart.Series] = []
            for run in runs {
                for key in keys {
                    guard let points = run.points(key) else {
                        throw PlotError("\(run.path): no record has '\(key)' (keys: \(run.keys.joined(separator: ", ")))")
                    }
                    series.append(SVGChart.Series(run: run.label, key: key, points: points))
                }
            }
            let chart = SVGChart(title: title, xLabel: runs.allSatisfy(\.byEpoch) ? "epoch" : "iter", series: series)
            do {
                try chart.render().write(toFile: out, atomically: true, encoding: .utf8)
            } catch {
                throw PlotError("--out: cannot write \(out): \(error.localizedDescription)")
            }
            Console.out("save curve to: \(out)")
        } catch let error as PlotError {
            Console.error("error: \(error)")
            throw ExitCode.failure
        }
    }
}
