/// MMCV's IterBasedRunner: a workflow counts iterations over endless
/// `IterLoader`s, until `maxIters` train iterations are done. It calls the
/// generic `before_epoch`/`after_epoch` once around the run and never the
/// train/val epoch stages, as MMCV does.
open class IterBasedRunner: Runner {
    /// The endless streams of the current run, one per workflow flow.
    public private(set) var streams: [IterLoader] = []

    /// Runs the workflow. Flows pair with `loaders` by position.
    open override func run(_ loaders: [any DataLoader], workflow: [Flow]) throws {
        try validate(loaders, workflow: workflow)
        try callHook(.beforeRun)
        let resumed = resumePoint?.streams ?? []
        streams = loaders.enumerated().map { index, loader in
            let start = index < resumed.count ? resumed[index] : StreamPosition(epoch: 0, position: 0)
            return IterLoader(loader, epoch: start.epoch, position: start.position)
        }
        resumePoint = nil
        try callHook(.beforeEpoch)
        passes: while iter < maxIters {
            for (flow, stream) in zip(workflow, streams) {
                innerIter = 0
                let isTrain = flow.mode == "train"
                for _ in 0..<flow.count {
                    if isTrain && iter >= maxIters { break }
                    try runIteration(mode: flow.mode, stream: stream)
                    if stopReason != nil { break passes }
                }
            }
        }
        try callHook(.afterEpoch)
        try callHook(.afterRun)
    }

    /// Runs one iteration of `mode`. Override, together with `modes`, to
    /// add a custom mode; call `super` for train and val.
    open func runIteration(mode: String, stream: IterLoader) throws {
        switch mode {
        case "train": try train(stream)
        default: try val(stream)
        }
    }

    /// One train iteration. `epoch` is read before the stream advances, so
    /// it catches up one iteration after a wrap-around, as in MMCV.
    public func train(_ stream: IterLoader) throws {
        if mode != "train" { mode = "train" }  // unchanged most of the time; a store would release the old string
        itersPerEpoch = stream.loader.count
        epoch = stream.epoch
        let batch = try fetch { try stream.next() }
        try callHook(.beforeTrainIter)
        try runStep(batch, train: true)
        try callHook(.afterTrainIter)
        innerIter += 1
        iter += 1
    }

    /// One val iteration; `iter` and `epoch` unchanged.
    public func val(_ stream: IterLoader) throws {
        if mode != "val" { mode = "val" }
        itersPerEpoch = stream.loader.count
        let batch = try fetch { try stream.next() }
        try callHook(.beforeValIter)
        try runStep(batch, train: false)
        try callHook(.afterValIter)
        innerIter += 1
    }
}
