/// Why a runner refused to start or stopped.
public enum RunnerError: Error, CustomStringConvertible {
    /// The workflow has no train flow, so it would never end.
    case workflowWithoutTrain
    /// The workflow and the data loaders differ in length.
    case loaderCountMismatch(flows: Int, loaders: Int)
    /// A flow names a mode the runner does not implement.
    case unknownMode(String, known: [String])
    /// A flow has a negative count.
    case negativeFlowCount(Flow)
    /// A train loader yields no batch.
    case emptyTrainLoader
    /// A hook threw at a stage.
    case hookFailed(hook: String, origin: String, stage: HookStage, message: String)
    /// The model's step threw.
    case stepFailed(model: String, origin: String, mode: String, message: String)
    /// A data loader threw.
    case dataFailed(message: String)
    /// A custom runner subclass did not implement its loop.
    case runNotImplemented(String)
    /// A resumed run's position does not lie inside this run's data.
    case invalidResumePoint(source: String, detail: String)
    /// A collective of a distributed run (the gradient all-reduce) failed.
    case communicationFailed(message: String)

    /// One line naming what is wrong and where.
    public var description: String {
        switch self {
        case .workflowWithoutTrain:
            return "workflow has no ('train', N) flow: training would never end"
        case .loaderCountMismatch(let flows, let loaders):
            return "workflow has \(flows) flow(s) but \(loaders) data loader(s) were built; they pair up by position"
        case .unknownMode(let mode, let known):
            return "workflow mode '\(mode)' is not implemented by this runner (modes: \(known.joined(separator: ", ")))"
        case .negativeFlowCount(let flow):
            return "workflow flow ('\(flow.mode)', \(flow.count)) has a negative count"
        case .emptyTrainLoader:
            return "the train data loader has no batches"
        case .hookFailed(let hook, let origin, let stage, let message):
            return "hook \(hook) (\(origin)) failed in \(stage.name): \(message)"
        case .stepFailed(let model, let origin, let mode, let message):
            return "model \(model) (\(origin)) failed in its \(mode) step: \(message)"
        case .dataFailed(let message):
            return "data loading failed: \(message)"
        case .runNotImplemented(let type):
            return "runner \(type) does not override run(_:workflow:)"
        case .invalidResumePoint(let source, let detail):
            return "\(source): checkpoint does not fit this run's data: \(detail)"
        case .communicationFailed(let message):
            return "averaging the gradients across ranks failed: \(message)"
        }
    }
}
