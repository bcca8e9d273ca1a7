import CPacer

/// The C type of `pacer_plugin_desc.create`.
typealias CreateFunction = @convention(c) (
    UnsafePointer<pacer_host_api>?, OpaquePointer?,
    UnsafeMutablePointer<UnsafeMutableRawPointer?>?, OpaquePointer?
) -> pacer_status

/// The `create` functions of the descriptors.
///
/// `create` receives no user data saying which type to build, and a C
/// function pointer cannot capture one, so the kit has a fixed pool of
/// ``slotCount`` functions, the n-th building the n-th type of the library.
/// A library therefore carries at most 16 Swift plugin types; the
/// descriptors of further types get a `create` that fails with a message
/// saying so.
enum CreateTrampolines {
    /// The number of distinct `create` functions, hence of types per library.
    static let slotCount = 16

    /// The `create` function of the type at `index`.
    static func function(forTypeAt index: Int) -> CreateFunction {
        switch index {
        case 0: return { CreateTrampolines.create(typeAt: 0, $0, $1, $2, $3) }
        case 1: return { CreateTrampolines.create(typeAt: 1, $0, $1, $2, $3) }
        case 2: return { CreateTrampolines.create(typeAt: 2, $0, $1, $2, $3) }
        case 3: return { CreateTrampolines.create(typeAt: 3, $0, $1, $2, $3) }
        case 4: return { CreateTrampolines.create(typeAt: 4, $0, $1, $2, $3) }
        case 5: return { CreateTrampolines.create(typeAt: 5, $0, $1, $2, $3) }
        case 6: return { CreateTrampolines.create(typeAt: 6, $0, $1, $2, $3) }
        case 7: return { CreateTrampolines.create(typeAt: 7, $0, $1, $2, $3) }
        case 8: return { CreateTrampolines.create(typeAt: 8, $0, $1, $2, $3) }
        case 9: return { CreateTrampolines.create(typeAt: 9, $0, $1, $2, $3) }
        case 10: return { CreateTrampolines.create(typeAt: 10, $0, $1, $2, $3) }
        case 11: return { CreateTrampolines.create(typeAt: 11, $0, $1, $2, $3) }
        case 12: return { CreateTrampolines.create(typeAt: 12, $0, $1, $2, $3) }
        case 13: return { CreateTrampolines.create(typeAt: 13, $0, $1, $2, $3) }
        case 14: return { CreateTrampolines.create(typeAt: 14, $0, $1, $2, $3) }
        case 15: return { CreateTrampolines.create(typeAt: 15, $0, $1, $2, $3) }
        default: return { CreateTrampolines.create(typeAt: -1, $0, $1, $2, $3) }
        }
    }

    /// Builds an instance of the library's type at `index` (-1: past the
    /// pool) and hands it to the host in a retained ``HookBox``.
    static func create(typeAt index: Int, _ api: UnsafePointer<pacer_host_api>?,
                       _ cfg: OpaquePointer?,
                       _ outSelf: UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
                       _ err: OpaquePointer?) -> pacer_status {
        guard let api else { return PACER_E_INVALID_ARG }
        if let problem = HostAPICheck.problem(with: api) {
            // Report only through a table that has the 1.0 layout.
            if api.pointee.abi_major == PACER_ABI_MAJOR {
                ErrorReporting.report(problem, status: .abi, api: api, err: err)
            }
            return PACER_E_ABI
        }
        guard let outSelf, let cfg else {
            ErrorReporting.report("create called with a NULL config or out_self",
                                  status: .invalidArgument, api: api, err: err)
            return PACER_E_INVALID_ARG
        }
        guard index >= 0, let type = LibraryRegistry.shared.type(at: index) else {
            ErrorReporting.report(
                "this Swift plugin library carries more than \(slotCount) plugin types; "
                    + "PacerPluginKit can create only the first \(slotCount)",
                status: .unsupported, api: api, err: err)
            return PACER_E_UNSUPPORTED
        }
        do {
            let config = PluginConfig(typeName: type.typeName, api: api, handle: cfg)
            let plugin = try type.init(config: config)
            outSelf.pointee = HookBox(plugin: plugin, api: api).retainedPointer()
            return PACER_OK
        } catch {
            return ErrorReporting.report(error, api: api, err: err)
        }
    }
}
