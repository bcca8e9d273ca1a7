import Foundation
import Pacer
@testable import PacerTrain

// Test doubles for data only: the runners, hooks, optimizer, loaders and
// checkpoint code these tests drive are the real ones.

/// Float memory for parameters and their gradients, freed with its owner.
final class TensorMemory {
    private(set) var parameters: [Parameter] = []
    private var blocks: [UnsafeMutablePointer<Float>] = []

    /// Adds a parameter named `name` holding `values`, with a gradient
    /// holding `grad` (or no gradient when nil).
    @discardableResult
    func add(_ name: String, _ values: [Float], grad: [Float]?) -> Parameter {
        let data = allocate(values)
        let gradient = grad.map { allocate($0) }
        let parameter = Parameter(name: name, shape: [values.count], data: data, grad: gradient)
        parameters.append(parameter)
        return parameter
    }

    private func allocate(_ values: [Float]) -> UnsafeMutablePointer<Float> {
        let block = UnsafeMutablePointer<Float>.allocate(capacity: max(values.count, 1))
        block.initialize(from: values, count: values.count)
        blocks.append(block)
        return block
    }

    deinit {
        for block in blocks { block.deallocate() }
    }
}

/// The current values of `parameter`.
func values(of parameter: Parameter) -> [Float] {
    Array(UnsafeBufferPointer(start: parameter.data, count: parameter.count))
}

/// The current gradient of `parameter`.
func gradient(of parameter: Parameter) -> [Float] {
    Array(UnsafeBufferPointer(start: parameter.grad!, count: parameter.count))
}

/// Overwrites the gradient of `parameter`.
func setGradient(_ parameter: Parameter, _ values: [Float]) {
    for (i, value) in values.enumerated() { parameter.grad![i] = value }
}

/// A model whose train step writes fixed gradients into its parameters.
final class TinyModel: Model {
    let typeName = "TinyModel"
    private let memory = TensorMemory()
    private let bufferMemory = TensorMemory()
    /// What each train step writes into each parameter's gradient.
    var stepGradients: [[Float]]
    private(set) var trainSteps = 0

    /// Parameters named `names` with `values`; each train step writes
    /// `gradients` into them. One untrained buffer "running" is added.
    init(names: [String], values: [[Float]], gradients: [[Float]]) {
        stepGradients = gradients
        for (name, value) in zip(names, values) {
            memory.add(name, value, grad: Array(repeating: 0, count: value.count))
        }
        bufferMemory.add("running", [7, 8], grad: nil)
    }

    /// One parameter "w" with `values`, stepping with `gradient`.
    convenience init(values: [Float] = [1, 2], gradient: [Float] = [0.5, -0.25]) {
        self.init(names: ["w"], values: [values], gradients: [gradient])
    }

    var parameters: [Parameter] { memory.parameters }
    var buffers: [Parameter] { bufferMemory.parameters }

    func trainStep(_ batch: Batch, runner: Runner) throws -> StepResult {
        trainSteps += 1
        for (parameter, grad) in zip(parameters, stepGradients) { setGradient(parameter, grad) }
        return StepResult(loss: 1, numSamples: batch.count)
    }

    func valStep(_ batch: Batch, runner: Runner) throws -> StepResult {
        StepResult(loss: 0, numSamples: batch.count)
    }
}

/// A loader of `count` batches of two float samples each.
final class FixedLoader: DataLoader {
    let count: Int
    private let storage = UnsafeMutablePointer<Float>.allocate(capacity: 2)
    private(set) var epochsSet: [Int] = []

    init(count: Int) {
        self.count = count
        storage.initialize(repeating: 0, count: 2)
    }

    func setEpoch(_ epoch: Int) { epochsSet.append(epoch) }

    func batch(at index: Int) throws -> Batch {
        storage[0] = Float(index)
        storage[1] = Float(index)
        return Batch(fields: [BatchField(name: "x", dtype: .float32, shape: [2], data: UnsafeMutableRawPointer(storage))])
    }

    deinit { storage.deallocate() }
}

/// A hook that runs `action` at the given stages.
final class ClosureHook: Hook {
    let typeName: String
    let origin = "test"
    let stages: Set<HookStage>
    private let action: (HookStage, Runner) throws -> Void

    init(_ name: String, stages: Set<HookStage>, action: @escaping (HookStage, Runner) throws -> Void) {
        typeName = name
        self.stages = stages
        self.action = action
    }

    func call(_ stage: HookStage, runner: Runner) throws { try action(stage, runner) }
}

/// Records `runner.currentLR[0]` and `runner.iter` before every train iteration.
final class LRRecorder: Hook {
    let typeName = "LRRecorder"
    let origin = "test"
    let stages: Set<HookStage> = [.beforeTrainIter]
    private(set) var lrs: [Double] = []
    private(set) var iters: [Int] = []

    func call(_ stage: HookStage, runner: Runner) throws {
        lrs.append(runner.currentLR[0])
        iters.append(runner.iter)
    }
}

/// An SGD over every parameter of `model` in one group.
func makeSGD(_ model: any Model, lr: Double, momentum: Double = 0, weightDecay: Double = 0) -> SGD {
    SGD(parameters: model.parameters,
        groups: [ParamGroup(parameterIndices: Array(model.parameters.indices), lr: lr, momentum: momentum,
                            weightDecay: weightDecay)])
}

/// `actual` is within `relative` of `expected`.
func isClose(_ actual: Double, _ expected: Double, relative: Double = 1e-12) -> Bool {
    abs(actual - expected) <= relative * abs(expected)
}

/// A fresh folder under the system temporary folder; call `remove()` when done.
struct TemporaryFolder {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "pacer-train-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }

    /// The names in the folder, sorted (hidden ones included).
    func listing() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).sorted()
    }
}

/// The standard output of the tool at `path` run with `arguments`.
func runTool(_ path: String, _ arguments: [String]) throws -> [UInt8] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return [UInt8](data)
}

/// The little-endian float32 elements of `bytes`.
func floats(_ bytes: [UInt8]) -> [Float] {
    stride(from: 0, to: bytes.count, by: 4).map { offset in
        Float(bitPattern: UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8
            | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24)
    }
}
