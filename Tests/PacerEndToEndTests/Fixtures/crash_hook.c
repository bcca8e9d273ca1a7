/* CrashHook: a hook plugin that misbehaves on purpose in after_train_iter
 * at train iteration `at_iter` (0-based): how = "segv" dereferences NULL,
 * "abort" calls abort(), "fpe", "bus" and "ill" raise SIGFPE, SIGBUS and
 * SIGILL, "exit" calls exit(3). The
 * host must report each in one line naming the plugin, its file and the
 * hook point. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <pacer/pacer.h>

typedef struct crash {
  const pacer_host_api *api;
  char how[16];
  int64_t at_iter;
} crash;

static pacer_status crash_after_train_iter(void *self, pacer_ctx *ctx, pacer_error *err) {
  (void)err;
  crash *c = self;
  pacer_ctx_info info = {.struct_size = sizeof info};
  c->api->ctx_get_info(ctx, &info);
  if (info.iter != c->at_iter) return PACER_OK;
  if (strcmp(c->how, "segv") == 0) {
    volatile int *nowhere = NULL;
    *nowhere = 1;
  } else if (strcmp(c->how, "abort") == 0) {
    abort();
  } else if (strcmp(c->how, "fpe") == 0) {
    raise(SIGFPE);
  } else if (strcmp(c->how, "bus") == 0) {
    raise(SIGBUS);
  } else if (strcmp(c->how, "ill") == 0) {
    raise(SIGILL);
  } else if (strcmp(c->how, "exit") == 0) {
    exit(3);
  }
  return PACER_OK;
}

static pacer_status crash_create(const pacer_plugin_desc *desc, const pacer_host_api *api, const pacer_config *cfg,
                                 void **out_self, pacer_error *err) {
  (void)desc;
  crash *c = calloc(1, sizeof *c);
  if (c == NULL) {
    api->error_set(err, PACER_E_NO_MEMORY, "CrashHook: out of memory");
    return PACER_E_NO_MEMORY;
  }
  c->api = api;
  const char *how = "segv";
  api->cfg_get_str(cfg, "how", &how);
  strncpy(c->how, how, sizeof c->how - 1);
  c->at_iter = 10;
  api->cfg_get_i64(cfg, "at_iter", &c->at_iter);
  *out_self = c;
  return PACER_OK;
}

static void crash_destroy(void *self) { free(self); }

static const pacer_hook_vtable crash_vtable = {
    .struct_size = sizeof(pacer_hook_vtable),
    .after_train_iter = crash_after_train_iter,
};

static const pacer_plugin_desc crash_desc = {
    .struct_size = sizeof(pacer_plugin_desc),
    .kind = PACER_KIND_HOOK,
    .type_name = "CrashHook",
    .version = "1.0.0",
    .description = "crashes on purpose (tests)",
    .default_priority = PACER_PRIORITY_NORMAL,
    .create = crash_create,
    .destroy = crash_destroy,
    .vtable = &crash_vtable,
};

PACER_LIBRARY(&crash_desc)
