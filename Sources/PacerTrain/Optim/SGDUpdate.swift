/// The SGD update rule for one tensor with one group's hyper-parameters:
/// weight decay, momentum and the step in one sweep over the tensor,
/// sixteen lanes at a time.
///
/// Each lane computes exactly what PyTorch's scalar rule computes, in the
/// same order and without fused multiply-adds, so the result does not
/// depend on the tensor's length or on where a lane falls:
/// `d = g + wd * p`; `buf = d` on the seeding step, else
/// `buf = m * buf + (1 - dampening) * d`; `d = d + m * buf` (Nesterov) or
/// `d = buf`; `p = p - lr * d`. With momentum 0 the buffer is not touched.
///
/// The choice between those cases is made once per tensor, not per lane:
/// each case has its own loop, with no branch and no load or store it does
/// not need (the seeding step and momentum 0 never read the buffer).
struct SGDUpdate {
    /// Sixteen floats: four SSE registers on baseline x86-64.
    typealias Lanes = SIMD16<Float>

    let lr: Float
    let momentum: Float
    let weightDecay: Float
    /// `1 - dampening`.
    let keep: Float
    let nesterov: Bool
    /// Whether this step starts the momentum buffer from the gradient.
    let seedsBuffer: Bool

    /// Updates `count` values of `data` from `grad`, keeping the momentum
    /// in `buffer`.
    func apply(count: Int, data: UnsafeMutablePointer<Float>, grad: UnsafePointer<Float>,
               buffer: UnsafeMutablePointer<Float>) {
        let sweep = Sweep(count: count, data: data, grad: grad, buffer: buffer)
        switch (momentum != 0, seedsBuffer, nesterov) {
        case (false, _, _):
            sweep.run(NoMomentum(lr: lr, weightDecay: weightDecay))
        case (true, true, false):
            sweep.run(SeedingMomentum(lr: lr, weightDecay: weightDecay))
        case (true, true, true):
            sweep.run(SeedingNesterov(lr: lr, momentum: momentum, weightDecay: weightDecay))
        case (true, false, false):
            sweep.run(Momentum(lr: lr, momentum: momentum, weightDecay: weightDecay, keep: keep))
        case (true, false, true):
            sweep.run(Nesterov(lr: lr, momentum: momentum, weightDecay: weightDecay, keep: keep))
        }
    }

    // MARK: The cases of the rule

    /// The rule for one case, lanes at a time: `parameter` and `velocity`
    /// in, updated, out; `velocity` is zero unless the case reads the buffer.
    private protocol Rule {
        /// Whether the case reads the momentum buffer.
        static var readsBuffer: Bool { get }
        /// Whether the case writes the momentum buffer.
        static var writesBuffer: Bool { get }
        func update(_ parameter: inout Lanes, _ velocity: inout Lanes, gradient: Lanes)
    }

    /// Momentum 0: `p = p - lr * (g + wd * p)`.
    private struct NoMomentum: Rule {
        static var readsBuffer: Bool { false }
        static var writesBuffer: Bool { false }
        let lr, weightDecay: Float

        @inline(__always)
        func update(_ parameter: inout Lanes, _ velocity: inout Lanes, gradient: Lanes) {
            parameter = parameter - lr * (gradient + weightDecay * parameter)
        }
    }

    /// The first step: `buf = g + wd * p`, `p = p - lr * buf`.
    private struct SeedingMomentum: Rule {
        static var readsBuffer: Bool { false }
        static var writesBuffer: Bool { true }
        let lr, weightDecay: Float

        @inline(__always)
        func update(_ parameter: inout Lanes, _ velocity: inout Lanes, gradient: Lanes) {
            velocity = gradient + weightDecay * parameter
            parameter = parameter - lr * velocity
        }
    }

    /// The first Nesterov step: `buf = d = g + wd * p`, `p = p - lr * (d + m * buf)`.
    private struct SeedingNesterov: Rule {
        static var readsBuffer: Bool { false }
        static var writesBuffer: Bool { true }
        let lr, momentum, weightDecay: Float

        @inline(__always)
        func update(_ parameter: inout Lanes, _ velocity: inout Lanes, gradient: Lanes) {
            let direction = gradient + weightDecay * parameter
            velocity = direction
            parameter = parameter - lr * (direction + momentum * velocity)
        }
    }

    /// `buf = m * buf + (1 - dampening) * (g + wd * p)`, `p = p - lr * buf`.
    private struct Momentum: Rule {
        static var readsBuffer: Bool { true }
        static var writesBuffer: Bool { true }
        let lr, momentum, weightDecay, keep: Float

        @inline(__always)
        func update(_ parameter: inout Lanes, _ velocity: inout Lanes, gradient: Lanes) {
            velocity = momentum * velocity + keep * (gradient + weightDecay * parameter)
            parameter = parameter - lr * velocity
        }
    }

    /// `d = g + wd * p`, `buf = m * buf + (1 - dampening) * d`, `p = p - lr * (d + m * buf)`.
    private struct Nesterov: Rule {
        static var readsBuffer: Bool { true }
        static var writesBuffer: Bool { true }
        let lr, momentum, weightDecay, keep: Float

        @inline(__always)
        func update(_ parameter: inout Lanes, _ velocity: inout Lanes, gradient: Lanes) {
            let direction = gradient + weightDecay * parameter
            velocity = momentum * velocity + keep * direction
            parameter = parameter - lr * (direction + momentum * velocity)
        }
    }

    // MARK: The sweep

    /// One pass over a tensor, its gradient and its momentum buffer, lanes
    /// at a time, the last lanes through a zero-padded copy.
    private struct Sweep {
        let count: Int
        let data: UnsafeMutablePointer<Float>
        let grad: UnsafePointer<Float>
        let buffer: UnsafeMutablePointer<Float>

        /// Applies `rule` to every lane, reading and writing the buffer only
        /// if the rule's case does.
        @inline(__always)
        func run<R: Rule>(_ rule: R) {
            let width = Lanes.scalarCount
            var start = 0
            while start + width <= count {
                var parameter = load(data + start)
                var velocity = R.readsBuffer ? load(buffer + start) : Lanes()
                rule.update(&parameter, &velocity, gradient: load(grad + start))
                store(parameter, to: data + start)
                if R.writesBuffer { store(velocity, to: buffer + start) }
                start += width
            }
            let rest = count - start
            guard rest > 0 else { return }
            var parameter = Lanes(), velocity = Lanes(), gradient = Lanes()
            for lane in 0..<rest {
                parameter[lane] = data[start + lane]
                if R.readsBuffer { velocity[lane] = buffer[start + lane] }
                gradient[lane] = grad[start + lane]
            }
            rule.update(&parameter, &velocity, gradient: gradient)
            for lane in 0..<rest {
                data[start + lane] = parameter[lane]
                if R.writesBuffer { buffer[start + lane] = velocity[lane] }
            }
        }

        @inline(__always)
        private func load(_ pointer: UnsafePointer<Float>) -> Lanes {
            UnsafeRawPointer(pointer).loadUnaligned(as: Lanes.self)
        }

        @inline(__always)
        private func store(_ lanes: Lanes, to pointer: UnsafeMutablePointer<Float>) {
            UnsafeMutableRawPointer(pointer).storeBytes(of: lanes, as: Lanes.self)
        }
    }
}
