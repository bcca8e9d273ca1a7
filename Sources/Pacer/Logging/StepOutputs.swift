/// The outputs of the last train or val step: the loss first, then every
/// variable the model reported, and the number of samples. Storage is
/// reused from step to step.
public final class StepOutputs {
    /// The variables in the order they were reported, "loss" first.
    public private(set) var values: [(key: String, value: Double)] = []
    /// Samples in the step's batch: the weight of its values in averages.
    public internal(set) var numSamples = 0

    /// Empty outputs.
    public init() {}

    /// Starts a new step: forgets the previous values and reserves "loss".
    func begin() {
        values.removeAll(keepingCapacity: true)
        values.append(("loss", .nan))
        numSamples = 0
    }

    /// Records a reported variable, replacing an earlier value of `key`.
    public func put(_ key: String, _ value: Double) {
        if let index = values.firstIndex(where: { $0.key == key }) {
            values[index].value = value
        } else {
            values.append((key, value))
        }
    }

    /// The value of `key`, if the last step reported it.
    public func value(_ key: String) -> Double? {
        values.first(where: { $0.key == key })?.value
    }
}
