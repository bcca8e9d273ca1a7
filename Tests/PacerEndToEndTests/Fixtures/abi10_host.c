/*
 * A stand-in for a Pacer 1.0 host, to show what a plugin built against 1.1
 * does there. Compiled against the frozen 1.0 headers (abi-1.0/include), so
 * its pacer_host_api has the 1.0 layout and struct_size, and ends before
 * the 1.1 functions. It loads the library in argv[1], creates the hook
 * named argv[2] with an empty config, calls its before_train_epoch once
 * with one parameter group, and prints
 *   "status <n>: <message>"
 * with what the hook returned and stored with error_set. Built by the tests
 * with  cc -I Fixtures/abi-1.0/include abi10_host.c -o abi10_host -ldl
 */
#include <pacer/pacer.h>
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

static char message[512];

static void host_log(int32_t level, const char *text) { fprintf(stderr, "[%d] %s\n", level, text ? text : ""); }
static void error_set(pacer_error *err, pacer_status code, const char *text) {
  (void)err, (void)code;
  snprintf(message, sizeof message, "%s", text ? text : "");
}
static pacer_status ctx_get_info(const pacer_ctx *ctx, pacer_ctx_info *info) {
  (void)ctx;
  uint32_t size = info->struct_size < sizeof *info ? info->struct_size : (uint32_t)sizeof *info;
  pacer_ctx_info filled = {size, PACER_MODE_TRAIN, 2, 8, 0, 4, 16, 4};
  memcpy(info, &filled, size);
  return PACER_OK;
}
static const char *ctx_string(const pacer_ctx *ctx) { (void)ctx; return ""; }
static uint32_t ctx_group_count(const pacer_ctx *ctx) { (void)ctx; return 1; }
static double ctx_value(const pacer_ctx *ctx, uint32_t group) { (void)ctx, (void)group; return 0.1; }
static pacer_status ctx_output_get(const pacer_ctx *ctx, const char *key, double *out) {
  (void)ctx, (void)key, (void)out;
  return PACER_E_NOT_FOUND;
}
static pacer_status ctx_output_put(pacer_ctx *ctx, const char *key, double value) {
  (void)ctx, (void)key, (void)value;
  return PACER_OK;
}
static int64_t ctx_output_samples(const pacer_ctx *ctx) { (void)ctx; return 0; }
static pacer_status log_update(pacer_ctx *ctx, const char *key, double value, int64_t count) {
  (void)ctx, (void)key, (void)value, (void)count;
  return PACER_OK;
}
static void ctx_action(pacer_ctx *ctx) { (void)ctx; }
static void log_average(pacer_ctx *ctx, int64_t n) { (void)ctx, (void)n; }
static int32_t log_ready(const pacer_ctx *ctx) { (void)ctx; return 0; }
static uint32_t ctx_count(const pacer_ctx *ctx) { (void)ctx; return 0; }
static pacer_status log_output_at(const pacer_ctx *ctx, uint32_t i, const char **key, double *value) {
  (void)ctx, (void)i, (void)key, (void)value;
  return PACER_E_NOT_FOUND;
}
static pacer_status ctx_param_at(const pacer_ctx *ctx, uint32_t i, pacer_tensor *out) {
  (void)ctx, (void)i, (void)out;
  return PACER_E_NOT_FOUND;
}
static void ctx_request_stop(pacer_ctx *ctx, const char *reason) { (void)ctx, (void)reason; }
static int32_t cfg_has(const pacer_config *cfg, const char *key) { (void)cfg, (void)key; return 0; }
static pacer_status cfg_i64(const pacer_config *cfg, const char *key, int64_t *out) {
  (void)cfg, (void)key, (void)out;
  return PACER_E_NOT_FOUND;
}
static pacer_status cfg_f64(const pacer_config *cfg, const char *key, double *out) {
  (void)cfg, (void)key, (void)out;
  return PACER_E_NOT_FOUND;
}
static pacer_status cfg_bool(const pacer_config *cfg, const char *key, int32_t *out) {
  (void)cfg, (void)key, (void)out;
  return PACER_E_NOT_FOUND;
}
static pacer_status cfg_str(const pacer_config *cfg, const char *key, const char **out) {
  (void)cfg, (void)key, (void)out;
  return PACER_E_NOT_FOUND;
}
static pacer_status cfg_len(const pacer_config *cfg, const char *key, uint64_t *out) {
  (void)cfg, (void)key, (void)out;
  return PACER_E_NOT_FOUND;
}
static const char *cfg_json(const pacer_config *cfg) { (void)cfg; return "{}"; }
static pacer_status state_put_tensor(pacer_state_io *io, const char *key, const pacer_tensor *t) {
  (void)io, (void)key, (void)t;
  return PACER_OK;
}
static pacer_status state_put_bytes(pacer_state_io *io, const char *key, const void *bytes, uint64_t size) {
  (void)io, (void)key, (void)bytes, (void)size;
  return PACER_OK;
}
static pacer_status state_get_tensor(pacer_state_io *io, const char *key, pacer_tensor *out) {
  (void)io, (void)key, (void)out;
  return PACER_E_NOT_FOUND;
}
static pacer_status state_get_bytes(pacer_state_io *io, const char *key, const void **bytes, uint64_t *size) {
  (void)io, (void)key, (void)bytes, (void)size;
  return PACER_E_NOT_FOUND;
}
static uint32_t state_key_count(pacer_state_io *io) { (void)io; return 0; }
static const char *state_key_at(pacer_state_io *io, uint32_t i) { (void)io, (void)i; return NULL; }

static const pacer_host_api host = {
  sizeof(pacer_host_api), 1, 0, 0, "pacer-1.0-stand-in", "1.0.0",
  host_log, error_set,
  ctx_get_info, ctx_string, ctx_string, ctx_string, ctx_group_count, ctx_value, ctx_value,
  ctx_output_get, ctx_output_put, ctx_output_samples,
  log_update, log_average, log_ready, ctx_count, log_output_at, ctx_output_put, ctx_action, ctx_action,
  ctx_count, ctx_param_at, ctx_request_stop,
  cfg_has, cfg_i64, cfg_f64, cfg_bool, cfg_str, cfg_len, cfg_json,
  state_put_tensor, state_put_bytes, state_get_tensor, state_get_bytes, state_key_count, state_key_at,
};

/* What the handles point to: the plugin never looks inside. */
static char handle;

int main(int argc, char **argv) {
  if (argc != 3) return 2;
  void *library = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    printf("%s\n", dlerror());
    return 2;
  }
  pacer_plugin_entry_fn entry = NULL;
  void *symbol = dlsym(library, PACER_ENTRY_SYMBOL);
  memcpy(&entry, &symbol, sizeof entry); /* POSIX: a function's address from dlsym */
  const pacer_library *plugins = entry ? entry() : NULL;
  for (uint32_t i = 0; plugins && i < plugins->plugin_count(); i++) {
    const pacer_plugin_desc *desc = plugins->plugin_at(i);
    if (strcmp(desc->type_name, argv[2]) != 0) continue;
    void *self = NULL;
    pacer_status status = desc->create(desc, &host, (const pacer_config *)(void *)&handle, &self,
                                       (pacer_error *)(void *)&handle);
    if (status == PACER_OK) {
      const pacer_hook_vtable *hooks = desc->vtable;
      status = hooks->before_train_epoch(self, (pacer_ctx *)(void *)&handle, (pacer_error *)(void *)&handle);
      desc->destroy(self);
    }
    printf("status %d: %s\n", status, message);
    return 0;
  }
  printf("no plugin %s\n", argv[2]);
  return 2;
}
