import Pacer

/// A model with one scalar parameter whose steps only count calls: enough
/// to drive the runners, whose behaviour is what these tests check.
final class CountingModel: Model {
    let typeName = "CountingModel"
    let value = UnsafeMutablePointer<Float>.allocate(capacity: 2)
    var trainSteps = 0
    var valSteps = 0
    var parameters: [Parameter] { [Parameter(name: "w", shape: [1], data: value, grad: value + 1)] }
    var buffers: [Parameter] { [] }

    init() { value.initialize(repeating: 0, count: 2) }

    func trainStep(_ batch: Batch, runner: Runner) throws -> StepResult {
        trainSteps += 1
        return StepResult(loss: Double(trainSteps), numSamples: batch.count)
    }

    func valStep(_ batch: Batch, runner: Runner) throws -> StepResult {
        valSteps += 1
        runner.outputs.put("accuracy", 0.5)
        return StepResult(loss: 0, numSamples: batch.count)
    }

    deinit { value.deallocate() }
}

/// A loader of `count` one-sample batches.
final class ListLoader: DataLoader {
    let count: Int
    private let storage = UnsafeMutablePointer<Float>.allocate(capacity: 1)
    private(set) var epochsSet: [Int] = []

    init(count: Int) { self.count = count }

    func setEpoch(_ epoch: Int) { epochsSet.append(epoch) }

    func batch(at index: Int) throws -> Batch {
        storage.pointee = Float(index)
        return Batch(fields: [BatchField(name: "x", dtype: .float32, shape: [1], data: UnsafeMutableRawPointer(storage))])
    }

    deinit { storage.deallocate() }
}

/// One recorded hook call: MMCV's observable runner state at that moment.
struct Call: Equatable, CustomStringConvertible {
    let stage: String
    let mode: String
    let epoch: Int
    let iter: Int
    let innerIter: Int

    init(_ stage: String, _ mode: String, _ epoch: Int, _ iter: Int, _ innerIter: Int) {
        self.stage = stage
        self.mode = mode
        self.epoch = epoch
        self.iter = iter
        self.innerIter = innerIter
    }

    var description: String { "\(stage) \(mode) e\(epoch) i\(iter) n\(innerIter)" }
}

/// A hook implementing every stage that records each call.
final class RecordingHook: Hook {
    let typeName: String
    let origin = "test"
    let stages: Set<HookStage>
    private(set) var calls: [Call] = []
    var onCall: ((HookStage, Runner) throws -> Void)?

    init(_ name: String = "RecordingHook", stages: Set<HookStage> = Set(HookStage.allCases)) {
        typeName = name
        self.stages = stages
    }

    func call(_ stage: HookStage, runner: Runner) throws {
        calls.append(Call(stage.name, runner.mode ?? "none", runner.epoch, runner.iter, runner.innerIter))
        try onCall?(stage, runner)
    }
}

/// A runner of `Kind` over a counting model, with a recording hook.
func makeRunner<Kind: Runner>(_ kind: Kind.Type, maxEpochs: Int = 0, maxIters: Int = 0) -> (Kind, RecordingHook) {
    let runner = Kind(model: CountingModel(), optimizer: nil, workDir: "/tmp", timestamp: "t",
                      maxEpochs: maxEpochs, maxIters: maxIters)
    let hook = RecordingHook()
    runner.registerHook(hook)
    return (runner, hook)
}
