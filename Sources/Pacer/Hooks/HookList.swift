/// A hook with the priority it was registered at.
public struct RegisteredHook {
    /// The hook.
    public let hook: any Hook
    /// Its priority in every stage.
    public let priority: Priority
}

/// The runner's hooks, sorted once by (priority, registration order), with
/// one dispatch array per stage that holds only the hooks implementing it:
/// a stage nobody implements costs an empty loop.
public struct HookList {
    /// Every hook in call order.
    public private(set) var all: [RegisteredHook] = []
    private var byStage: [[any Hook]] = Array(repeating: [], count: HookStage.allCases.count)

    /// An empty list.
    public init() {}

    /// Inserts `hook` after every hook of lower or equal priority value, so
    /// equal priorities keep registration order (MMCV's `register_hook`).
    public mutating func register(_ hook: any Hook, priority: Priority) {
        let index = all.lastIndex(where: { $0.priority <= priority }).map { $0 + 1 } ?? 0
        all.insert(RegisteredHook(hook: hook, priority: priority), at: index)
        for stage in hook.stages {
            byStage[stage.rawValue] = all.filter { $0.hook.stages.contains(stage) }.map(\.hook)
        }
    }

    /// The hooks to call at `stage`, in order.
    public func hooks(at stage: HookStage) -> [any Hook] { byStage[stage.rawValue] }
}

extension HookList {
    /// MMCV's `get_hook_info`, with each hook's origin: for every stage
    /// some hook implements, in run order, the hooks in call order as
    /// `(PRIORITY    ) TypeName                            origin`.
    public func report() -> String {
        HookStage.runOrder.compactMap { stage -> String? in
            let entries = all.filter { $0.hook.stages.contains(stage) }
            guard !entries.isEmpty else { return nil }
            let lines = entries.map { entry in
                "(" + entry.priority.description.padded(to: 12) + ") "
                    + entry.hook.typeName.padded(to: 35) + " " + entry.hook.origin
            }
            return ([stage.name + ":"] + lines).joined(separator: "\n") + "\n -------------------- "
        }.joined(separator: "\n")
    }
}

extension String {
    fileprivate func padded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
