/*
 * TraceHook: a test plugin implementing every hook point. Each call appends
 * "<stage> <mode> <epoch> <iter> <inner_iter> <param0>" to the file named by
 * the config key `trace_path`, where <param0> is the first element of the
 * model's last parameter, the classifier bias, which every optimizer step
 * changes (so a test can tell whether the step already ran). With `fail_at` (a stage name) and `fail_iter`, that call
 * returns an error instead. Built by the tests with nothing but
 *   cc -shared -fPIC -I plugin-sdk/include trace_hook.c -o libtrace.so
 * Define TRACE_TYPE_NAME to build the same hook under another type name.
 */
#include <pacer/pacer.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef TRACE_TYPE_NAME
#define TRACE_TYPE_NAME "TraceHook"
#endif

typedef struct trace {
  const pacer_host_api *api;
  FILE *out;
  char fail_at[64];
  int64_t fail_iter;
  char kill_at[64];
  int64_t kill_iter;
} trace;

static pacer_status record(void *self, pacer_ctx *ctx, pacer_error *err, const char *stage) {
  trace *t = self;
  pacer_ctx_info info;
  memset(&info, 0, sizeof info);
  info.struct_size = sizeof info;
  t->api->ctx_get_info(ctx, &info);
  double first = 0;
  uint32_t params = t->api->ctx_param_count(ctx);
  if (params > 0) {
    pacer_tensor p;
    memset(&p, 0, sizeof p);
    p.struct_size = sizeof p;
    if (t->api->ctx_param_at(ctx, params - 1, &p) == PACER_OK) first = ((const float *)p.data)[0];
  }
  const char *mode = t->api->ctx_mode_name(ctx);
  fprintf(t->out, "%s %s %lld %lld %lld %.9g\n", stage, mode[0] ? mode : "none", (long long)info.epoch,
          (long long)info.iter, (long long)info.inner_iter, first);
  fflush(t->out);
  if (strcmp(t->kill_at, stage) == 0 && info.iter == t->kill_iter) raise(SIGKILL);
  if (strcmp(t->fail_at, stage) == 0 && info.iter == t->fail_iter) {
    t->api->error_set(err, PACER_E_FAILED, "injected failure");
    return PACER_E_FAILED;
  }
  return PACER_OK;
}

#define POINT(name) \
  static pacer_status name(void *self, pacer_ctx *ctx, pacer_error *err) { return record(self, ctx, err, #name); }
POINT(before_run) POINT(after_run) POINT(before_epoch) POINT(after_epoch) POINT(before_iter) POINT(after_iter)
POINT(before_train_epoch) POINT(after_train_epoch) POINT(before_val_epoch) POINT(after_val_epoch)
POINT(before_train_iter) POINT(after_train_iter) POINT(before_val_iter) POINT(after_val_iter)

static pacer_status create(const pacer_plugin_desc *desc, const pacer_host_api *api, const pacer_config *cfg,
                           void **out, pacer_error *err) {
  (void)desc;
  const char *path = NULL;
  if (api->cfg_get_str(cfg, "trace_path", &path) != PACER_OK) {
    api->error_set(err, PACER_E_INVALID_ARG, TRACE_TYPE_NAME ": 'trace_path' (a string) is required");
    return PACER_E_INVALID_ARG;
  }
  trace *t = calloc(1, sizeof *t);
  if (!t) return PACER_E_NO_MEMORY;
  t->api = api;
  t->out = fopen(path, "a");
  if (!t->out) {
    free(t);
    api->error_set(err, PACER_E_IO, "cannot open trace_path");
    return PACER_E_IO;
  }
  const char *fail_at = NULL;
  if (api->cfg_get_str(cfg, "fail_at", &fail_at) == PACER_OK) strncpy(t->fail_at, fail_at, sizeof t->fail_at - 1);
  t->fail_iter = 0;
  api->cfg_get_i64(cfg, "fail_iter", &t->fail_iter);
  const char *kill_at = NULL;
  if (api->cfg_get_str(cfg, "kill_at", &kill_at) == PACER_OK) strncpy(t->kill_at, kill_at, sizeof t->kill_at - 1);
  api->cfg_get_i64(cfg, "kill_iter", &t->kill_iter);
  *out = t;
  return PACER_OK;
}

static void destroy(void *self) {
  trace *t = self;
  fclose(t->out);
  free(t);
}

static const pacer_hook_vtable vtable = {
  sizeof(pacer_hook_vtable), 0,
  before_run, after_run, before_epoch, after_epoch, before_iter, after_iter,
  before_train_epoch, after_train_epoch, before_val_epoch, after_val_epoch,
  before_train_iter, after_train_iter, before_val_iter, after_val_iter,
  NULL, NULL,
};

static const pacer_plugin_desc descriptor = {
  sizeof(pacer_plugin_desc), PACER_KIND_HOOK, TRACE_TYPE_NAME, "1.0.0", "records every hook call",
  PACER_PRIORITY_NORMAL, 0, create, destroy, &vtable,
};

#ifndef TRACE_ABI_MAJOR
#define TRACE_ABI_MAJOR PACER_ABI_MAJOR
#endif

#ifdef TRACE_NO_ENTRY
PACER_EXPORT int not_the_entry(void) { return descriptor.kind == PACER_KIND_HOOK; }
#elif TRACE_ABI_MAJOR == PACER_ABI_MAJOR
PACER_LIBRARY(&descriptor)
#else
static uint32_t count(void) { return 1; }
static const pacer_plugin_desc *at(uint32_t i) { return i == 0 ? &descriptor : NULL; }
static const pacer_library library = {sizeof(pacer_library), TRACE_ABI_MAJOR, PACER_ABI_MINOR, 0, "test", count, at};
PACER_EXPORT const pacer_library *pacer_plugin_entry(void) { return &library; }
#endif
