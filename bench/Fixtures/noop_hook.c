/*
 * A hook plugin that does nothing at every one of the fourteen hook points:
 * the benchmark's measure of pure dispatch cost. Built by pacer-bench with
 *   cc -O2 -shared -fPIC -I plugin-sdk/include -DNOOP_TYPE_NAME='"NoopHook3"' noop_hook.c
 * once per type name, so ten hooks are ten libraries with ten code addresses.
 */
#include <pacer/pacer.h>

#ifndef NOOP_TYPE_NAME
#define NOOP_TYPE_NAME "NoopHook"
#endif

static pacer_status noop(void *self, pacer_ctx *ctx, pacer_error *err) {
  (void)self; (void)ctx; (void)err;
  return PACER_OK;
}

static pacer_status create(const pacer_plugin_desc *desc, const pacer_host_api *api, const pacer_config *cfg,
                           void **out, pacer_error *err) {
  (void)desc; (void)cfg; (void)err;
  *out = (void *)api;
  return PACER_OK;
}

static void destroy(void *self) { (void)self; }

static const pacer_hook_vtable hooks = {
    .struct_size = sizeof hooks,
    .before_run = noop, .after_run = noop, .before_epoch = noop, .after_epoch = noop,
    .before_iter = noop, .after_iter = noop, .before_train_epoch = noop, .after_train_epoch = noop,
    .before_val_epoch = noop, .after_val_epoch = noop, .before_train_iter = noop, .after_train_iter = noop,
    .before_val_iter = noop, .after_val_iter = noop};

static const pacer_plugin_desc noop_hook = {
    .struct_size = sizeof noop_hook, .kind = PACER_KIND_HOOK, .type_name = NOOP_TYPE_NAME,
    .version = "1.0.0", .description = "does nothing at every hook point",
    .default_priority = PACER_PRIORITY_NORMAL, .create = create, .destroy = destroy, .vtable = &hooks};

PACER_LIBRARY(&noop_hook)
