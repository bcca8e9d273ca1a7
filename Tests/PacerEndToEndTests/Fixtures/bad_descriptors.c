/*
 * A library whose five descriptors are each wrong in a different way, for
 * `pacer plugins check`, which must list every problem, one per line:
 *   0  type_name "bad name!" (a space and '!'), create NULL
 *   1  kind 9
 *   2  a model with train_step and val_step NULL
 *   3  required_features bit 0x10, unknown to ABI 1.0
 *   4  default_priority 200
 */
#include <pacer/pacer.h>

static pacer_status create(const pacer_plugin_desc *desc, const pacer_host_api *api, const pacer_config *cfg,
                           void **out, pacer_error *err) {
  (void)desc, (void)api, (void)cfg, (void)err;
  *out = (void *)1;
  return PACER_OK;
}
static void destroy(void *self) { (void)self; }
static pacer_status point(void *self, pacer_ctx *ctx, pacer_error *err) {
  (void)self, (void)ctx, (void)err;
  return PACER_OK;
}
static uint32_t count(void *self) { (void)self; return 0; }
static pacer_status at(void *self, uint32_t i, pacer_tensor *out) { (void)self, (void)i, (void)out; return PACER_E_NOT_FOUND; }

static const pacer_hook_vtable hooks = {.struct_size = sizeof hooks, .after_train_iter = point};
static const pacer_model_vtable model = {.struct_size = sizeof model, .param_count = count, .param_at = at};

static const pacer_plugin_desc bad_name = {sizeof(pacer_plugin_desc), PACER_KIND_HOOK, "bad name!", "1", "", 50, 0,
                                           NULL, destroy, &hooks};
static const pacer_plugin_desc bad_kind = {sizeof(pacer_plugin_desc), 9, "BadKind", "1", "", 50, 0,
                                           create, destroy, &hooks};
static const pacer_plugin_desc bad_model = {sizeof(pacer_plugin_desc), PACER_KIND_MODEL, "BadModel", "1", "", 50, 0,
                                            create, destroy, &model};
static const pacer_plugin_desc bad_feature = {sizeof(pacer_plugin_desc), PACER_KIND_HOOK, "BadFeature", "1", "", 50,
                                              0x10, create, destroy, &hooks};
static const pacer_plugin_desc bad_priority = {sizeof(pacer_plugin_desc), PACER_KIND_HOOK, "BadPriority", "1", "",
                                               200, 0, create, destroy, &hooks};

PACER_LIBRARY(&bad_name, &bad_kind, &bad_model, &bad_feature, &bad_priority)
