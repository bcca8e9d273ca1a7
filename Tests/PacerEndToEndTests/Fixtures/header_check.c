/*
 * Compiled by ABIStabilityTests as C99, C11 and C++17 with
 * -Wall -Wextra -pedantic -Werror: the SDK headers, the PACER_LIBRARY
 * macro, PACER_HAS_FIELD and pacer_batch_field must be warning-free in
 * every language a plugin may be written in. Written in the common subset
 * of C99 and C++ (positional initializers, explicit casts).
 */
#include <pacer/pacer.h>

static pacer_status check_create(const pacer_plugin_desc *desc, const pacer_host_api *api, const pacer_config *cfg,
                                 void **out_self, pacer_error *err) {
  (void)desc;
  (void)cfg;
  if (!PACER_HAS_FIELD(api, pacer_host_api, state_key_at)) {
    api->error_set(err, PACER_E_ABI, "host table too small");
    return PACER_E_ABI;
  }
  *out_self = (void *)api;
  return PACER_OK;
}

static void check_destroy(void *self) { (void)self; }

static pacer_status check_point(void *self, pacer_ctx *ctx, pacer_error *err) {
  const pacer_host_api *api = (const pacer_host_api *)self;
  pacer_ctx_info info = {sizeof(pacer_ctx_info), 0, 0, 0, 0, 0, 0, 0};
  (void)err;
  return api->ctx_get_info(ctx, &info);
}

static pacer_status check_step(void *self, pacer_ctx *ctx, const pacer_batch *batch, pacer_step_output *out,
                               pacer_error *err) {
  (void)self;
  (void)ctx;
  (void)err;
  if (batch->field_count > 0 && pacer_batch_field(batch, 0)->dtype != PACER_DTYPE_F32) return PACER_E_INVALID_ARG;
  if (PACER_HAS_FIELD(out, pacer_step_output, num_samples)) out->num_samples = 0;
  return PACER_OK;
}

static uint32_t check_param_count(void *self) {
  (void)self;
  return 0;
}

static pacer_status check_param_at(void *self, uint32_t index, pacer_tensor *out) {
  (void)self;
  (void)index;
  (void)out;
  return PACER_E_NOT_FOUND;
}

static const pacer_hook_vtable check_hooks = {
    sizeof(pacer_hook_vtable), 0, check_point, check_point, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    check_point, NULL, NULL, NULL, NULL};

static const pacer_model_vtable check_model = {
    sizeof(pacer_model_vtable), 0, check_param_count, check_param_at, NULL, NULL, check_step, check_step, NULL, NULL};

static const pacer_plugin_desc check_hook_desc = {
    sizeof(pacer_plugin_desc), PACER_KIND_HOOK, "HeaderCheckHook", "1.0.0", "", PACER_PRIORITY_NORMAL, 0,
    check_create, check_destroy, &check_hooks, 0, 0, NULL};

static const pacer_plugin_desc check_model_desc = {
    sizeof(pacer_plugin_desc), PACER_KIND_MODEL, "HeaderCheckModel", "1.0.0", "", PACER_PRIORITY_NORMAL, 0,
    check_create, check_destroy, &check_model, 0, 0, NULL};

PACER_LIBRARY(&check_hook_desc, &check_model_desc)
