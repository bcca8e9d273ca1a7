import CPacer

/// Checks the host's function table: once per `create`, that it is one this
/// kit can call (the same ABI major, a struct at least as large as ABI
/// 1.0's, every 1.0 function present), after which the kit calls 1.0
/// functions with `!` without risk; and before each call of a function a
/// later minor appended, that this host has it.
///
/// The table is read field by field through the pointer, never copied
/// whole: a 1.0 host's table is shorter than the one this kit is compiled
/// against.
enum HostAPICheck {
    /// The end of the last field ABI 1.0 defines.
    static let minimumSize: Int =
        MemoryLayout<pacer_host_api>.offset(of: \pacer_host_api.state_key_at)!
        + MemoryLayout<UnsafeRawPointer>.size

    /// nil when `api` is usable, else what is wrong with it.
    static func problem(with api: UnsafePointer<pacer_host_api>) -> String? {
        let major = api.pointee.abi_major
        let minor = api.pointee.abi_minor
        let size = api.pointee.struct_size
        guard major == PACER_ABI_MAJOR else {
            return "the host implements ABI \(major).\(minor), "
                + "this plugin was built for \(PACER_ABI_MAJOR).\(PACER_ABI_MINOR)"
        }
        guard Int(size) >= minimumSize else {
            return "the host's pacer_host_api has \(size) bytes, ABI 1.0 needs \(minimumSize)"
        }
        let present: [(String, Bool)] = [
            ("log", api.pointee.log != nil), ("error_set", api.pointee.error_set != nil),
            ("ctx_get_info", api.pointee.ctx_get_info != nil), ("ctx_mode_name", api.pointee.ctx_mode_name != nil),
            ("ctx_work_dir", api.pointee.ctx_work_dir != nil), ("ctx_timestamp", api.pointee.ctx_timestamp != nil),
            ("ctx_group_count", api.pointee.ctx_group_count != nil), ("ctx_lr", api.pointee.ctx_lr != nil),
            ("ctx_momentum", api.pointee.ctx_momentum != nil), ("ctx_output_get", api.pointee.ctx_output_get != nil),
            ("ctx_output_put", api.pointee.ctx_output_put != nil),
            ("ctx_output_samples", api.pointee.ctx_output_samples != nil),
            ("log_update", api.pointee.log_update != nil), ("log_average", api.pointee.log_average != nil),
            ("log_ready", api.pointee.log_ready != nil), ("log_output_count", api.pointee.log_output_count != nil),
            ("log_output_at", api.pointee.log_output_at != nil), ("log_output_put", api.pointee.log_output_put != nil),
            ("log_clear_output", api.pointee.log_clear_output != nil), ("log_clear", api.pointee.log_clear != nil),
            ("ctx_param_count", api.pointee.ctx_param_count != nil), ("ctx_param_at", api.pointee.ctx_param_at != nil),
            ("ctx_request_stop", api.pointee.ctx_request_stop != nil), ("cfg_has", api.pointee.cfg_has != nil),
            ("cfg_get_i64", api.pointee.cfg_get_i64 != nil), ("cfg_get_f64", api.pointee.cfg_get_f64 != nil),
            ("cfg_get_bool", api.pointee.cfg_get_bool != nil), ("cfg_get_str", api.pointee.cfg_get_str != nil),
            ("cfg_get_len", api.pointee.cfg_get_len != nil), ("cfg_json", api.pointee.cfg_json != nil),
            ("state_put_tensor", api.pointee.state_put_tensor != nil),
            ("state_put_bytes", api.pointee.state_put_bytes != nil),
            ("state_get_tensor", api.pointee.state_get_tensor != nil),
            ("state_get_bytes", api.pointee.state_get_bytes != nil),
            ("state_key_count", api.pointee.state_key_count != nil), ("state_key_at", api.pointee.state_key_at != nil),
        ]
        let missing = present.filter { !$0.1 }.map(\.0)
        guard missing.isEmpty else {
            return "the host's pacer_host_api lacks " + missing.joined(separator: ", ")
        }
        return nil
    }

    /// The function a minor after 1.0 appended at `field` of `api`, or a
    /// thrown error saying that this host is too old for it: the Swift form
    /// of `PACER_HAS_FIELD(api, pacer_host_api, field) && api->field != NULL`.
    /// `name` is the C field's name and `minor` the ABI minor that added it.
    static func function<Function>(_ field: KeyPath<pacer_host_api, Function?>, named name: String,
                                   addedIn minor: Int, in api: UnsafePointer<pacer_host_api>) throws -> Function {
        guard let offset = MemoryLayout<pacer_host_api>.offset(of: field) else {
            throw PluginFailure("PacerPluginKit: '\(name)' is not a stored field of pacer_host_api", status: .abi)
        }
        let size = Int(api.pointee.struct_size)
        if offset + MemoryLayout<Function?>.size <= size,
            let function = UnsafeRawPointer(api).load(fromByteOffset: offset, as: Function?.self) {
            return function
        }
        let host = Host(api: api)
        throw PluginFailure(
            "this plugin calls \(name), which plugin ABI 1.\(minor) added, but the host (\(host.name) "
                + "\(host.version)) speaks plugin ABI \(host.abiMajor).\(host.abiMinor); run a newer pacer",
            status: .unsupported)
    }
}
