/*
 * A model plugin with no parameters whose train and val steps return a
 * constant loss over the batch's samples: the benchmark's empty iteration.
 * Built by pacer-bench with
 *   cc -O2 -shared -fPIC -I plugin-sdk/include noop_model.c
 */
#include <pacer/pacer.h>

static pacer_status step(void *self, pacer_ctx *ctx, const pacer_batch *batch, pacer_step_output *out,
                         pacer_error *err) {
  (void)self; (void)ctx; (void)err;
  out->loss = 0.5;
  const pacer_tensor *first = batch->field_count > 0 ? pacer_batch_field(batch, 0) : NULL;
  out->num_samples = first && first->ndim > 0 ? first->shape[0] : 0;
  return PACER_OK;
}

static uint32_t param_count(void *self) { (void)self; return 0; }

static pacer_status param_at(void *self, uint32_t index, pacer_tensor *out) {
  (void)self; (void)index; (void)out;
  return PACER_E_NOT_FOUND;
}

static pacer_status create(const pacer_plugin_desc *desc, const pacer_host_api *api, const pacer_config *cfg,
                           void **out, pacer_error *err) {
  (void)desc; (void)cfg; (void)err;
  *out = (void *)api;
  return PACER_OK;
}

static void destroy(void *self) { (void)self; }

static const pacer_model_vtable model = {
    .struct_size = sizeof model, .param_count = param_count, .param_at = param_at,
    .train_step = step, .val_step = step};

static const pacer_plugin_desc noop_model = {
    .struct_size = sizeof noop_model, .kind = PACER_KIND_MODEL, .type_name = "NoopModel",
    .version = "1.0.0", .description = "a model that computes nothing",
    .default_priority = PACER_PRIORITY_NORMAL, .create = create, .destroy = destroy, .vtable = &model};

PACER_LIBRARY(&noop_model)
