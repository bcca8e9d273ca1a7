import Foundation
import Pacer
import PacerConfig
import PacerTrain
import Testing

/// Loaders hand the model the same batch object again and again; the plugin
/// adapter keeps its C views of it between steps, and must still show the
/// model every change, such as the short last batch of an epoch.
@Suite struct BatchReuseTests {
    @Test func theModelPluginSeesTheShortLastBatchOfEveryEpoch() throws {
        let probe = try ClosureProbe()
        let config = Fixtures.smallConfig(
            workDir: probe.folder + "/work", trainSamples: 100, valSamples: 40, maxEpochs: 2,
            customHooks: [probe.hook("probe_counters", at: "after_train_iter",
                                     args: ["epoch", "iter", "inner_iter", "max_epochs", "max_iters",
                                            "iters_per_epoch", "num_samples"]),
                          probe.hook("probe_counters", at: "after_val_iter",
                                     args: ["epoch", "iter", "inner_iter", "max_epochs", "max_iters",
                                            "iters_per_epoch", "num_samples"])])
        let session = try TrainingSession(config: ConfigLoader.load(path: Fixtures.writeConfig(config, in: probe.folder)))
        try session.run()

        let samples = try probe.calls().map { $0[6] }
        let epoch = ["32", "32", "32", "4", "32", "8"]
        #expect(samples == epoch + epoch)
    }
}
