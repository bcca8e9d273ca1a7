import Pacer
import PacerConfig

/// The built-in transforms of the `transforms` registry, each with mmcls
/// 0.x's name, arguments and defaults; a value out of range is one error
/// naming its config key.
enum TransformBuilder {
    /// The fields of Pacer's fixed batch layout, which `keys` may name.
    static let batchFields = ["img", "gt_label"]

    /// Registers every built-in transform in `registry`.
    static func registerBuiltIn(in registry: inout Registry<ConfigSection, any Transform>) throws {
        try registry.register("LoadImageFromFile", options: ["to_float32", "color_type", "file_client_args"]) { config in
            let name = try config.string("color_type", default: "color")
            guard let colorType = ImageColorType(rawValue: name) else {
                throw choices(config, "color_type", name, ImageColorType.allCases.map(\.rawValue))
            }
            if let client = try config.optionalDict("file_client_args") {
                try client.requireOnly(["backend"], of: "file_client_args")
                let backend = try client.string("backend", default: "disk")
                guard backend == "disk" else { throw choices(client, "backend", backend, ["disk"]) }
            }
            return LoadImageFromFile(colorType: colorType, toFloat32: try config.bool("to_float32", default: false))
        }
        try registry.register("Resize", options: ["size", "interpolation", "adaptive_side", "backend"]) { config in
            try backend(config)
            let (height, width) = try size(config, "size", allowAdaptive: true)
            let sideName = try config.string("adaptive_side", default: "short")
            guard let side = Resize.AdaptiveSide(rawValue: sideName) else {
                throw choices(config, "adaptive_side", sideName, Resize.AdaptiveSide.allCases.map(\.rawValue))
            }
            return Resize(height: height, width: width, adaptiveSide: side, interpolation: try interpolation(config))
        }
        try registry.register("CenterCrop", options: ["crop_size"]) { config in
            let (height, width) = try size(config, "crop_size")
            return CenterCrop(height: height, width: width ?? height)
        }
        try registry.register("RandomCrop", options: ["size", "padding", "pad_if_needed", "pad_val", "padding_mode"]) { config in
            let (height, width) = try size(config, "size")
            return RandomCrop(height: height, width: width ?? height, padding: try padding(config),
                              padIfNeeded: try config.bool("pad_if_needed", default: false),
                              padValue: try numbers(config, "pad_val", default: [0]), paddingMode: try paddingMode(config))
        }
        try registry.register("RandomResizedCrop", options: ["size", "scale", "ratio", "max_attempts", "interpolation",
                                                             "backend"]) { config in
            try backend(config)
            let (height, width) = try size(config, "size")
            let scale = try pair(config, "scale", default: (0.08, 1))
            guard scale.0 <= scale.1, scale.0 > 0 else {
                throw BuildError.invalid(config, "scale", "must be (low, high) with 0 < low <= high")
            }
            let ratio = try pair(config, "ratio", default: (3.0 / 4, 4.0 / 3))
            guard ratio.0 <= ratio.1, ratio.0 > 0 else {
                throw BuildError.invalid(config, "ratio", "must be (low, high) with 0 < low <= high")
            }
            return RandomResizedCrop(height: height, width: width ?? height, scale: scale, ratio: ratio,
                                     maxAttempts: try config.int("max_attempts", default: 10, where: { $0 >= 0 },
                                                                 "must not be negative"),
                                     interpolation: try interpolation(config))
        }
        try registry.register("RandomFlip", options: ["flip_prob", "direction"]) { config in
            let probability = try config.double("flip_prob", default: 0.5, where: { (0...1).contains($0) },
                                                "must be between 0 and 1")
            let direction = try config.string("direction", default: "horizontal")
            guard direction == "horizontal" || direction == "vertical" else {
                throw choices(config, "direction", direction, ["horizontal", "vertical"])
            }
            return RandomFlip(probability: probability, horizontal: direction == "horizontal")
        }
        try registry.register("Pad", options: ["size", "pad_to_square", "pad_val", "padding_mode"]) { config in
            let square = try config.bool("pad_to_square", default: false)
            let size = try config.optionalValue("size") == nil ? nil : self.size(config, "size")
            guard square != (size != nil) else {
                throw BuildError.invalid(config, "size", "and pad_to_square: give exactly one (mmcls asserts the same)")
            }
            return Pad(size: size.map { ($0.0, $0.1 ?? $0.0) }, padToSquare: square,
                       padValue: try numbers(config, "pad_val", default: [0]), paddingMode: try paddingMode(config))
        }
        try registry.register("Normalize", options: ["mean", "std", "to_rgb"]) { config in
            let mean = try numbers(config, "mean", default: nil)
            let std = try numbers(config, "std", default: nil)
            guard std.allSatisfy({ $0 != 0 }) else { throw BuildError.invalid(config, "std", "must not hold 0") }
            return Normalize(mean: mean, std: std, toRGB: try config.bool("to_rgb", default: true))
        }
        for name in ["ImageToTensor", "ToTensor", "ToNumpy"] {
            try registry.register(name, options: ["keys"]) { config in
                try keys(config, "keys")
                return Formatting(name: name)
            }
        }
        try registry.register("Collect", options: ["keys", "meta_keys"]) { config in
            try keys(config, "keys")
            _ = try config.optionalList("meta_keys")?.map { try $0.string() }
            return Formatting(name: "Collect")
        }
    }

    // MARK: - Arguments

    /// An int `s` as (s, nil) meaning (s, s), or an (h, w) pair; with
    /// `allowAdaptive`, (s, -1) as (s, nil) meaning "keep the aspect ratio"
    /// and an int as (s, s).
    static func size(_ config: ConfigSection, _ key: String, allowAdaptive: Bool = false) throws -> (Int, Int?) {
        let node = try config.value(key)
        if case .int(let side) = node.value {
            guard side > 0 else { throw BuildError.invalid(node, "must be positive, got \(side)") }
            return (side, allowAdaptive ? side : nil)
        }
        let items = try node.list().map { try $0.int() }
        guard items.count == 2, items[0] > 0, items[1] > 0 || (allowAdaptive && items[1] == -1) else {
            throw BuildError.invalid(node, "must be an int or (h, w) of positive ints"
                                     + (allowAdaptive ? ", or (size, -1) to keep the aspect ratio" : ""))
        }
        return (items[0], items[1] == -1 ? nil : items[1])
    }

    /// mmcv's `padding`: one int for all sides, (left/right, top/bottom) or
    /// (left, top, right, bottom).
    static func padding(_ config: ConfigSection) throws -> (left: Int, top: Int, right: Int, bottom: Int)? {
        guard let node = config.optionalValue("padding") else { return nil }
        let values: [Int]
        if case .int(let all) = node.value { values = [all, all, all, all] } else {
            let items = try node.list().map { try $0.int() }
            switch items.count {
            case 2: values = [items[0], items[1], items[0], items[1]]
            case 4: values = items
            default: throw BuildError.invalid(node, "must be an int, (left/right, top/bottom) or (left, top, right, bottom)")
            }
        }
        guard values.allSatisfy({ $0 >= 0 }) else { throw BuildError.invalid(node, "must not be negative") }
        return (values[0], values[1], values[2], values[3])
    }

    /// A number or a list of numbers (one per channel).
    static func numbers(_ config: ConfigSection, _ key: String, default value: [Double]?) throws -> [Double] {
        let read = try config.numbers(key, default: value)
        guard !read.isEmpty else { throw BuildError.invalid(config, key, "must hold at least one number") }
        return read
    }

    private static func pair(_ config: ConfigSection, _ key: String, default value: (Double, Double)) throws -> (Double, Double) {
        guard let node = config.optionalValue(key) else { return value }
        let items = try node.list().map { try $0.double() }
        guard items.count == 2 else { throw BuildError.invalid(node, "must be a pair (low, high)") }
        return (items[0], items[1])
    }

    private static func interpolation(_ config: ConfigSection) throws -> Interpolation {
        let name = try config.string("interpolation", default: "bilinear")
        guard let interpolation = Interpolation(rawValue: name) else {
            throw choices(config, "interpolation", name, Interpolation.allCases.map(\.rawValue))
        }
        return interpolation
    }

    private static func paddingMode(_ config: ConfigSection) throws -> PaddingMode {
        let name = try config.string("padding_mode", default: "constant")
        guard let mode = PaddingMode(rawValue: name) else {
            throw choices(config, "padding_mode", name, PaddingMode.allCases.map(\.rawValue))
        }
        return mode
    }

    /// mmcls's `backend`: Pacer computes as the 'cv2' backend does.
    private static func backend(_ config: ConfigSection) throws {
        let name = try config.string("backend", default: "cv2")
        guard name == "cv2" else { throw choices(config, "backend", name, ["cv2"]) }
    }

    /// Refuses `keys` naming a field outside Pacer's batch layout.
    private static func keys(_ config: ConfigSection, _ key: String) throws {
        for node in try config.list(key) {
            let name = try node.string()
            guard batchFields.contains(name) else {
                throw BuildError.invalid(node, "is '\(name)'; Pacer's batches hold only 'img' and 'gt_label'")
            }
        }
    }

    private static func choices(_ config: ConfigSection, _ key: String, _ value: String, _ known: [String]) -> BuildError {
        .invalid(config, key, "is '\(value)'; it must be one of " + known.map { "'\($0)'" }.joined(separator: ", "))
    }
}
