/// mmcls 0.x's `evaluate` for single-label classification, computed by the
/// host from each sample's class scores and label: `accuracy` (top-k, in
/// percent, keyed `accuracy_top-k` when `topk` is a tuple and `accuracy`
/// when it is one number), `support`, `precision`, `recall` and `f1_score`
/// (in percent, averaged over classes with `average_mode='macro'`, or one
/// value per class, keyed `precision_class-i`, with `'none'`). A sample
/// counts as predicted only where its score is above `thrs` (mmcls's
/// default 0).
public struct ClassificationMetrics: Sendable, Equatable {
    /// The metric names mmcls computes.
    public static let names = ["accuracy", "precision", "recall", "f1_score", "support"]

    /// How per-class values are reported.
    public enum AverageMode: String, Sendable {
        /// The mean over classes.
        case macro
        /// One value per class.
        case none
    }

    /// The metrics asked for, each one of `names`.
    public let metrics: [String]
    /// The k of each top-k accuracy.
    public let topk: [Int]
    /// Whether `topk` was a tuple (keys `accuracy_top-k`) rather than one number (key `accuracy`).
    public let topkIsTuple: Bool
    /// The score a prediction must exceed.
    public let threshold: Double
    /// Macro average or per class.
    public let averageMode: AverageMode

    /// The metrics of `metrics` with mmcls's options.
    public init(metrics: [String], topk: [Int] = [1, 5], topkIsTuple: Bool = true, threshold: Double = 0,
                averageMode: AverageMode = .macro) {
        self.metrics = metrics
        self.topk = topk
        self.topkIsTuple = topkIsTuple
        self.threshold = threshold
        self.averageMode = averageMode
    }

    /// The results, in mmcls's order: accuracy, support, then precision,
    /// recall and f1_score. `scores` holds one row of class scores per
    /// sample; `labels` the samples' classes.
    public func evaluate(scores: [[Float]], labels: [Int64]) throws(MetricError) -> [(key: String, value: Double)] {
        let classes = scores.first?.count ?? 0
        if let k = topk.first(where: { $0 < 1 || $0 > classes }), metrics.contains("accuracy") {
            throw .topkOutOfRange(k: k, classes: classes)
        }
        if let label = labels.first(where: { $0 < 0 || $0 >= classes }) {
            throw .labelOutOfRange(label: label, classes: classes)
        }
        var results: [(key: String, value: Double)] = []
        let count = Double(max(labels.count, 1))
        if metrics.contains("accuracy") {
            for k in topk {
                let correct = zip(scores, labels).filter { row, label in
                    let score = row[Int(label)]
                    guard Double(score) > threshold else { return false }
                    // The label is among the k best: fewer than k scores beat it (ties go to the lower index).
                    let better = row.indices.filter { row[$0] > score || (row[$0] == score && $0 < Int(label)) }.count
                    return better < k
                }.count
                results.append((topkIsTuple ? "accuracy_top-\(k)" : "accuracy", Double(correct) * 100 / count))
            }
        }
        var truePositives = [Double](repeating: 0, count: classes)
        var predicted = [Double](repeating: 0, count: classes)
        var actual = [Double](repeating: 0, count: classes)
        for (row, label) in zip(scores, labels) {
            actual[Int(label)] += 1
            guard let best = row.indices.max(by: { row[$0] < row[$1] || (row[$0] == row[$1] && $0 > $1) }),
                  Double(row[best]) > threshold else { continue }
            predicted[best] += 1
            if best == Int(label) { truePositives[best] += 1 }
        }
        if metrics.contains("support") {
            append("support", actual, macro: actual.reduce(0, +), to: &results)
        }
        let precision: [Double] = (0..<classes).map { truePositives[$0] / max(predicted[$0], 1) * 100 }
        let recall: [Double] = (0..<classes).map { truePositives[$0] / max(actual[$0], 1) * 100 }
        let epsilon = Double(Float.ulpOfOne)
        let f1: [Double] = (0..<classes).map { index in
            let sum = precision[index] + recall[index]
            return 2 * precision[index] * recall[index] / max(sum, epsilon)
        }
        for (name, values) in [("precision", precision), ("recall", recall), ("f1_score", f1)] where metrics.contains(name) {
            append(name, values, macro: values.reduce(0, +) / Double(max(classes, 1)), to: &results)
        }
        return results
    }

    private func append(_ name: String, _ perClass: [Double], macro: Double,
                        to results: inout [(key: String, value: Double)]) {
        switch averageMode {
        case .macro: results.append((name, macro))
        case .none: results += perClass.enumerated().map { ("\(name)_class-\($0.offset)", $0.element) }
        }
    }
}

/// Why classification metrics could not be computed.
public enum MetricError: Error, CustomStringConvertible, Equatable {
    /// A top-k with k outside 1...classes.
    case topkOutOfRange(k: Int, classes: Int)
    /// A label outside the model's classes.
    case labelOutOfRange(label: Int64, classes: Int)

    /// One line saying what to change.
    public var description: String {
        switch self {
        case .topkOutOfRange(let k, let classes):
            return "metric_options topk \(k) is outside 1...\(classes), the model's classes"
        case .labelOutOfRange(let label, let classes):
            return "label \(label) is outside the model's \(classes) classes"
        }
    }
}
