import CPacer

/// The Swift view of every ABI 1.0 field, constant and struct, as the host
/// and the Swift kit see them through the CPacer module: the other half of
/// the mirror check against Fixtures/abi-1.0/layout.c.
enum SwiftABILayout {
    /// One field: "type.field", its byte offset and its size.
    struct Field: Equatable, Sendable, CustomStringConvertible {
        let name: String
        let offset: Int
        let size: Int
        var description: String { "\(name) at \(offset), \(size) bytes" }
    }

    /// One struct: its name, size and alignment in Swift.
    struct Layout: Equatable, Sendable {
        let name: String
        let size: Int
        let alignment: Int
    }

    private static func field<T, V>(_ name: String, _ path: KeyPath<T, V>) -> Field {
        Field(name: "\(T.self).\(name)", offset: MemoryLayout<T>.offset(of: path)!, size: MemoryLayout<V>.size)
    }

    private static func layout<T>(_ type: T.Type) -> Layout {
        Layout(name: "\(T.self)", size: MemoryLayout<T>.size, alignment: MemoryLayout<T>.alignment)
    }

    /// Every field layout.c lists, read through Swift key paths.
    static let fields: [Field] = [
        field("struct_size", \pacer_ctx_info.struct_size),
        field("mode", \pacer_ctx_info.mode),
        field("epoch", \pacer_ctx_info.epoch),
        field("iter", \pacer_ctx_info.iter),
        field("inner_iter", \pacer_ctx_info.inner_iter),
        field("max_epochs", \pacer_ctx_info.max_epochs),
        field("max_iters", \pacer_ctx_info.max_iters),
        field("iters_per_epoch", \pacer_ctx_info.iters_per_epoch),
        field("struct_size", \pacer_host_api.struct_size),
        field("abi_major", \pacer_host_api.abi_major),
        field("abi_minor", \pacer_host_api.abi_minor),
        field("reserved0", \pacer_host_api.reserved0),
        field("host_name", \pacer_host_api.host_name),
        field("host_version", \pacer_host_api.host_version),
        field("log", \pacer_host_api.log),
        field("error_set", \pacer_host_api.error_set),
        field("ctx_get_info", \pacer_host_api.ctx_get_info),
        field("ctx_mode_name", \pacer_host_api.ctx_mode_name),
        field("ctx_work_dir", \pacer_host_api.ctx_work_dir),
        field("ctx_timestamp", \pacer_host_api.ctx_timestamp),
        field("ctx_group_count", \pacer_host_api.ctx_group_count),
        field("ctx_lr", \pacer_host_api.ctx_lr),
        field("ctx_momentum", \pacer_host_api.ctx_momentum),
        field("ctx_output_get", \pacer_host_api.ctx_output_get),
        field("ctx_output_put", \pacer_host_api.ctx_output_put),
        field("ctx_output_samples", \pacer_host_api.ctx_output_samples),
        field("log_update", \pacer_host_api.log_update),
        field("log_average", \pacer_host_api.log_average),
        field("log_ready", \pacer_host_api.log_ready),
        field("log_output_count", \pacer_host_api.log_output_count),
        field("log_output_at", \pacer_host_api.log_output_at),
        field("log_output_put", \pacer_host_api.log_output_put),
        field("log_clear_output", \pacer_host_api.log_clear_output),
        field("log_clear", \pacer_host_api.log_clear),
        field("ctx_param_count", \pacer_host_api.ctx_param_count),
        field("ctx_param_at", \pacer_host_api.ctx_param_at),
        field("ctx_request_stop", \pacer_host_api.ctx_request_stop),
        field("cfg_has", \pacer_host_api.cfg_has),
        field("cfg_get_i64", \pacer_host_api.cfg_get_i64),
        field("cfg_get_f64", \pacer_host_api.cfg_get_f64),
        field("cfg_get_bool", \pacer_host_api.cfg_get_bool),
        field("cfg_get_str", \pacer_host_api.cfg_get_str),
        field("cfg_get_len", \pacer_host_api.cfg_get_len),
        field("cfg_json", \pacer_host_api.cfg_json),
        field("state_put_tensor", \pacer_host_api.state_put_tensor),
        field("state_put_bytes", \pacer_host_api.state_put_bytes),
        field("state_get_tensor", \pacer_host_api.state_get_tensor),
        field("state_get_bytes", \pacer_host_api.state_get_bytes),
        field("state_key_count", \pacer_host_api.state_key_count),
        field("state_key_at", \pacer_host_api.state_key_at),
        field("struct_size", \pacer_tensor.struct_size),
        field("dtype", \pacer_tensor.dtype),
        field("name", \pacer_tensor.name),
        field("ndim", \pacer_tensor.ndim),
        field("reserved0", \pacer_tensor.reserved0),
        field("shape", \pacer_tensor.shape),
        field("numel", \pacer_tensor.numel),
        field("data", \pacer_tensor.data),
        field("grad", \pacer_tensor.grad),
        field("struct_size", \pacer_batch.struct_size),
        field("field_count", \pacer_batch.field_count),
        field("field_stride", \pacer_batch.field_stride),
        field("reserved0", \pacer_batch.reserved0),
        field("fields", \pacer_batch.fields),
        field("struct_size", \pacer_hook_vtable.struct_size),
        field("reserved0", \pacer_hook_vtable.reserved0),
        field("before_run", \pacer_hook_vtable.before_run),
        field("after_run", \pacer_hook_vtable.after_run),
        field("before_epoch", \pacer_hook_vtable.before_epoch),
        field("after_epoch", \pacer_hook_vtable.after_epoch),
        field("before_iter", \pacer_hook_vtable.before_iter),
        field("after_iter", \pacer_hook_vtable.after_iter),
        field("before_train_epoch", \pacer_hook_vtable.before_train_epoch),
        field("after_train_epoch", \pacer_hook_vtable.after_train_epoch),
        field("before_val_epoch", \pacer_hook_vtable.before_val_epoch),
        field("after_val_epoch", \pacer_hook_vtable.after_val_epoch),
        field("before_train_iter", \pacer_hook_vtable.before_train_iter),
        field("after_train_iter", \pacer_hook_vtable.after_train_iter),
        field("before_val_iter", \pacer_hook_vtable.before_val_iter),
        field("after_val_iter", \pacer_hook_vtable.after_val_iter),
        field("save_state", \pacer_hook_vtable.save_state),
        field("load_state", \pacer_hook_vtable.load_state),
        field("struct_size", \pacer_step_output.struct_size),
        field("reserved0", \pacer_step_output.reserved0),
        field("loss", \pacer_step_output.loss),
        field("num_samples", \pacer_step_output.num_samples),
        field("struct_size", \pacer_model_vtable.struct_size),
        field("reserved0", \pacer_model_vtable.reserved0),
        field("param_count", \pacer_model_vtable.param_count),
        field("param_at", \pacer_model_vtable.param_at),
        field("buffer_count", \pacer_model_vtable.buffer_count),
        field("buffer_at", \pacer_model_vtable.buffer_at),
        field("train_step", \pacer_model_vtable.train_step),
        field("val_step", \pacer_model_vtable.val_step),
        field("save_state", \pacer_model_vtable.save_state),
        field("load_state", \pacer_model_vtable.load_state),
        field("struct_size", \pacer_plugin_desc.struct_size),
        field("kind", \pacer_plugin_desc.kind),
        field("type_name", \pacer_plugin_desc.type_name),
        field("version", \pacer_plugin_desc.version),
        field("description", \pacer_plugin_desc.description),
        field("default_priority", \pacer_plugin_desc.default_priority),
        field("required_features", \pacer_plugin_desc.required_features),
        field("create", \pacer_plugin_desc.create),
        field("destroy", \pacer_plugin_desc.destroy),
        field("vtable", \pacer_plugin_desc.vtable),
        field("struct_size", \pacer_library.struct_size),
        field("abi_major", \pacer_library.abi_major),
        field("abi_minor", \pacer_library.abi_minor),
        field("reserved0", \pacer_library.reserved0),
        field("build_tag", \pacer_library.build_tag),
        field("plugin_count", \pacer_library.plugin_count),
        field("plugin_at", \pacer_library.plugin_at),
    ]

    /// Every struct layout.c lists.
    static let structs: [Layout] = [
        layout(pacer_ctx_info.self),
        layout(pacer_host_api.self),
        layout(pacer_tensor.self),
        layout(pacer_batch.self),
        layout(pacer_hook_vtable.self),
        layout(pacer_step_output.self),
        layout(pacer_model_vtable.self),
        layout(pacer_plugin_desc.self),
        layout(pacer_library.self),
    ]

    /// Every constant layout.c lists, as Swift imports it.
    static let constants: [String: Int] = [
        "PACER_ABI_MAJOR": Int(PACER_ABI_MAJOR),
        "PACER_OK": Int(PACER_OK),
        "PACER_E_FAILED": Int(PACER_E_FAILED),
        "PACER_E_INVALID_ARG": Int(PACER_E_INVALID_ARG),
        "PACER_E_UNSUPPORTED": Int(PACER_E_UNSUPPORTED),
        "PACER_E_NO_MEMORY": Int(PACER_E_NO_MEMORY),
        "PACER_E_NOT_FOUND": Int(PACER_E_NOT_FOUND),
        "PACER_E_STATE": Int(PACER_E_STATE),
        "PACER_E_ABI": Int(PACER_E_ABI),
        "PACER_E_IO": Int(PACER_E_IO),
        "PACER_KIND_HOOK": Int(PACER_KIND_HOOK),
        "PACER_KIND_MODEL": Int(PACER_KIND_MODEL),
        "PACER_DTYPE_F32": Int(PACER_DTYPE_F32),
        "PACER_DTYPE_I64": Int(PACER_DTYPE_I64),
        "PACER_DTYPE_U8": Int(PACER_DTYPE_U8),
        "PACER_MODE_NONE": Int(PACER_MODE_NONE),
        "PACER_MODE_TRAIN": Int(PACER_MODE_TRAIN),
        "PACER_MODE_VAL": Int(PACER_MODE_VAL),
        "PACER_MODE_OTHER": Int(PACER_MODE_OTHER),
        "PACER_PRIORITY_HIGHEST": Int(PACER_PRIORITY_HIGHEST),
        "PACER_PRIORITY_VERY_HIGH": Int(PACER_PRIORITY_VERY_HIGH),
        "PACER_PRIORITY_HIGH": Int(PACER_PRIORITY_HIGH),
        "PACER_PRIORITY_ABOVE_NORMAL": Int(PACER_PRIORITY_ABOVE_NORMAL),
        "PACER_PRIORITY_NORMAL": Int(PACER_PRIORITY_NORMAL),
        "PACER_PRIORITY_BELOW_NORMAL": Int(PACER_PRIORITY_BELOW_NORMAL),
        "PACER_PRIORITY_LOW": Int(PACER_PRIORITY_LOW),
        "PACER_PRIORITY_VERY_LOW": Int(PACER_PRIORITY_VERY_LOW),
        "PACER_PRIORITY_LOWEST": Int(PACER_PRIORITY_LOWEST),
        "PACER_LOG_DEBUG": Int(PACER_LOG_DEBUG),
        "PACER_LOG_INFO": Int(PACER_LOG_INFO),
        "PACER_LOG_WARNING": Int(PACER_LOG_WARNING),
        "PACER_LOG_ERROR": Int(PACER_LOG_ERROR),
    ]
}
