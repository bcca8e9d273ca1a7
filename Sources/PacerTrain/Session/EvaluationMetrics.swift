import PacerConfig

/// What an evaluation reports, from `metric` and `metric_options` (the
/// evaluation hook's, or `pacer test --metrics`): mmcls's metric names are
/// computed from each sample's class scores; any other name picks a
/// variable the model's val step reports (`loss`); no names at all keeps
/// every reported variable.
struct EvaluationMetrics {
    /// The reported variables to keep, or nil for all of them.
    var reported: [String]?
    /// mmcls's metrics, if any are named.
    var classification: ClassificationMetrics?

    /// The metrics `names` asks for, with `options` (mmcls's `topk`,
    /// `thrs`, `average_mode`) read from `section`'s `metric_options`.
    static func read(names: [String]?, options: ConfigSection?, in section: ConfigSection) throws -> EvaluationMetrics {
        guard let names else {
            if options != nil {
                throw BuildError.invalid(section, "metric_options", "needs metric (metric='accuracy', say)")
            }
            return EvaluationMetrics(reported: nil, classification: nil)
        }
        let computed = names.filter { ClassificationMetrics.names.contains($0) }
        let reported = names.filter { !ClassificationMetrics.names.contains($0) }
        guard !computed.isEmpty else { return EvaluationMetrics(reported: reported, classification: nil) }
        guard let options else {
            return EvaluationMetrics(reported: reported, classification: ClassificationMetrics(metrics: computed))
        }
        try options.requireOnly(["topk", "thrs", "average_mode"], of: "metric_options")
        var topk = [1, 5], topkIsTuple = true
        if let node = options.optionalValue("topk") {
            switch node.value {
            case .int(let k): (topk, topkIsTuple) = ([k], false)
            default: topk = try node.list().map { try $0.int() }
            }
            guard !topk.isEmpty, topk.allSatisfy({ $0 > 0 }) else {
                throw BuildError.invalid(node, "must be a positive integer or a tuple of them")
            }
        }
        if let node = options.optionalValue("thrs"), case .tuple = node.value {
            throw BuildError.invalid(node, "must be one number or None; Pacer does not report several thresholds")
        }
        let modeName = try options.string("average_mode", default: "macro")
        guard let mode = ClassificationMetrics.AverageMode(rawValue: modeName) else {
            throw BuildError.invalid(options, "average_mode", "is '\(modeName)'; it must be 'macro' or 'none'")
        }
        return EvaluationMetrics(
            reported: reported,
            classification: ClassificationMetrics(metrics: computed, topk: topk, topkIsTuple: topkIsTuple,
                                                  threshold: try options.double("thrs", default: 0), averageMode: mode))
    }
}
