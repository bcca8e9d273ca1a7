import CPacer

/// The `create` function shared by every descriptor of the library: the
/// host passes the descriptor back, which says which type to build.
enum CreatePlugin {
    /// The C function stored in every descriptor's `create`.
    static let function: @convention(c) (
        UnsafePointer<pacer_plugin_desc>?, UnsafePointer<pacer_host_api>?, OpaquePointer?,
        UnsafeMutablePointer<UnsafeMutableRawPointer?>?, OpaquePointer?
    ) -> pacer_status = { desc, api, cfg, outSelf, err in
        CreatePlugin.create(desc, api, cfg, outSelf, err)
    }

    /// Builds an instance of the type `desc` describes and hands it to the
    /// host in a retained ``PluginBox``.
    static func create(_ desc: UnsafePointer<pacer_plugin_desc>?, _ api: UnsafePointer<pacer_host_api>?,
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
        guard let desc, let entry = LibraryRegistry.shared.entry(describedBy: desc) else {
            ErrorReporting.report("create called with a descriptor this library did not return",
                                  status: .invalidArgument, api: api, err: err)
            return PACER_E_INVALID_ARG
        }
        do {
            outSelf.pointee = try entry.make(PluginConfig(typeName: entry.typeName, api: api, handle: cfg))
            return PACER_OK
        } catch {
            return ErrorReporting.report(error, api: api, err: err)
        }
    }
}
