import Foundation

/// A line chart as one self-contained SVG document (no script, font or
/// image from elsewhere): one `<path class="curve">` per series, with a
/// dot on each point of series of at most 50 points, axes with ticks, and a
/// legend.
struct SVGChart {
    /// One curve: its legend text and points.
    struct Series {
        let run: String
        let key: String
        let points: [(x: Double, y: Double)]
    }

    var title: String?
    var xLabel: String
    var series: [Series]

    private static let width = 900.0, height = 500.0
    private static let left = 70.0, right = 230.0, top = 40.0, bottom = 50.0
    /// Matplotlib's default colour cycle.
    private static let colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                 "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]

    /// The SVG text.
    func render() -> String {
        let finite = series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite }
        let (x0, x1) = Self.range(finite.map(\.x))
        let (y0, y1) = Self.range(finite.map(\.y))
        let plotWidth = Self.width - Self.left - Self.right, plotHeight = Self.height - Self.top - Self.bottom
        func px(_ x: Double) -> Double { Self.left + (x - x0) / (x1 - x0) * plotWidth }
        func py(_ y: Double) -> Double { Self.top + (1 - (y - y0) / (y1 - y0)) * plotHeight }

        var out = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<svg xmlns="http://www.w3.org/2000/svg" width="\#(Self.number(Self.width))" height="\#(Self.number(Self.height))" "#
                + #"viewBox="0 0 \#(Self.number(Self.width)) \#(Self.number(Self.height))" font-family="sans-serif" font-size="12">"#,
            #"<rect width="100%" height="100%" fill="white"/>"#,
        ]
        if let title {
            out.append(#"<text x="\#(Self.number(Self.left + plotWidth / 2))" y="24" text-anchor="middle" font-size="15">"#
                       + Self.escape(title) + "</text>")
        }
        for tick in Self.ticks(x0, x1) {
            let x = Self.number(px(tick))
            out.append(#"<line x1="\#(x)" y1="\#(Self.number(Self.top))" x2="\#(x)" y2="\#(Self.number(Self.top + plotHeight))" stroke="rgb(229,229,229)"/>"#)
            out.append(#"<text x="\#(x)" y="\#(Self.number(Self.top + plotHeight + 18))" text-anchor="middle">\#(Self.label(tick))</text>"#)
        }
        for tick in Self.ticks(y0, y1) {
            let y = Self.number(py(tick))
            out.append(#"<line x1="\#(Self.number(Self.left))" y1="\#(y)" x2="\#(Self.number(Self.left + plotWidth))" y2="\#(y)" stroke="rgb(229,229,229)"/>"#)
            out.append(#"<text x="\#(Self.number(Self.left - 6))" y="\#(y)" text-anchor="end" dominant-baseline="middle">\#(Self.label(tick))</text>"#)
        }
        out.append(#"<rect x="\#(Self.number(Self.left))" y="\#(Self.number(Self.top))" width="\#(Self.number(plotWidth))" "#
                   + #"height="\#(Self.number(plotHeight))" fill="none" stroke="rgb(51,51,51)"/>"#)
        out.append(#"<text x="\#(Self.number(Self.left + plotWidth / 2))" y="\#(Self.number(Self.height - 12))" text-anchor="middle">"#
                   + Self.escape(xLabel) + "</text>")

        for (index, curve) in series.enumerated() {
            let color = Self.colors[index % Self.colors.count]
            let points = curve.points.filter { $0.x.isFinite && $0.y.isFinite }
            let d = points.enumerated().map { offset, point in
                (offset == 0 ? "M" : "L") + Self.number(px(point.x)) + " " + Self.number(py(point.y))
            }.joined(separator: " ")
            out.append(#"<path class="curve" data-run="\#(Self.escape(curve.run))" data-key="\#(Self.escape(curve.key))" "#
                       + #"d="\#(d)" fill="none" stroke="\#(color)" stroke-width="1.5"/>"#)
            if points.count <= 50 {
                for point in points {
                    out.append(#"<circle cx="\#(Self.number(px(point.x)))" cy="\#(Self.number(py(point.y)))" r="2.5" fill="\#(color)"/>"#)
                }
            }
            let y = Self.top + 10 + Double(index) * 18
            let legendX = Self.left + plotWidth + 14
            out.append(#"<line x1="\#(Self.number(legendX))" y1="\#(Self.number(y))" x2="\#(Self.number(legendX + 22))" "#
                       + #"y2="\#(Self.number(y))" stroke="\#(color)" stroke-width="2"/>"#)
            out.append(#"<text x="\#(Self.number(legendX + 28))" y="\#(Self.number(y))" dominant-baseline="middle">"#
                       + Self.escape(curve.run + ": " + curve.key) + "</text>")
        }
        out.append("</svg>")
        return out.joined(separator: "\n") + "\n"
    }

    /// The axis range: the values' extent, never empty.
    private static func range(_ values: [Double]) -> (Double, Double) {
        guard let low = values.min(), let high = values.max() else { return (0, 1) }
        if low == high { return (low - 1, high + 1) }
        let pad = (high - low) * 0.04
        return (low - pad, high + pad)
    }

    /// About five round tick values inside `low...high`.
    private static func ticks(_ low: Double, _ high: Double) -> [Double] {
        let raw = (high - low) / 5
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        var tick = ceil(low / step) * step
        var ticks: [Double] = []
        while tick <= high, ticks.count < 20 {
            ticks.append(tick)
            tick += step
        }
        return ticks
    }

    private static func label(_ value: Double) -> String { String(format: "%.6g", abs(value) < 1e-12 ? 0 : value) }

    private static func number(_ value: Double) -> String { String(format: "%.2f", value) }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
