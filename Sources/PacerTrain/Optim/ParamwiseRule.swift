import Pacer

/// MMCV's `paramwise_cfg` for models whose parameters are known only by
/// name and shape (plugin models expose no module types):
///
/// - a **bias** is a parameter whose name ends in `bias` after its last dot
///   (`fc1.bias`);
/// - a **norm parameter** is one whose module path (its name up to the last
///   dot) has a component containing `norm` or `bn`, in any case
///   (`bn1.weight`, `layer1.0.norm.bias`, `encoder.LayerNorm.weight`).
///   Norm rules win over bias rules, as in MMCV (a norm's bias is a norm
///   parameter).
///
/// As with MMCV's `DefaultOptimizerConstructor`, a non-empty
/// `paramwise_cfg` gives every parameter its own group.
public struct ParamwiseRule: Sendable, Equatable {
    /// A `custom_keys` entry: parameters whose name contains `key` get
    /// these multipliers and no other rule.
    public struct CustomKey: Sendable, Equatable {
        /// The substring to look for.
        public let key: String
        /// Multiplies the base lr.
        public let lrMult: Double
        /// Multiplies the base weight decay.
        public let decayMult: Double

        /// A custom key.
        public init(key: String, lrMult: Double = 1, decayMult: Double = 1) {
            self.key = key
            self.lrMult = lrMult
            self.decayMult = decayMult
        }
    }

    /// Multiplies the lr of biases (not of norm biases).
    public var biasLRMult: Double = 1
    /// Multiplies the weight decay of biases.
    public var biasDecayMult: Double = 1
    /// Multiplies the weight decay of norm parameters.
    public var normDecayMult: Double = 1
    /// Substring rules, tried longest key first (ties alphabetically), as MMCV sorts them.
    public var customKeys: [CustomKey] = [] {
        didSet { customKeys.sort { ($0.key.count, $1.key) > ($1.key.count, $0.key) } }
    }

    /// No multipliers.
    public init() {}

    /// Whether `name` is a bias under this rule.
    public static func isBias(_ name: String) -> Bool {
        (name.split(separator: ".").last ?? "") == "bias"
    }

    /// Whether `name` belongs to a normalization layer under this rule.
    public static func isNorm(_ name: String) -> Bool {
        name.split(separator: ".").dropLast().contains { component in
            let lower = component.lowercased()
            return lower.contains("norm") || lower.contains("bn")
        }
    }

    /// One group per parameter, MMCV's `add_params`: `lr` and
    /// `weightDecay` times the matching multipliers. A nil `weightDecay`
    /// means the config set none (MMCV's `base_wd` is None): every group
    /// then keeps the optimizer's `defaultDecay` and no decay multiplier applies.
    public func groups(for names: [String], lr: Double, momentum: Double, weightDecay: Double?,
                       defaultDecay: Double = 0) -> [ParamGroup] {
        names.enumerated().map { index, name in
            var groupLR = lr
            var decay = weightDecay ?? defaultDecay
            if let custom = customKeys.first(where: { name.contains($0.key) }) {
                groupLR = lr * custom.lrMult
                if let weightDecay { decay = weightDecay * custom.decayMult }
            } else {
                let norm = Self.isNorm(name)
                let bias = Self.isBias(name)
                if bias && !norm { groupLR = lr * biasLRMult }
                if let weightDecay {
                    if norm {
                        decay = weightDecay * normDecayMult
                    } else if bias {
                        decay = weightDecay * biasDecayMult
                    }
                }
            }
            return ParamGroup(parameterIndices: [index], lr: groupLR, momentum: momentum, weightDecay: decay)
        }
    }
}
