/* StopHook: a C hook plugin that asks the runner to stop (ctx_request_stop)
 * in after_train_epoch of epoch `at_epoch` (1-based, default 1), with the
 * reason "StopHook: enough after epoch N". Tests check that the run ends
 * cleanly and that the work dir's .log gives the reason. */
#include <stdio.h>
#include <stdlib.h>

#include <pacer/pacer.h>

typedef struct stop {
  const pacer_host_api *api;
  int64_t at_epoch;
} stop;

static pacer_status stop_after_train_epoch(void *self, pacer_ctx *ctx, pacer_error *err) {
  (void)err;
  stop *s = self;
  pacer_ctx_info info = {.struct_size = sizeof info};
  s->api->ctx_get_info(ctx, &info);
  /* In after_train_epoch, epoch still counts the finished epochs before this one. */
  if (info.epoch + 1 != s->at_epoch) return PACER_OK;
  char reason[64];
  snprintf(reason, sizeof reason, "StopHook: enough after epoch %lld", (long long)s->at_epoch);
  s->api->ctx_request_stop(ctx, reason);
  return PACER_OK;
}

static pacer_status stop_create(const pacer_plugin_desc *desc, const pacer_host_api *api, const pacer_config *cfg,
                                void **out_self, pacer_error *err) {
  (void)desc;
  stop *s = calloc(1, sizeof *s);
  if (s == NULL) {
    api->error_set(err, PACER_E_NO_MEMORY, "StopHook: out of memory");
    return PACER_E_NO_MEMORY;
  }
  s->api = api;
  s->at_epoch = 1;
  api->cfg_get_i64(cfg, "at_epoch", &s->at_epoch);
  *out_self = s;
  return PACER_OK;
}

static void stop_destroy(void *self) { free(self); }

static const pacer_hook_vtable stop_vtable = {
    .struct_size = sizeof(pacer_hook_vtable),
    .after_train_epoch = stop_after_train_epoch,
};

static const pacer_plugin_desc stop_desc = {
    .struct_size = sizeof(pacer_plugin_desc),
    .kind = PACER_KIND_HOOK,
    .type_name = "StopHook",
    .version = "1.0.0",
    .description = "asks the runner to stop (tests)",
    .default_priority = PACER_PRIORITY_NORMAL,
    .create = stop_create,
    .destroy = stop_destroy,
    .vtable = &stop_vtable,
};

PACER_LIBRARY(&stop_desc)
