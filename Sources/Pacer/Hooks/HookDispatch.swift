/// The runner's per-stage call lists, rebuilt from its `HookList` at each
/// registration (registrations happen before the loop; a handful of hooks
/// make rebuilding trivial): one contiguous block of entries in call order,
/// a stage being a range of it. An entry of a `CFunctionHook` holds the C
/// function and its arguments, called directly; any other hook is called
/// through `Hook.call`. Dispatching allocates nothing, retains nothing and
/// takes no lock; a stage nobody implements is an empty range. Used from the
/// runner's thread only; the storage skips Swift's dynamic exclusivity
/// checks.
final class HookDispatch {
    private struct Entry {
        /// The C function, or nil for a Swift hook.
        let function: CHookFunction?
        let instance: UnsafeMutableRawPointer?
        let context: OpaquePointer?
        let error: OpaquePointer?
        let hook: any Hook
        /// The call's label for crash reports (PluginCallSite), for a C function.
        let site: UnsafePointer<CChar>?
    }

    /// Where each stage's entries begin, by `HookStage.rawValue`; the last
    /// element is the end of the last stage.
    @exclusivity(unchecked) private var starts = InlineArray<15, Int>(repeating: 0)
    @exclusivity(unchecked) private var entries = UnsafeMutableBufferPointer<Entry>.allocate(capacity: 0)
    /// Replaced entry blocks: a hook may register another one from inside a
    /// stage, so a block is freed with the runner, never while in use.
    private var retired: [UnsafeMutableBufferPointer<Entry>] = []
    /// PluginCallSite's slot, looked up once: the hot loop only stores to it.
    private let callSite = PluginCallSite.slot

    /// Calls every hook implementing `stage`, in order. The first failure
    /// ends the stage; it is a `RunnerError` naming the hook.
    @inline(__always)
    func call(_ stage: HookStage, runner: Runner) throws {
        if let profile = runner.hookProfile { return try callProfiled(stage, runner: runner, profile: profile) }
        var entry = entries.baseAddress.unsafelyUnwrapped + starts[stage.rawValue]
        let end = entries.baseAddress.unsafelyUnwrapped + starts[stage.rawValue + 1]
        while entry < end {
            if let function = entry.pointee.function {
                callSite.pointee = entry.pointee.site
                let status = function(entry.pointee.instance, entry.pointee.context, entry.pointee.error)
                callSite.pointee = nil
                if status != 0 { throw Self.failure(entry.pointee.hook, status: status, stage: stage) }
            } else {
                try Self.callSwift(entry.pointee.hook, stage: stage, runner: runner)
            }
            entry += 1
        }
    }

    /// `call`, adding each hook's time to `profile` (`--profile-hooks`).
    @inline(never)
    private func callProfiled(_ stage: HookStage, runner: Runner, profile: HookProfile) throws {
        for index in starts[stage.rawValue]..<starts[stage.rawValue + 1] {
            let entry = entries[index]
            let start = HookProfile.now()
            defer { profile.add(entry.hook.typeName, stage: stage.name, since: start) }
            if let function = entry.function {
                callSite.pointee = entry.site
                let status = function(entry.instance, entry.context, entry.error)
                callSite.pointee = nil
                if status != 0 { throw Self.failure(entry.hook, status: status, stage: stage) }
            } else {
                try Self.callSwift(entry.hook, stage: stage, runner: runner)
            }
        }
    }

    /// Builds the lists from `runner.hooks`, asking each `CFunctionHook`
    /// for its direct calls on behalf of `runner`.
    func rebuild(_ runner: Runner) {
        var list: [Entry] = []
        for stage in HookStage.allCases {
            starts[stage.rawValue] = list.count
            for hook in runner.hooks.hooks(at: stage) {
                if let direct = hook as? any CFunctionHook {
                    guard let call = direct.cCall(at: stage, for: runner) else { continue }
                    // A few bytes per registration, kept for the process (see PluginCallSite.label).
                    let site = PluginCallSite.label(kind: "hook", type: hook.typeName, file: hook.origin,
                                                    function: stage.name)
                    list.append(Entry(function: call.function, instance: call.instance, context: call.context,
                                      error: call.error, hook: hook, site: site))
                } else {
                    list.append(Entry(function: nil, instance: nil, context: nil, error: nil, hook: hook, site: nil))
                }
            }
        }
        starts[HookStage.allCases.count] = list.count
        retired.append(entries)
        entries = .allocate(capacity: list.count)
        _ = entries.initialize(from: list)
    }

    @inline(never)
    private static func callSwift(_ hook: any Hook, stage: HookStage, runner: Runner) throws {
        do {
            try hook.call(stage, runner: runner)
        } catch let error as RunnerError {
            throw error
        } catch {
            throw RunnerError.hookFailed(hook: hook.typeName, origin: hook.origin, stage: stage, message: "\(error)")
        }
    }

    @inline(never)
    private static func failure(_ hook: any Hook, status: Int32, stage: HookStage) -> RunnerError {
        let error = (hook as? any CFunctionHook)?.failure(status: status, at: stage)
        return .hookFailed(hook: hook.typeName, origin: hook.origin, stage: stage,
                           message: error.map { "\($0)" } ?? "returned status \(status)")
    }

    deinit {
        for block in retired + [entries] {
            _ = block.deinitialize()
            block.deallocate()
        }
    }
}
