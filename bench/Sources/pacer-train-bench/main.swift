import Foundation
import Pacer
import PacerConfig
import PacerTrain

// pacer-train-bench: how fast Pacer trains a config, in a release build.
//
//   .build/release/pacer-train-bench CONFIG [EPOCHS] [SAMPLES]      (EPOCHS defaults to 3)
//
// Trains CONFIG for 1 + EPOCHS epochs as a plain training loop would:
// workflow [('train', 1)], no custom hooks (no EMA), no checkpoints, the
// work dir in a fresh temporary folder. The config's model, data, batch
// size, optimizer, LR schedule, timer and logger all run as configured.
// Each epoch is timed by the wall clock (EpochClock); the first is warm-up
// and left out of the mean, as the PyTorch peer (bench/pytorch_peer.py)
// leaves out its own. With SAMPLES, each epoch trains the first SAMPLES
// training images (`data.train.num_samples`) and its time is scaled to the
// dataset's full 60,000 (Fashion-MNIST's training split), for models whose
// whole epochs take too long to time in rounds; the peers take the same
// argument. The last line gives the mean and the best epoch.

let arguments = Array(CommandLine.arguments.dropFirst())
let fullEpoch = 60_000
guard (1...3).contains(arguments.count), let epochs = arguments.count >= 2 ? Int(arguments[1]) : 3,
      epochs > 0, let samples = arguments.count == 3 ? Int(arguments[2]) : fullEpoch,
      (1...fullEpoch).contains(samples) else {
    print("usage: pacer-train-bench CONFIG [EPOCHS] [SAMPLES]   (SAMPLES: 1 to \(fullEpoch))")
    exit(2)
}
let path = arguments[0]

do {
    var config = try ConfigLoader.load(path: path)
    var overrides = [
        "workflow=[(train,1)]", "custom_hooks=[]", "checkpoint_config=None", "evaluation=None",
        "runner.type=EpochBasedRunner", "runner.max_epochs=\(1 + epochs)",
    ]
    // Only a config that sets max_iters needs it cleared: EpochBasedRunner refuses the key, even as None.
    if (try? config.dict("runner"))?.optionalValue("max_iters") != nil { overrides.append("runner.max_iters=None") }
    if samples < fullEpoch { overrides.append("data.train.num_samples=\(samples)") }
    try config.merge(ConfigOption.parse(overrides))
    let workDir = FileManager.default.temporaryDirectory
        .appendingPathComponent("pacer-train-bench-\(getpid())").path
    defer { try? FileManager.default.removeItem(atPath: workDir) }
    let session = try TrainingSession(config: config, options: TrainOptions(workDir: workDir))
    let clock = EpochClock()
    session.runner.registerHook(clock, priority: .highest)
    try session.run()
    clock.finish()

    for (index, epoch) in clock.epochs.enumerated() {
        print(String(format: "epoch %d: %.3f s, %d images%@", index + 1, epoch.seconds, epoch.images,
                     index == 0 ? " (warm-up, not counted)" : ""))
    }
    let timed = clock.epochs.dropFirst()
    let seconds = timed.map(\.seconds).reduce(0, +) / Double(timed.count)
    let images = Double(timed.map(\.images).reduce(0, +)) / Double(timed.count)
    let scaled = samples < fullEpoch ? Double(fullEpoch) / images : 1
    // The best epoch too: bench/mlp_sgemm_floor.c prints its best epoch, which noise cannot make look better.
    let best = timed.map(\.seconds).min() ?? seconds
    print(String(format: "pacer: %.3f s per epoch%@, %@ images/s (best epoch %.3f s)", seconds * scaled,
                 samples < fullEpoch ? " (\(Int(images)) images timed, scaled to \(fullEpoch))" : "",
                 (images / seconds).formatted(.number.precision(.fractionLength(0))), best * scaled))
} catch {
    print("pacer-train-bench: \(error)")
    exit(1)
}
