import CPacer

/// Checks, once per `create`, that the host's function table is one this
/// kit can call: the same ABI major, a struct at least as large as ABI
/// 1.0's, and every 1.0 function present. After this check the kit calls
/// host functions with `!` without risk.
enum HostAPICheck {
    /// The end of the last field ABI 1.0 defines.
    static let minimumSize: Int =
        MemoryLayout<pacer_host_api>.offset(of: \pacer_host_api.state_key_at)!
        + MemoryLayout<UnsafeRawPointer>.size

    /// nil when `api` is usable, else what is wrong with it.
    static func problem(with api: UnsafePointer<pacer_host_api>) -> String? {
        // Read the header fields one by one: a foreign table may be shorter
        // than ours, so it is copied whole only after the size check.
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
        let table = api.pointee
        let present: [(String, Bool)] = [
            ("log", table.log != nil), ("error_set", table.error_set != nil),
            ("ctx_get_info", table.ctx_get_info != nil), ("ctx_mode_name", table.ctx_mode_name != nil),
            ("ctx_work_dir", table.ctx_work_dir != nil), ("ctx_timestamp", table.ctx_timestamp != nil),
            ("ctx_group_count", table.ctx_group_count != nil), ("ctx_lr", table.ctx_lr != nil),
            ("ctx_momentum", table.ctx_momentum != nil), ("ctx_output_get", table.ctx_output_get != nil),
            ("ctx_output_put", table.ctx_output_put != nil),
            ("ctx_output_samples", table.ctx_output_samples != nil),
            ("log_update", table.log_update != nil), ("log_average", table.log_average != nil),
            ("log_ready", table.log_ready != nil), ("log_output_count", table.log_output_count != nil),
            ("log_output_at", table.log_output_at != nil), ("log_output_put", table.log_output_put != nil),
            ("log_clear_output", table.log_clear_output != nil), ("log_clear", table.log_clear != nil),
            ("ctx_param_count", table.ctx_param_count != nil), ("ctx_param_at", table.ctx_param_at != nil),
            ("ctx_request_stop", table.ctx_request_stop != nil), ("cfg_has", table.cfg_has != nil),
            ("cfg_get_i64", table.cfg_get_i64 != nil), ("cfg_get_f64", table.cfg_get_f64 != nil),
            ("cfg_get_bool", table.cfg_get_bool != nil), ("cfg_get_str", table.cfg_get_str != nil),
            ("cfg_get_len", table.cfg_get_len != nil), ("cfg_json", table.cfg_json != nil),
            ("state_put_tensor", table.state_put_tensor != nil),
            ("state_put_bytes", table.state_put_bytes != nil),
            ("state_get_tensor", table.state_get_tensor != nil),
            ("state_get_bytes", table.state_get_bytes != nil),
            ("state_key_count", table.state_key_count != nil), ("state_key_at", table.state_key_at != nil),
        ]
        let missing = present.filter { !$0.1 }.map(\.0)
        guard missing.isEmpty else {
            return "the host's pacer_host_api lacks " + missing.joined(separator: ", ")
        }
        return nil
    }
}
