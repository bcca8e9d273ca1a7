import Pacer
import PacerTrain
import Testing

/// SGD against PyTorch's update rule, with expected floats computed by hand
/// in the same order: d = g + wd*p; buf = d (first step) or m*buf + (1-damp)*d;
/// d = d + m*buf (nesterov) or buf; p = p - lr*d.
@Suite("SGD")
struct SGDTests {
    private static func group(_ indices: [Int], lr: Double, momentum: Double = 0, weightDecay: Double = 0) -> ParamGroup {
        ParamGroup(parameterIndices: indices, lr: lr, momentum: momentum, weightDecay: weightDecay)
    }

    @Test func plainStepSubtractsLearningRateTimesGradient() {
        let memory = TensorMemory()
        let p = memory.add("w", [1.0, -2.0, 0.3], grad: [0.5, 0.25, -1.7])
        let sgd = SGD(parameters: memory.parameters, groups: [Self.group([0], lr: 0.1)])
        sgd.step()
        let lr = Float(0.1)
        #expect(values(of: p) == [1.0 - lr * 0.5, -2.0 - lr * 0.25, Float(0.3) - lr * Float(-1.7)])
    }

    @Test func gradientIsLeftUntouchedByTheStep() {
        let memory = TensorMemory()
        let p = memory.add("w", [1.0, -2.0], grad: [0.5, 0.25])
        let sgd = SGD(parameters: memory.parameters, groups: [Self.group([0], lr: 0.1, momentum: 0.9, weightDecay: 0.1)])
        sgd.step()
        #expect(gradient(of: p) == [0.5, 0.25])
    }

    @Test func firstMomentumStepBufferEqualsGradientWithoutDampening() throws {
        let memory = TensorMemory()
        let p = memory.add("w", [1.0, -2.0], grad: [0.5, -0.3])
        let sgd = SGD(parameters: memory.parameters,
                      groups: [Self.group([0], lr: 0.1, momentum: 0.9)], dampening: 0.5)
        sgd.step()
        let buffer = try #require(sgd.state.first)
        #expect(buffer.name == "momentum_buffer.w")
        #expect(values(of: buffer) == [0.5, -0.3])
        let lr = Float(0.1)
        #expect(values(of: p) == [1.0 - lr * 0.5, -2.0 - lr * Float(-0.3)])
    }

    @Test func laterMomentumStepsUseDampenedBuffer() throws {
        let memory = TensorMemory()
        let p = memory.add("w", [1.0, -2.0], grad: [0.5, -0.3])
        let sgd = SGD(parameters: memory.parameters,
                      groups: [Self.group([0], lr: 0.1, momentum: 0.9)], dampening: 0.25)
        sgd.step()
        let afterFirst = values(of: p)
        setGradient(p, [0.2, 0.7])
        sgd.step()
        let m = Float(0.9), keep = Float(1.0 - 0.25), lr = Float(0.1)
        let buf0 = m * Float(0.5) + keep * Float(0.2)
        let buf1 = m * Float(-0.3) + keep * Float(0.7)
        #expect(values(of: try #require(sgd.state.first)) == [buf0, buf1])
        #expect(values(of: p) == [afterFirst[0] - lr * buf0, afterFirst[1] - lr * buf1])
    }

    @Test func weightDecayIsAddedToTheGradient() {
        let memory = TensorMemory()
        let p = memory.add("w", [1.5, -2.0], grad: [0.5, 0.25])
        let sgd = SGD(parameters: memory.parameters, groups: [Self.group([0], lr: 0.1, weightDecay: 0.01)])
        sgd.step()
        let lr = Float(0.1), wd = Float(0.01)
        let d0 = Float(0.5) + wd * Float(1.5)
        let d1 = Float(0.25) + wd * Float(-2.0)
        #expect(values(of: p) == [Float(1.5) - lr * d0, Float(-2.0) - lr * d1])
    }

    @Test func weightDecayEntersTheMomentumBuffer() throws {
        let memory = TensorMemory()
        let p = memory.add("w", [2.0], grad: [0.5])
        let sgd = SGD(parameters: memory.parameters, groups: [Self.group([0], lr: 0.1, momentum: 0.9, weightDecay: 0.1)])
        sgd.step()
        let d = Float(0.5) + Float(0.1) * Float(2.0)
        #expect(values(of: try #require(sgd.state.first)) == [d])
        #expect(values(of: p) == [Float(2.0) - Float(0.1) * d])
    }

    @Test func nesterovAddsMomentumTimesBufferToTheGradient() {
        let memory = TensorMemory()
        let p = memory.add("w", [1.0, -1.0], grad: [0.5, 0.3])
        let sgd = SGD(parameters: memory.parameters,
                      groups: [Self.group([0], lr: 0.1, momentum: 0.9)], nesterov: true)
        let m = Float(0.9), lr = Float(0.1)
        sgd.step()
        // First step: buf = g, d = g + m*buf.
        let first: [Float] = [Float(1.0) - lr * (Float(0.5) + m * Float(0.5)),
                              Float(-1.0) - lr * (Float(0.3) + m * Float(0.3))]
        #expect(values(of: p) == first)
        setGradient(p, [-0.2, 0.4])
        sgd.step()
        let buf0 = m * Float(0.5) + Float(1.0) * Float(-0.2)
        let buf1 = m * Float(0.3) + Float(1.0) * Float(0.4)
        #expect(values(of: p) == [first[0] - lr * (Float(-0.2) + m * buf0), first[1] - lr * (Float(0.4) + m * buf1)])
    }

    @Test func eachParamGroupUsesItsOwnLearningRate() {
        let memory = TensorMemory()
        let a = memory.add("a", [1.0, 2.0], grad: [0.5, 0.5])
        let b = memory.add("b", [1.0], grad: [0.5])
        let c = memory.add("c", [3.0], grad: [-0.5])
        let sgd = SGD(parameters: memory.parameters,
                      groups: [Self.group([0, 2], lr: 0.1), Self.group([1], lr: 0.01)])
        sgd.step()
        #expect(values(of: a) == [Float(1.0) - Float(0.1) * 0.5, Float(2.0) - Float(0.1) * 0.5])
        #expect(values(of: b) == [Float(1.0) - Float(0.01) * 0.5])
        #expect(values(of: c) == [Float(3.0) - Float(0.1) * Float(-0.5)])
    }

    @Test func eachParamGroupUsesItsOwnMomentumAndWeightDecay() {
        let memory = TensorMemory()
        let a = memory.add("a", [1.0], grad: [0.5])
        let b = memory.add("b", [1.0], grad: [0.5])
        let sgd = SGD(parameters: memory.parameters,
                      groups: [Self.group([0], lr: 0.1, momentum: 0.9),
                               Self.group([1], lr: 0.1, momentum: 0, weightDecay: 0.5)])
        sgd.step()
        setGradient(a, [0.25])
        setGradient(b, [0.25])
        let a1 = Float(1.0) - Float(0.1) * 0.5
        let b1 = Float(1.0) - Float(0.1) * (Float(0.5) + Float(0.5) * Float(1.0))
        sgd.step()
        let bufA = Float(0.9) * Float(0.5) + Float(1.0) * Float(0.25)
        #expect(values(of: a) == [a1 - Float(0.1) * bufA])
        #expect(values(of: b) == [b1 - Float(0.1) * (Float(0.25) + Float(0.5) * b1)])
    }

    @Test func learningRateChangedBetweenStepsIsUsed() {
        let memory = TensorMemory()
        let p = memory.add("w", [1.0], grad: [0.5])
        let sgd = SGD(parameters: memory.parameters, groups: [Self.group([0], lr: 0.1)])
        sgd.step()
        sgd.paramGroups[0].lr = 0.03
        sgd.step()
        let first = Float(1.0) - Float(0.1) * 0.5
        #expect(values(of: p) == [first - Float(0.03) * 0.5])
    }

    @Test func parameterWithoutGradientIsNotUpdated() {
        let memory = TensorMemory()
        let frozen = memory.add("frozen", [1.0, 2.0], grad: nil)
        let trained = memory.add("w", [1.0], grad: [0.5])
        let sgd = SGD(parameters: memory.parameters, groups: [Self.group([0, 1], lr: 0.1, weightDecay: 0.1)])
        sgd.step()
        #expect(values(of: frozen) == [1.0, 2.0])
        #expect(values(of: trained) != [1.0])
    }

    /// Tensors longer than two sixteen-float lane groups (and not a multiple of
    /// it) take the vector path and the tail, and tensors of more than one
    /// 8192-float chunk are shared with the step's helper thread; every value
    /// must still follow the scalar rule, step after step, in every mode.
    @Test(arguments: [(momentum: 0.0, nesterov: false), (0.9, false), (0.9, true)], [37, 2 * 8192 + 37])
    func everyValueOfALongTensorFollowsTheScalarRule(mode: (momentum: Double, nesterov: Bool), count: Int) throws {
        let (momentum, nesterov) = mode
        let start = (0..<count).map { Float($0) * 0.37 - 6 }
        let memory = TensorMemory()
        let p = memory.add("w", start, grad: Array(repeating: 0, count: count))
        let sgd = SGD(parameters: memory.parameters,
                      groups: [Self.group([0], lr: 0.05, momentum: momentum, weightDecay: 0.01)],
                      dampening: 0.1, nesterov: nesterov)
        let lr = Float(0.05), m = Float(momentum), wd = Float(0.01), keep = Float(1 - 0.1)
        var expected = start
        var buffer = [Float](repeating: 0, count: count)
        for step in 0..<3 {
            let grad = (0..<count).map { Float(($0 * 7 + step * 3) % 11) * 0.1 - 0.5 }
            setGradient(p, grad)
            sgd.step()
            for i in 0..<count {
                var d = grad[i] + wd * expected[i]
                if m != 0 {
                    buffer[i] = step == 0 ? d : m * buffer[i] + keep * d
                    d = nesterov ? d + m * buffer[i] : buffer[i]
                }
                expected[i] = expected[i] - lr * d
            }
            #expect(values(of: p) == expected, "step \(step + 1)")
        }
        if momentum != 0 { #expect(values(of: try #require(sgd.state.first)) == buffer) }
    }

    /// Parameters of several chunks in two groups, as a step shares them
    /// between threads: each value follows its own group's rule.
    @Test func chunksOfSeveralParametersFollowTheirOwnGroupsRule() {
        let count = 8192 + 5000
        let start = (0..<count).map { Float($0 % 97) * 0.01 - 0.5 }
        let grad = (0..<count).map { Float($0 % 13) * 0.1 - 0.6 }
        let memory = TensorMemory()
        let a = memory.add("a", start, grad: grad)
        let b = memory.add("b", start, grad: grad)
        let c = memory.add("c", start, grad: grad)
        let sgd = SGD(parameters: memory.parameters,
                      groups: [Self.group([0, 2], lr: 0.1, weightDecay: 0.01), Self.group([1], lr: 0.02, weightDecay: 0.5)])
        sgd.step()
        func stepped(lr: Float, wd: Float) -> [Float] { zip(start, grad).map { p, g in p - lr * (g + wd * p) } }
        #expect(values(of: a) == stepped(lr: 0.1, wd: 0.01))
        #expect(values(of: b) == stepped(lr: 0.02, wd: 0.5))
        #expect(values(of: c) == stepped(lr: 0.1, wd: 0.01))
    }

    /// A parameter listed in two groups (which PyTorch refuses) is updated
    /// once by each, in the order of the groups, as it always was.
    @Test func parameterInTwoGroupsIsUpdatedByEachInOrder() {
        let count = 3 * 8192
        let start = (0..<count).map { Float($0 % 89) * 0.02 - 0.9 }
        let grad = (0..<count).map { Float($0 % 7) * 0.1 - 0.3 }
        let memory = TensorMemory()
        let p = memory.add("w", start, grad: grad)
        let sgd = SGD(parameters: memory.parameters,
                      groups: [Self.group([0], lr: 0.1, weightDecay: 0.01), Self.group([0], lr: 0.02, weightDecay: 0.5)])
        sgd.step()
        let expected = zip(start, grad).map { p, g in
            let first = p - Float(0.1) * (g + Float(0.01) * p)
            return first - Float(0.02) * (g + Float(0.5) * first)
        }
        #expect(values(of: p) == expected)
    }

    @Test func momentumBuffersOfSeveralParametersStayApart() throws {
        let memory = TensorMemory()
        memory.add("a", [1, 2, 3], grad: [0.1, 0.2, 0.3])
        memory.add("b", [4, 5], grad: [-0.4, -0.5])
        let sgd = SGD(parameters: memory.parameters, groups: [Self.group([0, 1], lr: 0.1, momentum: 0.9)])
        sgd.step()
        #expect(sgd.state.map(\.name) == ["momentum_buffer.a", "momentum_buffer.b"])
        #expect(sgd.state.map(values(of:)) == [[0.1, 0.2, 0.3], [-0.4, -0.5]])
    }
}
