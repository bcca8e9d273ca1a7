/// MMCV's EpochBasedRunner: a workflow counts epochs, `[('train', 2),
/// ('val', 1)]` trains two epochs then validates one, until `maxEpochs`
/// train epochs are done.
open class EpochBasedRunner: Runner {
    /// Runs the workflow. Flows pair with `loaders` by position; a val flow
    /// after the last train epoch still runs, as in MMCV.
    open override func run(_ loaders: [any DataLoader], workflow: [Flow]) throws {
        try validate(loaders, workflow: workflow)
        if let train = workflow.firstIndex(where: { $0.mode == "train" }) {
            maxIters = maxEpochs * loaders[train].count
        }
        try callHook(.beforeRun)
        passes: while epoch < maxEpochs {
            for (flow, loader) in zip(workflow, loaders) {
                for _ in 0..<flow.count {
                    if flow.mode == "train" && epoch >= maxEpochs { break }
                    try runEpoch(mode: flow.mode, loader: loader)
                    if stopReason != nil { break passes }
                }
            }
        }
        try callHook(.afterRun)
    }

    /// Runs one epoch of `mode`. Override, together with `modes`, to add a
    /// custom mode; call `super` for train and val.
    open func runEpoch(mode: String, loader: any DataLoader) throws {
        switch mode {
        case "train": try train(loader)
        default: try val(loader)
        }
    }

    /// One train epoch (MMCV's `EpochBasedRunner.train`). A run resumed
    /// from a checkpoint taken inside an epoch continues that epoch at its
    /// next batch without calling before_train_epoch again, as the
    /// uninterrupted run would.
    public func train(_ loader: any DataLoader) throws {
        mode = "train"
        itersPerEpoch = loader.count
        maxIters = maxEpochs * loader.count
        loader.setEpoch(epoch)
        let start = resumePoint?.innerIter ?? 0
        resumePoint = nil
        if start == 0 { try callHook(.beforeTrainEpoch) }
        for index in start..<max(start, loader.count) {
            let batch = try fetch { try loader.batch(at: index) }
            innerIter = index
            try callHook(.beforeTrainIter)
            try runStep(batch, train: true)
            try callHook(.afterTrainIter)
            iter += 1
            if stopReason != nil { break }
        }
        try callHook(.afterTrainEpoch)
        epoch += 1
    }

    /// One epoch of a custom evaluation mode (such as "test"): the model's
    /// val step over `loader` with `mode` set, calling the generic stages
    /// before_epoch, before_iter, after_iter and after_epoch; `epoch` and
    /// `iter` unchanged.
    public func evaluate(mode: String, loader: any DataLoader) throws {
        self.mode = mode
        itersPerEpoch = loader.count
        loader.setEpoch(epoch)
        try callHook(.beforeEpoch)
        for index in 0..<loader.count {
            let batch = try fetch { try loader.batch(at: index) }
            innerIter = index
            try callHook(.beforeIter)
            try runStep(batch, train: false)
            try callHook(.afterIter)
        }
        try callHook(.afterEpoch)
    }

    /// One val epoch (MMCV's `EpochBasedRunner.val`); counters unchanged.
    public func val(_ loader: any DataLoader) throws {
        mode = "val"
        itersPerEpoch = loader.count
        loader.setEpoch(epoch)
        try callHook(.beforeValEpoch)
        for index in 0..<loader.count {
            let batch = try fetch { try loader.batch(at: index) }
            innerIter = index
            try callHook(.beforeValIter)
            try runStep(batch, train: false)
            try callHook(.afterValIter)
        }
        try callHook(.afterValEpoch)
    }
}
