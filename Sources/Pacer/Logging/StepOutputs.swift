/// The outputs of the last train or val step: the loss first, then every
/// variable the model reported, and the number of samples. Storage is
/// reused from step to step, and a step allocates nothing once the keys
/// have been seen. Used from the runner's thread only; the storage skips
/// Swift's dynamic exclusivity checks.
public final class StepOutputs {
    /// The variables in the order they were reported, "loss" first.
    @exclusivity(unchecked) public private(set) var values: [(key: String, value: Double)] = []
    /// Samples in the step's batch: the weight of its values in averages.
    @exclusivity(unchecked) public internal(set) var numSamples = 0

    /// Where a val step writes each sample's class scores when a caller
    /// asked for them (`pacer test --out`): rows of `scoreCapacity` floats
    /// for a whole batch; nil when nobody asked.
    @exclusivity(unchecked) public var scoreBuffer: UnsafeMutableBufferPointer<Float>?
    /// Floats per sample each row of `scoreBuffer` holds.
    public var scoreCapacity = 0
    /// Floats per sample the last step wrote into `scoreBuffer` (0: none).
    @exclusivity(unchecked) public var scoreCount = 0

    /// Empty outputs.
    public init() {}

    /// Starts a new step: forgets the previous values and reserves "loss"
    /// (entry 0 is always "loss").
    func begin() {
        if values.count > 1 { values.removeSubrange(1...) }
        if values.isEmpty { values.append(("loss", .nan)) } else { values[0].value = .nan }
        numSamples = 0
        scoreCount = 0
    }

    /// Ends a step: records its loss and sample count, and appends every
    /// value to `logBuffer` weighted by the sample count (MMCV's
    /// `log_buffer.update(outputs['log_vars'], outputs['num_samples'])`).
    func end(loss: Double, numSamples: Int, into logBuffer: LogBuffer) {
        values[0].value = loss
        self.numSamples = numSamples
        for index in values.indices {
            logBuffer.update(values[index].key, values[index].value, count: numSamples)
        }
    }

    /// Records a reported variable, replacing an earlier value of `key`.
    public func put(_ key: String, _ value: Double) {
        if let index = values.firstIndex(where: { $0.key == key }) {
            values[index].value = value
        } else {
            values.append((key, value))
        }
    }

    /// Replaces the value of entry `index` (the cross-rank average of a
    /// distributed run).
    func setValue(at index: Int, _ value: Double) {
        values[index].value = value
    }

    /// The value of `key`, if the last step reported it.
    public func value(_ key: String) -> Double? {
        values.first(where: { $0.key == key })?.value
    }
}
