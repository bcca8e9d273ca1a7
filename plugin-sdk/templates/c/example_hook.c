/*
 * ExampleHook: a complete Pacer hook plugin in C, meant to be copied and
 * renamed. Every `train_interval` train iterations it logs the mean loss of
 * those iterations and the learning rate; after the run it logs how many
 * train iterations it saw. That count is checkpoint state: a resumed run
 * continues counting, and a checkpoint written before the hook was added
 * (no key) starts from 0.
 *
 * Config:   dict(type='ExampleHook', train_interval=50, priority='LOW')
 * Options:  declared below (ABI 1.1): a 1.1 host refuses any other key, and
 *           a train_interval that is not an integer, before create runs
 * Build:    make            (needs pacer-plugin.pc; see README.md)
 * Check:    pacer plugins check ./libexample_hook.so
 *
 * Everything crossing the boundary is a plain C struct; every call gets the
 * host's function table (`api`) from create and reports errors through
 * api->error_set. See plugin-sdk/README.md for the rules.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pacer/pacer.h>

/* One instance's state. The host only ever sees a `void *` to it. */
typedef struct example_hook {
  const pacer_host_api *api; /* valid for the process: keep it */
  int64_t interval;          /* log every `interval` train iterations */
  int64_t seen;              /* train iterations seen, across resumes */
  double loss_sum;           /* loss since the last log line */
  int64_t loss_count;
} example_hook;

/* Writes a one-line message into the host's error slot; returns `code`. */
static pacer_status fail(const pacer_host_api *api, pacer_error *err, pacer_status code, const char *message) {
  api->error_set(err, code, message);
  return code;
}

/* [runner] Reads the config and allocates one instance. */
static pacer_status create(const pacer_plugin_desc *desc, const pacer_host_api *api, const pacer_config *cfg,
                           void **out_self, pacer_error *err) {
  (void)desc;
  int64_t interval = 50; /* untouched by cfg_get_i64 when the key is missing */
  pacer_status status = api->cfg_get_i64(cfg, "train_interval", &interval);
  if (status == PACER_E_INVALID_ARG || interval <= 0)
    return fail(api, err, PACER_E_INVALID_ARG, "ExampleHook: 'train_interval' must be a positive integer");
  example_hook *self = calloc(1, sizeof *self);
  if (self == NULL) return fail(api, err, PACER_E_NO_MEMORY, "ExampleHook: out of memory");
  self->api = api;
  self->interval = interval;
  *out_self = self;
  return PACER_OK;
}

/* [runner] Frees what create allocated. Called once per instance. */
static void destroy(void *self) { free(self); }

/* [runner] After each train iteration: the optimizer has stepped and
 * "loss" holds this iteration's loss. */
static pacer_status after_train_iter(void *self_, pacer_ctx *ctx, pacer_error *err) {
  example_hook *self = self_;
  const pacer_host_api *api = self->api;
  double loss = 0;
  if (api->ctx_output_get(ctx, "loss", &loss) == PACER_OK && isfinite(loss)) {
    self->loss_sum += loss;
    self->loss_count += 1;
  }
  self->seen += 1;

  pacer_ctx_info info;
  memset(&info, 0, sizeof info);
  info.struct_size = sizeof info; /* the host fills at most this many bytes */
  if (api->ctx_get_info(ctx, &info) != PACER_OK)
    return fail(api, err, PACER_E_STATE, "ExampleHook: the host could not report the runner's counters");
  if ((info.iter + 1) % self->interval == 0 && self->loss_count > 0) { /* MMCV's every_n_iters */
    char line[160];
    snprintf(line, sizeof line, "ExampleHook: iter %lld: mean loss %.4f over %lld iterations, lr %.3g",
             (long long)(info.iter + 1), self->loss_sum / (double)self->loss_count,
             (long long)self->loss_count, api->ctx_group_count(ctx) > 0 ? api->ctx_lr(ctx, 0) : 0.0);
    api->log(PACER_LOG_INFO, line); /* the host copies the text */
    self->loss_sum = 0;
    self->loss_count = 0;
  }
  return PACER_OK;
}

/* [runner] Once, after the last workflow flow. */
static pacer_status after_run(void *self_, pacer_ctx *ctx, pacer_error *err) {
  example_hook *self = self_;
  (void)ctx;
  (void)err;
  char line[96];
  snprintf(line, sizeof line, "ExampleHook: saw %lld train iterations", (long long)self->seen);
  self->api->log(PACER_LOG_INFO, line);
  return PACER_OK;
}

/* [runner] A checkpoint is being written: store the count. */
static pacer_status save_state(void *self_, pacer_state_io *io, pacer_error *err) {
  example_hook *self = self_;
  if (self->api->state_put_bytes(io, "seen", &self->seen, sizeof self->seen) != PACER_OK)
    return fail(self->api, err, PACER_E_IO, "ExampleHook: could not save 'seen'");
  return PACER_OK;
}

/* [runner] A checkpoint is being resumed: read the count, or keep 0 when
 * the checkpoint predates this hook. */
static pacer_status load_state(void *self_, pacer_state_io *io, pacer_error *err) {
  example_hook *self = self_;
  const void *bytes = NULL;
  uint64_t size = 0;
  pacer_status status = self->api->state_get_bytes(io, "seen", &bytes, &size);
  if (status == PACER_E_NOT_FOUND) return PACER_OK;
  if (status != PACER_OK || size != sizeof self->seen)
    return fail(self->api, err, PACER_E_STATE, "ExampleHook: checkpoint key 'seen' is not an 8-byte count");
  memcpy(&self->seen, bytes, sizeof self->seen); /* valid only until load_state returns */
  return PACER_OK;
}

/* The points this hook implements; NULL (here: left out) = never called. */
static const pacer_hook_vtable example_vtable = {
    .struct_size = sizeof(pacer_hook_vtable),
    .after_run = after_run,
    .after_train_iter = after_train_iter,
    .save_state = save_state,
    .load_state = load_state,
};

/* ABI 1.1: the config keys this hook accepts (`type` and `priority` are the
 * host's and never declared). A 1.1 host refuses an undeclared key, naming
 * the closest declared one, and a value of the wrong type, before create
 * runs; `pacer plugins show ExampleHook` lists them. A 1.0 host ignores
 * them, so create still checks every value itself and applies the default. */
static const pacer_option_desc train_interval_option = {
    .struct_size = sizeof(pacer_option_desc),
    .type = PACER_OPTION_INT,
    .name = "train_interval",
    .default_value = "50", /* as a config writes it; NULL would make the key required */
    .help = "log the mean loss every train_interval train iterations",
};
static const pacer_option_desc *const example_options[] = {&train_interval_option};

static const pacer_plugin_desc example_desc = {
    .struct_size = sizeof(pacer_plugin_desc),
    .kind = PACER_KIND_HOOK,
    .type_name = "ExampleHook", /* what configs write in type='...' */
    .version = "1.0.0",
    .description = "logs the mean loss every train_interval iterations",
    .default_priority = PACER_PRIORITY_NORMAL,
    .required_features = 0,
    .create = create,
    .destroy = destroy,
    .vtable = &example_vtable,
    .option_count = sizeof example_options / sizeof example_options[0],
    .options = example_options,
};

/* Defines and exports pacer_plugin_entry. No trailing semicolon. */
PACER_LIBRARY(&example_desc)
