/* ConsoleHook: a C hook plugin that writes through the host's console at
 * every 4th train iteration: one line with console_print (ABI 1.1: standard
 * output, no prefix, not in the .log) and one with log (standard error,
 * "[plugin info] ", in the .log). Tests check that both go above the
 * training bar untorn and where each one lands. */
#include <stdio.h>

#include <pacer/pacer.h>

static const pacer_host_api *host;

static pacer_status console_after_train_iter(void *self, pacer_ctx *ctx, pacer_error *err) {
  (void)self;
  pacer_ctx_info info = {.struct_size = sizeof info};
  host->ctx_get_info(ctx, &info);
  if ((info.iter + 1) % 4 != 0) return PACER_OK;
  char line[64];
  snprintf(line, sizeof line, "ConsoleHook: printed at iter %lld", (long long)info.iter + 1);
  host->console_print(line);
  snprintf(line, sizeof line, "ConsoleHook: logged at iter %lld", (long long)info.iter + 1);
  host->log(PACER_LOG_INFO, line);
  return PACER_OK;
}

static pacer_status console_create(const pacer_plugin_desc *desc, const pacer_host_api *api, const pacer_config *cfg,
                                   void **out_self, pacer_error *err) {
  (void)desc;
  (void)cfg;
  if (!PACER_HAS_FIELD(api, pacer_host_api, console_print) || api->console_print == NULL) {
    api->error_set(err, PACER_E_UNSUPPORTED, "ConsoleHook needs plugin ABI 1.1 (console_print); run a newer pacer");
    return PACER_E_UNSUPPORTED;
  }
  host = api;
  *out_self = (void *)api;
  return PACER_OK;
}

static void console_destroy(void *self) { (void)self; }

static const pacer_hook_vtable console_vtable = {
    .struct_size = sizeof(pacer_hook_vtable),
    .after_train_iter = console_after_train_iter,
};

static const pacer_plugin_desc console_desc = {
    .struct_size = sizeof(pacer_plugin_desc),
    .kind = PACER_KIND_HOOK,
    .type_name = "ConsoleHook",
    .version = "1.0.0",
    .description = "writes through the host's console (tests)",
    .default_priority = PACER_PRIORITY_NORMAL,
    .create = console_create,
    .destroy = console_destroy,
    .vtable = &console_vtable,
};

PACER_LIBRARY(&console_desc)
