#if canImport(Glibc)
import Glibc
#endif
import CPacer

/// Every check the host makes on one `pacer_plugin_desc` and its vtable,
/// run to the end so that `pacer plugins check` can list all problems at
/// once. The loader refuses a descriptor with any problem.
struct DescriptorCheck {
    /// What is wrong, in the order found; empty for a good descriptor.
    private(set) var problems: [PluginError] = []
    /// The host's copy of the descriptor, when its struct_size is sane.
    private(set) var descriptor: pacer_plugin_desc?
    /// The type name, when present and valid.
    private(set) var typeName: String?
    /// The kind, when known.
    private(set) var kind: PluginKind?
    /// The host's copy of the hook vtable, for a good hook.
    private(set) var hookVTable: pacer_hook_vtable?
    /// The host's copy of the model vtable, for a good model.
    private(set) var modelVTable: pacer_model_vtable?
    /// The host's copy of the optimizer vtable, for a good optimizer.
    private(set) var optimizerVTable: pacer_optimizer_vtable?
    /// The host's copy of the dataset vtable, for a good dataset.
    private(set) var datasetVTable: pacer_dataset_vtable?
    /// The host's copy of the communication vtable, for a good backend.
    private(set) var commVTable: pacer_comm_vtable?
    /// The declared options (ABI 1.1), when all of them are valid.
    private(set) var options: [DeclaredOption] = []

    /// Checks descriptor `index` of the library at `path`.
    init(_ raw: UnsafePointer<pacer_plugin_desc>, index: UInt32, path: String) {
        func bad(_ reason: String) -> PluginError {
            .badDescriptor(path: path, reason: "plugin \(index): \(reason)")
        }
        guard let desc = readPluginStruct(raw, zero: pacer_plugin_desc(), minimumSize: ABI10Size.descriptor) else {
            let size = UnsafeRawPointer(raw).load(as: UInt32.self)
            problems.append(bad("struct_size \(size) is not a 1.x pacer_plugin_desc "
                + "(\(ABI10Size.descriptor)...\(HostABI.maxStructSize) bytes)"))
            return
        }
        descriptor = desc
        var label = "plugin \(index)"
        if let namePointer = desc.type_name {
            let name = String(cString: namePointer)
            if Self.isValidTypeName(name) {
                typeName = name
                label = name
            } else {
                problems.append(bad("type_name '\(name)' must be 1-64 ASCII letters, digits or '_'"))
            }
        } else {
            problems.append(bad("type_name is NULL"))
        }
        func badNamed(_ reason: String) -> PluginError {
            .badDescriptor(path: path, reason: typeName.map { "plugin \(index): \($0): \(reason)" }
                ?? "plugin \(index): \(reason)")
        }
        kind = PluginKind(abiValue: desc.kind)
        if kind == nil {
            problems.append(badNamed("unknown kind \(desc.kind) (1 = hook, 2 = model, 3 = optimizer, 4 = dataset, "
                + "5 = communication)"))
        }
        let missing = [("create", desc.create == nil), ("destroy", desc.destroy == nil), ("vtable", desc.vtable == nil)]
            .filter(\.1).map(\.0)
        if !missing.isEmpty {
            problems.append(badNamed(missing.joined(separator: ", ") + (missing.count == 1 ? " is" : " are")
                + " NULL; create, destroy and vtable must not be NULL"))
        }
        let unknownFeatures = desc.required_features & ~HostABI.knownFeatures
        if unknownFeatures != 0 {
            problems.append(.unsupportedFeatures(path: path, type: label, bits: unknownFeatures))
        }
        if !(0...100).contains(desc.default_priority) {
            problems.append(badNamed("default_priority \(desc.default_priority) is outside 0...100"))
        }
        switch Self.readOptions(desc) {
        case .success(let declared): options = declared
        case .failure(let problem): problems.append(badNamed(problem.reason))
        }
        guard let vtable = desc.vtable, let kind else { return }
        switch kind {
        case .hook:
            hookVTable = readPluginStruct(vtable, zero: pacer_hook_vtable(), minimumSize: ABI10Size.hookVTable)
            if hookVTable == nil {
                problems.append(badNamed("hook vtable struct_size \(vtable.load(as: UInt32.self)) is not a 1.x "
                    + "pacer_hook_vtable (\(ABI10Size.hookVTable)...\(HostABI.maxStructSize) bytes)"))
            }
        case .model:
            guard let table = readPluginStruct(vtable, zero: pacer_model_vtable(), minimumSize: ABI10Size.modelVTable) else {
                problems.append(badNamed("model vtable struct_size \(vtable.load(as: UInt32.self)) is not a 1.x "
                    + "pacer_model_vtable (\(ABI10Size.modelVTable)...\(HostABI.maxStructSize) bytes)"))
                return
            }
            let absent = [("param_count", table.param_count == nil), ("param_at", table.param_at == nil),
                          ("train_step", table.train_step == nil), ("val_step", table.val_step == nil)]
                .filter(\.1).map(\.0)
            if absent.isEmpty {
                modelVTable = table
            } else {
                problems.append(badNamed(absent.joined(separator: ", ") + (absent.count == 1 ? " is" : " are")
                    + " NULL; param_count, param_at, train_step and val_step must not be NULL"))
            }
        case .optimizer:
            guard let table = readPluginStruct(vtable, zero: pacer_optimizer_vtable(),
                                               minimumSize: ABI10Size.optimizerVTable) else {
                problems.append(badNamed("optimizer vtable struct_size \(vtable.load(as: UInt32.self)) is not a 1.x "
                    + "pacer_optimizer_vtable (\(ABI10Size.optimizerVTable)...\(HostABI.maxStructSize) bytes)"))
                return
            }
            if table.step == nil {
                problems.append(badNamed("step is NULL; an optimizer's step must not be NULL"))
            } else {
                optimizerVTable = table
            }
        case .dataset:
            guard let table = readPluginStruct(vtable, zero: pacer_dataset_vtable(),
                                               minimumSize: ABI10Size.datasetVTable) else {
                problems.append(badNamed("dataset vtable struct_size \(vtable.load(as: UInt32.self)) is not a 1.x "
                    + "pacer_dataset_vtable (\(ABI10Size.datasetVTable)...\(HostABI.maxStructSize) bytes)"))
                return
            }
            let absent = [("length", table.length == nil), ("class_count", table.class_count == nil),
                          ("class_name", table.class_name == nil), ("field_count", table.field_count == nil),
                          ("field_at", table.field_at == nil), ("get_item", table.get_item == nil)]
                .filter(\.1).map(\.0)
            let unknownFlags = table.flags & ~HostABI.knownDatasetFlags
            if !absent.isEmpty {
                problems.append(badNamed(absent.joined(separator: ", ") + (absent.count == 1 ? " is" : " are")
                    + " NULL; every function of a dataset vtable must be set"))
            }
            if unknownFlags != 0 {
                problems.append(badNamed("dataset flags 0x\(String(unknownFlags, radix: 16)) are unknown to this runner "
                    + "(plugin ABI \(HostABI.major).\(HostABI.minor) knows PACER_DATASET_SERIAL = 0x1)"))
            }
            if absent.isEmpty && unknownFlags == 0 {
                datasetVTable = table
            }
        case .comm:
            guard let table = readPluginStruct(vtable, zero: pacer_comm_vtable(), minimumSize: ABI10Size.commVTable) else {
                problems.append(badNamed("communication vtable struct_size \(vtable.load(as: UInt32.self)) is not a 1.x "
                    + "pacer_comm_vtable (\(ABI10Size.commVTable)...\(HostABI.maxStructSize) bytes)"))
                return
            }
            let absent = [("join", table.join == nil), ("all_reduce_sum", table.all_reduce_sum == nil),
                          ("broadcast", table.broadcast == nil), ("all_gather", table.all_gather == nil),
                          ("barrier", table.barrier == nil), ("finalize", table.finalize == nil),
                          ("abort", table.abort == nil)].filter(\.1).map(\.0)
            if absent.isEmpty {
                commVTable = table
            } else {
                problems.append(badNamed(absent.joined(separator: ", ") + (absent.count == 1 ? " is" : " are")
                    + " NULL; every function of a communication vtable is required"))
            }
        }
    }

    /// What is wrong with a descriptor's option declarations.
    private struct OptionProblem: Error {
        let reason: String
    }

    /// Reads the ABI 1.1 option declarations (none in a 1.0 descriptor's
    /// zero-filled copy).
    private static func readOptions(_ desc: pacer_plugin_desc) -> Result<[DeclaredOption], OptionProblem> {
        guard desc.option_count > 0 else { return .success([]) }
        guard desc.option_count <= HostABI.maxOptionCount, let list = desc.options else {
            return .failure(OptionProblem(reason: desc.options == nil
                ? "option_count is \(desc.option_count) but options is NULL"
                : "option_count \(desc.option_count) is above \(HostABI.maxOptionCount)"))
        }
        var read: [DeclaredOption] = []
        for index in 0..<Int(desc.option_count) {
            guard let raw = list[index],
                  let option = readPluginStruct(raw, zero: pacer_option_desc(), minimumSize: ABI10Size.option) else {
                return .failure(OptionProblem(reason: "option \(index) is NULL or its struct_size is not a pacer_option_desc"))
            }
            let name = option.name.map { String(cString: $0) } ?? ""
            guard isValidTypeName(name), !["type", "priority"].contains(name),
                  !read.contains(where: { $0.name == name }) else {
                return .failure(OptionProblem(reason: "option \(index) name '\(name)' must be 1-64 ASCII letters, "
                    + "digits or '_', unique, and not 'type' or 'priority'"))
            }
            guard let type = DeclaredOption.ValueType(abiValue: option.type) else {
                return .failure(OptionProblem(reason: "option '\(name)' has unknown type \(option.type) (0...6, PACER_OPTION_*)"))
            }
            read.append(DeclaredOption(name: name, type: type, defaultValue: option.default_value.map { String(cString: $0) },
                                     help: option.help.map { String(cString: $0) } ?? ""))
        }
        return .success(read)
    }

    private static func isValidTypeName(_ name: String) -> Bool {
        (1...64).contains(name.utf8.count)
            && name.utf8.allSatisfy { $0 == UInt8(ascii: "_") || ($0 < 128 && isalnum(Int32($0)) != 0) }
    }
}
