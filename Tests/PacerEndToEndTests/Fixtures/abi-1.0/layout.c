/*
 * FROZEN: the ABI 1.0 layout of every struct that crosses the plugin
 * boundary (LP64: Linux x86_64 and aarch64), and the value of every 1.0
 * constant. ABIStabilityTests compiles this file as C11 against the
 * current plugin-sdk/include (and against the frozen abi-1.0/include):
 * it fails to compile if a 1.0 field moves, changes size, or a 1.0 value
 * changes. The same numbers are checked from Swift (MemoryLayout) by
 * ABILayoutTests, which reads them from this file.
 *
 * Later minors may append fields (each struct may grow past the size
 * below) and constants; nothing listed here may ever change within ABI 1.x.
 *
 *   PACER_FIELD(type, field, offset, size)
 *   PACER_STRUCT(type, size of the 1.0 layout, alignment)
 *   PACER_CONSTANT(name, value)
 */
#include <pacer/pacer.h>

#define PACER_FIELD(T, f, offset, size)                                              \
  _Static_assert(offsetof(T, f) == (offset), #T "." #f " moved: ABI 1.0 puts it at " #offset); \
  _Static_assert(sizeof(((T *)0)->f) == (size), #T "." #f " changed size: ABI 1.0 gives it " #size)
#define PACER_STRUCT(T, size, align)                                                 \
  _Static_assert(sizeof(T) >= (size), #T " shrank below its ABI 1.0 size " #size);   \
  _Static_assert(_Alignof(T) == (align), #T " changed alignment: ABI 1.0 gives " #align)
#define PACER_CONSTANT(name, value) _Static_assert((name) == (value), #name " changed: ABI 1.0 defines " #value)

/* pacer_ctx_info */
PACER_FIELD(pacer_ctx_info, struct_size, 0, 4);
PACER_FIELD(pacer_ctx_info, mode, 4, 4);
PACER_FIELD(pacer_ctx_info, epoch, 8, 8);
PACER_FIELD(pacer_ctx_info, iter, 16, 8);
PACER_FIELD(pacer_ctx_info, inner_iter, 24, 8);
PACER_FIELD(pacer_ctx_info, max_epochs, 32, 8);
PACER_FIELD(pacer_ctx_info, max_iters, 40, 8);
PACER_FIELD(pacer_ctx_info, iters_per_epoch, 48, 8);
PACER_STRUCT(pacer_ctx_info, 56, 8);

/* pacer_host_api */
PACER_FIELD(pacer_host_api, struct_size, 0, 4);
PACER_FIELD(pacer_host_api, abi_major, 4, 4);
PACER_FIELD(pacer_host_api, abi_minor, 8, 4);
PACER_FIELD(pacer_host_api, reserved0, 12, 4);
PACER_FIELD(pacer_host_api, host_name, 16, 8);
PACER_FIELD(pacer_host_api, host_version, 24, 8);
PACER_FIELD(pacer_host_api, log, 32, 8);
PACER_FIELD(pacer_host_api, error_set, 40, 8);
PACER_FIELD(pacer_host_api, ctx_get_info, 48, 8);
PACER_FIELD(pacer_host_api, ctx_mode_name, 56, 8);
PACER_FIELD(pacer_host_api, ctx_work_dir, 64, 8);
PACER_FIELD(pacer_host_api, ctx_timestamp, 72, 8);
PACER_FIELD(pacer_host_api, ctx_group_count, 80, 8);
PACER_FIELD(pacer_host_api, ctx_lr, 88, 8);
PACER_FIELD(pacer_host_api, ctx_momentum, 96, 8);
PACER_FIELD(pacer_host_api, ctx_output_get, 104, 8);
PACER_FIELD(pacer_host_api, ctx_output_put, 112, 8);
PACER_FIELD(pacer_host_api, ctx_output_samples, 120, 8);
PACER_FIELD(pacer_host_api, log_update, 128, 8);
PACER_FIELD(pacer_host_api, log_average, 136, 8);
PACER_FIELD(pacer_host_api, log_ready, 144, 8);
PACER_FIELD(pacer_host_api, log_output_count, 152, 8);
PACER_FIELD(pacer_host_api, log_output_at, 160, 8);
PACER_FIELD(pacer_host_api, log_output_put, 168, 8);
PACER_FIELD(pacer_host_api, log_clear_output, 176, 8);
PACER_FIELD(pacer_host_api, log_clear, 184, 8);
PACER_FIELD(pacer_host_api, ctx_param_count, 192, 8);
PACER_FIELD(pacer_host_api, ctx_param_at, 200, 8);
PACER_FIELD(pacer_host_api, ctx_request_stop, 208, 8);
PACER_FIELD(pacer_host_api, cfg_has, 216, 8);
PACER_FIELD(pacer_host_api, cfg_get_i64, 224, 8);
PACER_FIELD(pacer_host_api, cfg_get_f64, 232, 8);
PACER_FIELD(pacer_host_api, cfg_get_bool, 240, 8);
PACER_FIELD(pacer_host_api, cfg_get_str, 248, 8);
PACER_FIELD(pacer_host_api, cfg_get_len, 256, 8);
PACER_FIELD(pacer_host_api, cfg_json, 264, 8);
PACER_FIELD(pacer_host_api, state_put_tensor, 272, 8);
PACER_FIELD(pacer_host_api, state_put_bytes, 280, 8);
PACER_FIELD(pacer_host_api, state_get_tensor, 288, 8);
PACER_FIELD(pacer_host_api, state_get_bytes, 296, 8);
PACER_FIELD(pacer_host_api, state_key_count, 304, 8);
PACER_FIELD(pacer_host_api, state_key_at, 312, 8);
PACER_STRUCT(pacer_host_api, 320, 8);

/* pacer_tensor */
PACER_FIELD(pacer_tensor, struct_size, 0, 4);
PACER_FIELD(pacer_tensor, dtype, 4, 4);
PACER_FIELD(pacer_tensor, name, 8, 8);
PACER_FIELD(pacer_tensor, ndim, 16, 4);
PACER_FIELD(pacer_tensor, reserved0, 20, 4);
PACER_FIELD(pacer_tensor, shape, 24, 8);
PACER_FIELD(pacer_tensor, numel, 32, 8);
PACER_FIELD(pacer_tensor, data, 40, 8);
PACER_FIELD(pacer_tensor, grad, 48, 8);
PACER_STRUCT(pacer_tensor, 56, 8);

/* pacer_batch */
PACER_FIELD(pacer_batch, struct_size, 0, 4);
PACER_FIELD(pacer_batch, field_count, 4, 4);
PACER_FIELD(pacer_batch, field_stride, 8, 4);
PACER_FIELD(pacer_batch, reserved0, 12, 4);
PACER_FIELD(pacer_batch, fields, 16, 8);
PACER_STRUCT(pacer_batch, 24, 8);

/* pacer_hook_vtable */
PACER_FIELD(pacer_hook_vtable, struct_size, 0, 4);
PACER_FIELD(pacer_hook_vtable, reserved0, 4, 4);
PACER_FIELD(pacer_hook_vtable, before_run, 8, 8);
PACER_FIELD(pacer_hook_vtable, after_run, 16, 8);
PACER_FIELD(pacer_hook_vtable, before_epoch, 24, 8);
PACER_FIELD(pacer_hook_vtable, after_epoch, 32, 8);
PACER_FIELD(pacer_hook_vtable, before_iter, 40, 8);
PACER_FIELD(pacer_hook_vtable, after_iter, 48, 8);
PACER_FIELD(pacer_hook_vtable, before_train_epoch, 56, 8);
PACER_FIELD(pacer_hook_vtable, after_train_epoch, 64, 8);
PACER_FIELD(pacer_hook_vtable, before_val_epoch, 72, 8);
PACER_FIELD(pacer_hook_vtable, after_val_epoch, 80, 8);
PACER_FIELD(pacer_hook_vtable, before_train_iter, 88, 8);
PACER_FIELD(pacer_hook_vtable, after_train_iter, 96, 8);
PACER_FIELD(pacer_hook_vtable, before_val_iter, 104, 8);
PACER_FIELD(pacer_hook_vtable, after_val_iter, 112, 8);
PACER_FIELD(pacer_hook_vtable, save_state, 120, 8);
PACER_FIELD(pacer_hook_vtable, load_state, 128, 8);
PACER_STRUCT(pacer_hook_vtable, 136, 8);

/* pacer_step_output */
PACER_FIELD(pacer_step_output, struct_size, 0, 4);
PACER_FIELD(pacer_step_output, reserved0, 4, 4);
PACER_FIELD(pacer_step_output, loss, 8, 8);
PACER_FIELD(pacer_step_output, num_samples, 16, 8);
PACER_STRUCT(pacer_step_output, 24, 8);

/* pacer_model_vtable */
PACER_FIELD(pacer_model_vtable, struct_size, 0, 4);
PACER_FIELD(pacer_model_vtable, reserved0, 4, 4);
PACER_FIELD(pacer_model_vtable, param_count, 8, 8);
PACER_FIELD(pacer_model_vtable, param_at, 16, 8);
PACER_FIELD(pacer_model_vtable, buffer_count, 24, 8);
PACER_FIELD(pacer_model_vtable, buffer_at, 32, 8);
PACER_FIELD(pacer_model_vtable, train_step, 40, 8);
PACER_FIELD(pacer_model_vtable, val_step, 48, 8);
PACER_FIELD(pacer_model_vtable, save_state, 56, 8);
PACER_FIELD(pacer_model_vtable, load_state, 64, 8);
PACER_STRUCT(pacer_model_vtable, 72, 8);

/* pacer_plugin_desc */
PACER_FIELD(pacer_plugin_desc, struct_size, 0, 4);
PACER_FIELD(pacer_plugin_desc, kind, 4, 4);
PACER_FIELD(pacer_plugin_desc, type_name, 8, 8);
PACER_FIELD(pacer_plugin_desc, version, 16, 8);
PACER_FIELD(pacer_plugin_desc, description, 24, 8);
PACER_FIELD(pacer_plugin_desc, default_priority, 32, 4);
PACER_FIELD(pacer_plugin_desc, required_features, 36, 4);
PACER_FIELD(pacer_plugin_desc, create, 40, 8);
PACER_FIELD(pacer_plugin_desc, destroy, 48, 8);
PACER_FIELD(pacer_plugin_desc, vtable, 56, 8);
PACER_STRUCT(pacer_plugin_desc, 64, 8);

/* pacer_library */
PACER_FIELD(pacer_library, struct_size, 0, 4);
PACER_FIELD(pacer_library, abi_major, 4, 4);
PACER_FIELD(pacer_library, abi_minor, 8, 4);
PACER_FIELD(pacer_library, reserved0, 12, 4);
PACER_FIELD(pacer_library, build_tag, 16, 8);
PACER_FIELD(pacer_library, plugin_count, 24, 8);
PACER_FIELD(pacer_library, plugin_at, 32, 8);
PACER_STRUCT(pacer_library, 40, 8);

/* constants */
PACER_CONSTANT(PACER_ABI_MAJOR, 1);
PACER_CONSTANT(PACER_OK, 0);
PACER_CONSTANT(PACER_E_FAILED, -1);
PACER_CONSTANT(PACER_E_INVALID_ARG, -2);
PACER_CONSTANT(PACER_E_UNSUPPORTED, -3);
PACER_CONSTANT(PACER_E_NO_MEMORY, -4);
PACER_CONSTANT(PACER_E_NOT_FOUND, -5);
PACER_CONSTANT(PACER_E_STATE, -6);
PACER_CONSTANT(PACER_E_ABI, -7);
PACER_CONSTANT(PACER_E_IO, -8);
PACER_CONSTANT(PACER_KIND_HOOK, 1);
PACER_CONSTANT(PACER_KIND_MODEL, 2);
PACER_CONSTANT(PACER_DTYPE_F32, 1);
PACER_CONSTANT(PACER_DTYPE_I64, 2);
PACER_CONSTANT(PACER_DTYPE_U8, 3);
PACER_CONSTANT(PACER_MODE_NONE, 0);
PACER_CONSTANT(PACER_MODE_TRAIN, 1);
PACER_CONSTANT(PACER_MODE_VAL, 2);
PACER_CONSTANT(PACER_MODE_OTHER, 3);
PACER_CONSTANT(PACER_PRIORITY_HIGHEST, 0);
PACER_CONSTANT(PACER_PRIORITY_VERY_HIGH, 10);
PACER_CONSTANT(PACER_PRIORITY_HIGH, 30);
PACER_CONSTANT(PACER_PRIORITY_ABOVE_NORMAL, 40);
PACER_CONSTANT(PACER_PRIORITY_NORMAL, 50);
PACER_CONSTANT(PACER_PRIORITY_BELOW_NORMAL, 60);
PACER_CONSTANT(PACER_PRIORITY_LOW, 70);
PACER_CONSTANT(PACER_PRIORITY_VERY_LOW, 90);
PACER_CONSTANT(PACER_PRIORITY_LOWEST, 100);
PACER_CONSTANT(PACER_LOG_DEBUG, 0);
PACER_CONSTANT(PACER_LOG_INFO, 1);
PACER_CONSTANT(PACER_LOG_WARNING, 2);
PACER_CONSTANT(PACER_LOG_ERROR, 3);
