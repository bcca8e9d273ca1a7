import Pacer
import PacerConfig
import PacerTrain

/// An in-program hook, registered exactly like a plugin: prints each train
/// epoch's mean loss and counts its calls.
final class EpochReporter: Hook {
    let typeName = "EpochReporter"
    let origin = "FashionMNISTExample"
    let stages: Set<HookStage> = [.afterTrainEpoch]
    private(set) var epochsSeen: [Int] = []

    func call(_ stage: HookStage, runner: Runner) throws {
        epochsSeen.append(runner.epoch)
        runner.logBuffer.average()
        let loss = runner.logBuffer.outputValue("loss") ?? .nan
        Console.out("epoch \(runner.epoch + 1) done: mean train loss \(loss), lr \(runner.currentLR[0])")
    }
}

/// MMCV's four steps, in Swift, on Fashion-MNIST: the MLP model plugin, the
/// EMA hook plugin and an in-program hook. Returns the runner and the
/// in-program hook for inspection.
@discardableResult
func trainFashionMNIST(workDir: String, epochs: Int, trainSamples: Int? = nil, testSamples: Int? = nil,
                       resume: String? = nil) throws -> (runner: Runner, reporter: EpochReporter) {
    // Step 1: the model, the optimizer and the data loaders.
    let registries = try Registries.standard(pluginDirectories: [])
    let model = try buildModel(config: ["type": "MLPClassifier", "hidden": [256, 128]], registries: registries)
    let optimizer = try buildOptimizer(
        model: model, config: ["type": "SGD", "lr": 0.05, "momentum": 0.9], registries: registries)
    let train = try MNISTDataset(.fashionMNIST, dataPrefix: MNISTDataset.debianFashionMNIST, testMode: false,
                                 limit: trainSamples)
    let test = try MNISTDataset(.fashionMNIST, dataPrefix: MNISTDataset.debianFashionMNIST, testMode: true,
                                limit: testSamples)
    let loaders = [
        buildDataLoader(dataset: train, samplesPerGPU: 128, workersPerGPU: 1, shuffle: true),
        buildDataLoader(dataset: test, samplesPerGPU: 128),
    ]

    // Step 2: the runner, from its config and the default arguments.
    let runner = try buildRunner(
        config: ["type": "EpochBasedRunner", "max_epochs": .int(epochs)],
        defaults: RunnerDefaults(model: model, optimizer: optimizer, workDir: workDir), registries: registries)

    // Step 3: the training hooks, then each custom hook at its priority.
    try runner.registerTrainingHooks(
        lrConfig: ["policy": "step", "step": [.int(max(1, epochs - 1))]],
        optimizerConfig: [:],
        checkpointConfig: ["interval": 1],
        logConfig: ["interval": 100, "hooks": [["type": "TextLoggerHook"]]],
        registries: registries)
    let reporter = EpochReporter()
    runner.registerHook(reporter, priority: .low)
    let ema = try buildHook(config: ["type": "EMAHook", "momentum": 0.01], runner: runner, registries: registries)
    runner.registerHook(ema, priority: try Priority(49))

    // Step 4: resume if asked, then run the workflow.
    if let resume { try runner.resume(resume) }
    try runner.run(loaders, workflow: [Flow("train", 1), Flow("val", 1)])
    return (runner, reporter)
}
