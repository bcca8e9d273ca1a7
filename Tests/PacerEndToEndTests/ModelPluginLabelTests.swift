import PacerConfig
import PacerTrain
import Testing

/// A label the model has no class for (Fashion-MNIST's 0-9 against
/// `num_classes=5`) stops the run with one line that names the plugin's
/// file and the label, never a crash or a silent wrong loss.
@Suite struct ModelPluginLabelTests {
    @Test(arguments: [("MLPClassifier", ["hidden": [8]] as ConfigDict),
                      ("CNNClassifier", ["channels": [2], "hidden": [4]] as ConfigDict)])
    func aLabelPastNumClassesIsOneLineNamingIt(type: String, options: ConfigDict) throws {
        let folder = try Fixtures.temporaryDirectory()
        var config = Fixtures.smallConfig(workDir: folder + "/work", trainSamples: 64, valSamples: 32)
        var model = options
        model["type"] = .string(type)
        model["num_classes"] = 5
        config["model"] = .dict(model)
        let session = try TrainingSession(config: ConfigLoader.load(path: Fixtures.writeConfig(config, in: folder)))
        #expect {
            try session.run()
        } throws: { error in
            let text = "\(error)"
            return text.contains(type + ": gt_label[") && text.contains("is outside [0, 5)") && !text.contains("\n")
                && text.contains(".so) failed in its train step")
        }
    }
}
