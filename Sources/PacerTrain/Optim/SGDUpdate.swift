/// The SGD update rule for one tensor with one group's hyper-parameters,
/// applied eight lanes at a time.
///
/// Each lane computes exactly what PyTorch's scalar rule computes, in the
/// same order and without fused multiply-adds, so the result does not
/// depend on the tensor's length or on where a lane falls:
/// `d = g + wd * p`; `buf = d` on the seeding step, else
/// `buf = m * buf + (1 - dampening) * d`; `d = d + m * buf` (Nesterov) or
/// `d = buf`; `p = p - lr * d`. With momentum 0 the buffer is not touched.
struct SGDUpdate {
    /// Eight floats: two SSE registers on baseline x86-64.
    typealias Lanes = SIMD8<Float>

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
        let width = Lanes.scalarCount
        var start = 0
        while start + width <= count {
            var parameter = Self.load(data + start)
            var velocity = Self.load(buffer + start)
            step(&parameter, &velocity, gradient: Self.load(grad + start))
            Self.store(parameter, to: data + start)
            if momentum != 0 { Self.store(velocity, to: buffer + start) }
            start += width
        }
        let rest = count - start
        guard rest > 0 else { return }
        var parameter = Lanes(), velocity = Lanes(), gradient = Lanes()
        for lane in 0..<rest {
            parameter[lane] = data[start + lane]
            velocity[lane] = buffer[start + lane]
            gradient[lane] = grad[start + lane]
        }
        step(&parameter, &velocity, gradient: gradient)
        for lane in 0..<rest {
            data[start + lane] = parameter[lane]
            if momentum != 0 { buffer[start + lane] = velocity[lane] }
        }
    }

    @inline(__always)
    private func step(_ parameter: inout Lanes, _ velocity: inout Lanes, gradient: Lanes) {
        var direction = gradient + weightDecay * parameter
        if momentum != 0 {
            velocity = seedsBuffer ? direction : momentum * velocity + keep * direction
            direction = nesterov ? direction + momentum * velocity : velocity
        }
        parameter = parameter - lr * direction
    }

    @inline(__always)
    private static func load(_ pointer: UnsafePointer<Float>) -> Lanes {
        UnsafeRawPointer(pointer).loadUnaligned(as: Lanes.self)
    }

    @inline(__always)
    private static func store(_ lanes: Lanes, to pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: lanes, as: Lanes.self)
    }
}
