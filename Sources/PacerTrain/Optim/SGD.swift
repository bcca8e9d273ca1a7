import Pacer

/// Stochastic gradient descent with PyTorch's semantics: L2 weight decay
/// added to the gradient, a momentum buffer that starts as the first
/// gradient, optional dampening and Nesterov momentum.
///
/// A step sweeps every parameter, its gradient and its momentum buffer in
/// chunks (`Sweep`), shared with the process's helper thread when there is
/// one and the model has more than one chunk (`SweepHelper`). Every
/// element is updated by the same rule whichever thread runs its chunk, so
/// the floats are those of a sweep on one thread.
public final class SGD: Optimizer {
    /// "SGD".
    public let typeName = "SGD"
    /// The groups; hooks change `lr` and `momentum`.
    public var paramGroups: [ParamGroup]
    /// Dampening of the momentum buffer.
    public let dampening: Double
    /// Nesterov momentum.
    public let nesterov: Bool
    private let parameters: [Parameter]
    /// One block holding every momentum buffer, parameter after parameter.
    private let bufferBlock: UnsafeMutablePointer<Float>
    private let buffers: [UnsafeMutablePointer<Float>]
    private let sweep: Sweep
    /// Steps taken; the first one seeds the momentum buffers.
    public var stepCount = 0

    /// An optimizer over `parameters` in one or more groups.
    public init(parameters: [Parameter], groups: [ParamGroup], dampening: Double = 0, nesterov: Bool = false) {
        self.parameters = parameters
        paramGroups = groups
        self.dampening = dampening
        self.nesterov = nesterov
        let counts = parameters.map(\.count)
        let total = max(counts.reduce(0, +), 1)
        let block = UnsafeMutablePointer<Float>.allocate(capacity: total)
        block.initialize(repeating: 0, count: total)
        var offset = 0
        buffers = counts.map { count in
            defer { offset += count }
            return block + offset
        }
        bufferBlock = block
        sweep = Sweep(parameters: parameters, buffers: buffers)
    }

    /// One update of every parameter of every group.
    public func step() {
        defer { stepCount += 1 }
        sweep.prepare(paramGroups, keep: Float(1 - dampening), nesterov: nesterov, seedsBuffer: stepCount == 0)
        let count = sweep.chunkCount
        let shared = count > 1 && sweep.chunksAreDisjoint && SweepHelper.reserve { $0.share(sweep, chunks: count) }
        if !shared {
            for index in 0..<count { sweep.runChunk(index) }
        }
    }

    /// The momentum buffers, named `momentum_buffer.<parameter>`.
    public var state: [Parameter] {
        zip(parameters, buffers).map { parameter, buffer in
            Parameter(name: "momentum_buffer." + parameter.name, shape: parameter.shape, data: buffer, grad: nil)
        }
    }

    deinit {
        bufferBlock.deallocate()
    }

    // MARK: The chunks of a step

    /// A step's work: every trained parameter of every group, cut into
    /// chunks of at most `chunkLength` elements, and each group's rule for
    /// the step.
    private final class Sweep: ChunkedSweep, @unchecked Sendable {
        // @unchecked: `prepare` writes `chunks` and `rules` only between
        // steps; during a step both threads only read them, and each chunk
        // writes its own elements.

        /// Elements per chunk: 8192 floats of each of the three arrays
        /// (96 KiB) take a few microseconds, so the helper's last chunk
        /// keeps the step waiting little, and the MLP's 235,146 parameters
        /// make 33 chunks.
        static let chunkLength = 8192

        /// A slice of one parameter, its gradient and its momentum buffer.
        private struct Chunk {
            let group: Int
            let count: Int
            let data: UnsafeMutablePointer<Float>
            let grad: UnsafePointer<Float>
            let buffer: UnsafeMutablePointer<Float>
        }

        private let parameters: [Parameter]
        private let buffers: [UnsafeMutablePointer<Float>]
        /// The groups' parameter indices that `chunks` were cut for.
        @exclusivity(unchecked) private var layout: [[Int]] = []
        @exclusivity(unchecked) private var chunks: [Chunk] = []
        /// This step's rule of each group.
        @exclusivity(unchecked) private var rules: [SGDUpdate] = []

        init(parameters: [Parameter], buffers: [UnsafeMutablePointer<Float>]) {
            self.parameters = parameters
            self.buffers = buffers
        }

        /// Chunks in the step.
        var chunkCount: Int { chunks.count }
        /// Whether no two chunks touch the same elements, so that they may run
        /// at the same time in any order: false when a parameter is in more
        /// than one group, which then updates it once per group, in order.
        @exclusivity(unchecked) private(set) var chunksAreDisjoint = true

        /// Makes the chunks and rules those of a step over `groups`; cuts
        /// the chunks again only if the groups' parameters changed.
        func prepare(_ groups: [ParamGroup], keep: Float, nesterov: Bool, seedsBuffer: Bool) {
            if !groups.elementsEqual(layout, by: { $0.parameterIndices == $1 }) { cut(groups) }
            rules.removeAll(keepingCapacity: true)
            for group in groups {
                rules.append(SGDUpdate(lr: Float(group.lr), momentum: Float(group.momentum),
                                       weightDecay: Float(group.weightDecay), keep: keep,
                                       nesterov: nesterov, seedsBuffer: seedsBuffer))
            }
        }

        func runChunk(_ index: Int) {
            let chunk = chunks[index]
            rules[chunk.group].apply(count: chunk.count, data: chunk.data, grad: chunk.grad, buffer: chunk.buffer)
        }

        private func cut(_ groups: [ParamGroup]) {
            layout = groups.map(\.parameterIndices)
            chunks = []
            var seen = Set<Int>()
            chunksAreDisjoint = layout.joined().allSatisfy { seen.insert($0).inserted }
            for (group, indices) in layout.enumerated() {
                for index in indices {
                    let parameter = parameters[index]
                    guard let grad = parameter.grad else { continue }
                    for start in stride(from: 0, to: parameter.count, by: Self.chunkLength) {
                        chunks.append(Chunk(group: group, count: min(Self.chunkLength, parameter.count - start),
                                            data: parameter.data + start, grad: grad + start,
                                            buffer: buffers[index] + start))
                    }
                }
            }
        }
    }
}
