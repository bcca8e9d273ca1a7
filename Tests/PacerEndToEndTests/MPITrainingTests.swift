import Foundation
import Pacer
import PacerConfig
import PacerTrain
import Testing

/// `mpirun -np 2 pacer train CONFIG --launcher mpi` on Open MPI and the
/// MPIComm plugin: two ranks of batch B train like one process of batch 2B,
/// evaluate like one process, write files on rank 0 only, end together when
/// one rank dies, and resume. They need `mpirun`, the plugin built beside
/// `pacer` (`make -C Plugins/MPIComm`) and `PACER_MPI_TESTS=1`; CI has all
/// three (.ci/run).
@Suite(.serialized, .enabled(if: MPIEnvironment.available, MPIEnvironment.skipReason))
struct MPITrainingTests {
    static let pacer = MPIEnvironment.pacer
    static let mpirun = MPIEnvironment.mpirun

    /// Rank batch, and the train and test samples (the test split's length
    /// is odd, so two ranks do not divide it).
    static let batch = 16, trainSamples = 256, valSamples = 201

    @Test func twoRanksOfBatchBStepLikeOneProcessOfBatch2B() throws {
        let folder = try Fixtures.temporaryDirectory()
        // One step per epoch: 2B samples.
        let single = try train(folder, "single", ranks: 1, trainSamples: 2 * Self.batch, maxEpochs: 1)
        let ranks = try train(folder, "ranks", ranks: 2, trainSamples: 2 * Self.batch, maxEpochs: 1)
        try expectClose(checkpoint(folder, "ranks", "epoch_1"), checkpoint(folder, "single", "epoch_1"),
                        relative: 1e-6, single.output + ranks.output)
    }

    @Test func twoRanksLogTheLossesAndAccuraciesOfOneProcessOfBatch2B() throws {
        let folder = try Fixtures.temporaryDirectory()
        _ = try train(folder, "single", ranks: 1)
        _ = try train(folder, "ranks", ranks: 2)
        let single = try logRecords(folder + "/single"), ranks = try logRecords(folder + "/ranks")
        let singleLosses = single.filter { $0["mode"] == .string("train") }.compactMap { $0["loss"]?.number }
        let rankLosses = ranks.filter { $0["mode"] == .string("train") }.compactMap { $0["loss"]?.number }
        // The logged loss is the mean of the ranks' (each rank's batch is half of the 2B batch).
        #expect(singleLosses.count == 2 * (Self.trainSamples / (2 * Self.batch)) / 4)
        #expect(rankLosses.count == singleLosses.count)
        for (rank, one) in zip(rankLosses, singleLosses) {
            #expect(abs(rank - one) <= 1e-3 * abs(one), "logged loss \(rank) on 2 ranks, \(one) in one process")
        }
        let singleAccuracy = single.compactMap { $0["accuracy_top-1"]?.number }
        let rankAccuracy = ranks.compactMap { $0["accuracy_top-1"]?.number }
        #expect(singleAccuracy.count == 2 && rankAccuracy.count == 2)
        for (rank, one) in zip(rankAccuracy, singleAccuracy) {
            #expect(abs(rank - one) / 100 <= 0.002, "accuracy \(rank)% on 2 ranks, \(one)% in one process")
        }
    }

    @Test func twoIdenticalDistributedRunsAgreeBitForBit() throws {
        let folder = try Fixtures.temporaryDirectory()
        _ = try train(folder, "first", ranks: 2)
        _ = try train(folder, "second", ranks: 2)
        let first = try checkpoint(folder, "first", "epoch_2"), second = try checkpoint(folder, "second", "epoch_2")
        #expect(first.state.names == second.state.names)
        for name in first.state.names {
            #expect(first.state.get(name) == second.state.get(name), "\(name) differs")
        }
    }

    @Test func onlyRankZeroWritesTheWorkDir() throws {
        let folder = try Fixtures.temporaryDirectory()
        let ranks = try train(folder, "ranks", ranks: 2, tensorboard: true)
        let single = try train(folder, "single", ranks: 1, tensorboard: true)
        func shape(_ name: String) throws -> [String] {
            try FileManager.default.subpathsOfDirectory(atPath: folder + "/" + name).map {
                $0.replacingOccurrences(of: name + ".json", with: "config.json")
                    .replacingOccurrences(of: #"[0-9]{8}_[0-9]{6}"#, with: "T", options: .regularExpression)
                    .replacingOccurrences(of: #"tfevents\..*"#, with: "tfevents", options: .regularExpression)
            }.sorted()
        }
        #expect(try shape("ranks") == shape("single"))
        #expect(try shape("ranks").filter { $0.contains("tfevents") }.count == 1)
        // Rank 1 prints nothing to standard output: each logged line once.
        let lines = ranks.output.split(separator: "\n").filter { $0.hasPrefix("Epoch [1][4/") }
        #expect(lines.count == 1, "\(ranks.output)")
        #expect(single.status == 0)
    }

    @Test func distributedEvaluationGivesTheSingleProcessMetricsOnAnUnevenSplit() throws {
        let folder = try Fixtures.temporaryDirectory()
        _ = try train(folder, "trained", ranks: 1)
        // Weights that stay still (lr 0) evaluated by 1 and by 2 processes.
        let weights = folder + "/trained/epoch_2.safetensors"
        _ = try train(folder, "single", ranks: 1, maxEpochs: 1, loadFrom: weights, learningRate: 0)
        _ = try train(folder, "ranks", ranks: 2, maxEpochs: 1, loadFrom: weights, learningRate: 0)
        let single = try logRecords(folder + "/single").filter { $0["accuracy_top-1"] != nil }
        let ranks = try logRecords(folder + "/ranks").filter { $0["accuracy_top-1"] != nil }
        #expect(single.count == 1 && ranks.count == 1)
        for key in ["accuracy_top-1", "accuracy_top-5"] {
            #expect(ranks.first?[key] == single.first?[key], "\(key)")
        }
    }

    @Test func aKilledRankEndsTheJobNamingItAndTheRunResumesToTheUninterruptedResult() throws {
        let folder = try Fixtures.temporaryDirectory()
        _ = try train(folder, "reference", ranks: 2, maxEpochs: 4)
        let config = try writeConfig(folder, "killed", maxEpochs: 4)
        let job = Process()
        job.executableURL = URL(fileURLWithPath: Self.mpirun!)
        job.arguments = Self.mpiFlags(ranks: 2) + [Self.pacer, "train", config, "--launcher", "mpi"]
        let pipe = Pipe()
        job.standardOutput = pipe
        job.standardError = pipe
        try job.run()
        let checkpoint = folder + "/killed/epoch_1.safetensors"
        let deadline = Date().addingTimeInterval(240)
        while !FileManager.default.fileExists(atPath: checkpoint) && job.isRunning && Date() < deadline {
            usleep(20_000)
        }
        let victim = try #require(rankProcess(1), "rank 1's process was not found")
        kill(victim, SIGKILL)
        let killed = Date()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        job.waitUntilExit()
        #expect(Date().timeIntervalSince(killed) < 10, "the job took longer than 10 s to end")
        #expect(job.terminationStatus != 0)
        #expect(output.contains("rank 1"), "\(output)")

        let resumed = try train(folder, "killed", ranks: 2, maxEpochs: 4, arguments: ["--resume-from", "auto"])
        #expect(resumed.output.contains("resumed from \(folder)/killed/"), "\(resumed.output)")
        let expected = try self.checkpoint(folder, "reference", "epoch_4")
        let actual = try self.checkpoint(folder, "killed", "epoch_4")
        for name in expected.state.names {
            #expect(actual.state.get(name) == expected.state.get(name), "\(name) differs")
        }
    }

    @Test func aRankThatFailsEndsTheJobWithItsErrorLine() throws {
        let folder = try Fixtures.temporaryDirectory()
        let good = try writeConfig(folder, "good", maxEpochs: 4)
        // Rank 1 alone gets a batch size its data cannot hold, after the job
        // was joined: rank 0 waits for it in a collective.
        let bad = try writeConfig(folder, "bad", maxEpochs: 4, trainSamples: 8)
        let started = Date()
        let result = try Fixtures.run(Self.mpirun!, Self.mpiFlags(ranks: 1) + [Self.pacer, "train", good, "--launcher", "mpi"]
            + [":", "-np", "1", Self.pacer, "train", bad, "--launcher", "mpi"])
        #expect(result.status != 0)
        #expect(Date().timeIntervalSince(started) < 60)
        #expect(result.output.contains("rank 1: error: ") && result.output.contains("samples_per_gpu"),
                "\(result.output)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/good/epoch_4.safetensors"))
    }

    // MARK: - Helpers

    static func mpiFlags(ranks: Int) -> [String] {
        ["--allow-run-as-root", "--oversubscribe", "--mca", "mpi_yield_when_idle", "1", "-np", String(ranks),
         "-x", "OPENBLAS_NUM_THREADS=1"]
    }

    private func writeConfig(_ folder: String, _ name: String, ranks: Int = 2, maxEpochs: Int = 2,
                             trainSamples: Int = trainSamples, loadFrom: String? = nil, learningRate: Double = 0.05,
                             tensorboard: Bool = false) throws -> String {
        var loggers: [ConfigValue] = [["type": "TextLoggerHook"]]
        if tensorboard { loggers.append(["type": "TensorboardLoggerHook"]) }
        var config = Fixtures.smallConfig(workDir: "\(folder)/\(name)", trainSamples: trainSamples,
                                          valSamples: Self.valSamples, maxEpochs: maxEpochs, loggers: loggers)
        config.set("data.samples_per_gpu", .int(Self.batch * (ranks == 1 ? 2 : 1)))
        config.set("optimizer.lr", .double(learningRate))
        config["evaluation"] = ["interval": 1, "metric": "accuracy"]
        config["workflow"] = [.tuple(["train", 1])]
        if let loadFrom { config["load_from"] = .string(loadFrom) }
        return try Fixtures.writeConfig(config, in: folder, name: name + ".json")
    }

    /// Trains config `name` with 1 process (batch 2B) or 2 ranks (batch B each).
    @discardableResult
    private func train(_ folder: String, _ name: String, ranks: Int, trainSamples: Int = trainSamples,
                       maxEpochs: Int = 2, loadFrom: String? = nil, learningRate: Double = 0.05,
                       tensorboard: Bool = false, arguments: [String] = []) throws -> (status: Int32, output: String) {
        let config = try writeConfig(folder, name, ranks: ranks, maxEpochs: maxEpochs, trainSamples: trainSamples,
                                     loadFrom: loadFrom, learningRate: learningRate, tensorboard: tensorboard)
        let result = ranks == 1
            ? try Fixtures.run(Self.pacer, ["train", config] + arguments, environment: ["OPENBLAS_NUM_THREADS": "1"])
            : try Fixtures.run(Self.mpirun!, Self.mpiFlags(ranks: ranks)
                               + [Self.pacer, "train", config, "--launcher", "mpi"] + arguments)
        #expect(result.status == 0, "\(name): \(result.output)")
        return result
    }

    private func checkpoint(_ folder: String, _ name: String, _ file: String) throws -> CheckpointFile {
        try CheckpointFile.read("\(folder)/\(name)/\(file).safetensors")
    }

    /// The records of the work dir's `.log.json`, after its metadata line.
    private func logRecords(_ workDir: String) throws -> [ConfigDict] {
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: workDir)
            .first { $0.hasSuffix(".log.json") })
        let text = try String(contentsOfFile: workDir + "/" + name, encoding: .utf8)
        return try text.split(separator: "\n").dropFirst().map {
            guard case .dict(let record) = try JSONReader.value(from: Array($0.utf8), file: name) else { return [:] }
            return record
        }
    }

    /// Every parameter of `actual` within `relative` of `expected`, in norm.
    private func expectClose(_ actual: CheckpointFile, _ expected: CheckpointFile, relative: Double,
                             _ context: String) throws {
        for name in expected.state.names where !name.hasPrefix("optimizer.") {
            let a = try #require(actual.state.get(name)).floats, e = try #require(expected.state.get(name)).floats
            let difference = zip(a, e).reduce(0.0) { $0 + Double(($1.0 - $1.1) * ($1.0 - $1.1)) }.squareRoot()
            let norm = e.reduce(0.0) { $0 + Double($1 * $1) }.squareRoot()
            #expect(difference <= relative * max(norm, 1e-30), "\(name): \(difference) vs norm \(norm)\n\(context)")
        }
    }

    /// The pid of the `pacer` process of rank `rank` started by this test's mpirun.
    private func rankProcess(_ rank: Int) -> pid_t? {
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = pid_t(entry),
                  let environment = FileManager.default.contents(atPath: "/proc/\(entry)/environ"),
                  let command = try? String(contentsOfFile: "/proc/\(entry)/comm", encoding: .utf8),
                  command.hasPrefix("pacer") else { continue }
            let variables = environment.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            if variables.contains("OMPI_COMM_WORLD_RANK=\(rank)") && variables.contains(where: {
                $0.hasPrefix("PACER_MPI_TESTS=")
            }) { return pid }
        }
        return nil
    }
}

extension ConfigValue {
    /// The value as a Double, for an int or a float.
    fileprivate var number: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }
}

extension StateTensor {
    /// The tensor's values as floats (F32 tensors).
    fileprivate var floats: [Float] {
        bytes.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }
}

/// Whether the MPI tests can run, and why not.
enum MPIEnvironment {
    static let pacer = Fixtures.buildDirectory + "/pacer"
    static let plugin = Fixtures.buildDirectory + "/libPacerMPIComm.so"
    static let mpirun = ["/usr/bin/mpirun", "/usr/local/bin/mpirun"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let available = ProcessInfo.processInfo.environment["PACER_MPI_TESTS"] == "1" && mpirun != nil
        && FileManager.default.fileExists(atPath: plugin)
    static let skipReason: Comment = "needs PACER_MPI_TESTS=1, mpirun and Plugins/MPIComm built beside pacer (apt-get install -y openmpi-bin libopenmpi-dev && make -C Plugins/MPIComm)"
}

/// What `--launcher` does without Open MPI: runs everywhere, no mpirun needed.
@Suite struct LauncherTests {
    @Test func askingForMPIWithoutTheBackendBuiltIsOneLineSayingHowToBuildIt() throws {
        let folder = try Fixtures.temporaryDirectory()
        let path = try Fixtures.writeConfig(Fixtures.smallConfig(workDir: folder + "/work"), in: folder)
        var options = TrainOptions()
        options.launcher = "mpi"
        let error = #expect(throws: BuildError.self) {
            // A plugin search path without MPIComm: the backend is not built.
            _ = try TrainingSession(config: ConfigLoader.load(path: path), options: options) {
                $0.communicators = Registry(kind: "communication backend")
            }
        }
        let line = error.map { "\($0)" } ?? ""
        #expect(line.contains(path) && line.contains("launcher")
                && line.contains("make -C Plugins/MPIComm") && !line.contains("\n"), "\(line)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/work"))
    }

    @Test func anUnknownLauncherNamesTheChoices() throws {
        let folder = try Fixtures.temporaryDirectory()
        var config = Fixtures.smallConfig(workDir: folder + "/work")
        config["launcher"] = "pytorch"
        let path = try Fixtures.writeConfig(config, in: folder)
        let error = #expect(throws: BuildError.self) { _ = try TrainingSession(config: ConfigLoader.load(path: path)) }
        #expect("\(error.map { "\($0)" } ?? "")".contains("use one of none, mpi, slurm"))
    }

    @Test func withoutALauncherTheRunIsRankZeroOfOne() throws {
        let folder = try Fixtures.temporaryDirectory()
        let path = try Fixtures.writeConfig(Fixtures.smallConfig(workDir: folder + "/work"), in: folder)
        let session = try TrainingSession(config: ConfigLoader.load(path: path))
        #expect(session.runner.communicator == nil)
        #expect(session.runner.rank == 0 && session.runner.worldSize == 1)
    }
}
