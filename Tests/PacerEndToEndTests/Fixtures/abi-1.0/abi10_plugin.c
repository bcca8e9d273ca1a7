/*
 * FROZEN: a plugin library written against the ABI 1.0 headers in
 * abi-1.0/include, which are a frozen copy of plugin-sdk/include as released.
 * Never edit this file or those headers: every later host must load this
 * library and run it (ABIStabilityTests). If a change to the host breaks
 * it, the change broke ABI 1.x.
 *
 * One library, two plugins (PACER_LIBRARY with two descriptors):
 *
 *  ABI10Hook    a hook implementing all 14 points and save/load_state.
 *               Each call appends
 *                 "<point> <mode> <epoch> <iter> <inner_iter> <lr> <loss>"
 *               to `trace_path` (lr and loss "-" when absent), after checking
 *               that the host's answers are consistent; an inconsistent
 *               answer fails the call with a message saying which.
 *  ABI10Linear  a linear softmax classifier (784 -> 10, zero-initialised)
 *               on the batch fields "img" (F32 [N,1,28,28]) and "gt_label"
 *               (I64 [N]), with one buffer "steps" (F32 [1]).
 *
 * Built by the tests with cc -shared -fPIC -I abi-1.0/include.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pacer/pacer.h>

/* ---------------------------------------------------------------- hook */

typedef struct hook {
  const pacer_host_api *api;
  FILE *out;
  int64_t calls;
} hook;

static pacer_status fail(const pacer_host_api *api, pacer_error *err, const char *message) {
  api->error_set(err, PACER_E_FAILED, message);
  return PACER_E_FAILED;
}

static pacer_status record(void *self, pacer_ctx *ctx, pacer_error *err, const char *point) {
  hook *h = self;
  const pacer_host_api *api = h->api;
  pacer_ctx_info info;
  memset(&info, 0, sizeof info);
  info.struct_size = sizeof info;
  if (api->ctx_get_info(ctx, &info) != PACER_OK || info.struct_size != sizeof info)
    return fail(api, err, "ABI10Hook: ctx_get_info failed");
  const char *mode = api->ctx_mode_name(ctx);
  if (mode == NULL) return fail(api, err, "ABI10Hook: ctx_mode_name returned NULL");
  if ((info.mode == PACER_MODE_TRAIN) != (strcmp(mode, "train") == 0))
    return fail(api, err, "ABI10Hook: mode and mode name disagree");
  const char *work_dir = api->ctx_work_dir(ctx), *stamp = api->ctx_timestamp(ctx);
  if (work_dir == NULL || work_dir[0] != '/' || stamp == NULL || strlen(stamp) != 15)
    return fail(api, err, "ABI10Hook: bad work_dir or timestamp");
  char lr[32] = "-", loss[32] = "-";
  if (api->ctx_group_count(ctx) > 0) snprintf(lr, sizeof lr, "%g", api->ctx_lr(ctx, 0));
  double value = 0;
  if (api->ctx_output_get(ctx, "loss", &value) == PACER_OK && isfinite(value))
    snprintf(loss, sizeof loss, "%.6f", value);
  uint32_t params = api->ctx_param_count(ctx);
  for (uint32_t i = 0; i < params; i++) {
    pacer_tensor p;
    memset(&p, 0, sizeof p);
    p.struct_size = sizeof p;
    if (api->ctx_param_at(ctx, i, &p) != PACER_OK || p.dtype != PACER_DTYPE_F32 || p.data == NULL ||
        p.name == NULL || p.grad == NULL)
      return fail(api, err, "ABI10Hook: ctx_param_at returned a bad view");
  }
  if (api->log_update(ctx, "abi10_calls", 1.0, 1) != PACER_OK)
    return fail(api, err, "ABI10Hook: log_update failed");
  h->calls += 1;
  fprintf(h->out, "%s %s %lld %lld %lld %s %s\n", point, mode[0] ? mode : "none", (long long)info.epoch,
          (long long)info.iter, (long long)info.inner_iter, lr, loss);
  fflush(h->out);
  return PACER_OK;
}

#define POINT(name) \
  static pacer_status name(void *self, pacer_ctx *ctx, pacer_error *err) { return record(self, ctx, err, #name); }
POINT(before_run) POINT(after_run) POINT(before_epoch) POINT(after_epoch) POINT(before_iter) POINT(after_iter)
POINT(before_train_epoch) POINT(after_train_epoch) POINT(before_val_epoch) POINT(after_val_epoch)
POINT(before_train_iter) POINT(after_train_iter) POINT(before_val_iter) POINT(after_val_iter)

static pacer_status hook_save(void *self, pacer_state_io *io, pacer_error *err) {
  hook *h = self;
  const pacer_host_api *api = h->api;
  if (api->state_put_bytes(io, "calls", &h->calls, sizeof h->calls) != PACER_OK)
    return fail(api, err, "ABI10Hook: state_put_bytes failed");
  static const int64_t shape[1] = {3};
  float marker[3] = {1.5f, -2.0f, (float)h->calls};
  pacer_tensor t;
  memset(&t, 0, sizeof t);
  t.struct_size = sizeof t;
  t.dtype = PACER_DTYPE_F32;
  t.name = "marker";
  t.ndim = 1;
  t.shape = shape;
  t.numel = 3;
  t.data = marker;
  if (api->state_put_tensor(io, "marker", &t) != PACER_OK)
    return fail(api, err, "ABI10Hook: state_put_tensor failed");
  return PACER_OK;
}

static pacer_status hook_load(void *self, pacer_state_io *io, pacer_error *err) {
  hook *h = self;
  const pacer_host_api *api = h->api;
  uint32_t keys = api->state_key_count(io);
  for (uint32_t i = 0; i < keys; i++)
    if (api->state_key_at(io, i) == NULL) return fail(api, err, "ABI10Hook: state_key_at returned NULL");
  const void *bytes = NULL;
  uint64_t size = 0;
  pacer_status status = api->state_get_bytes(io, "calls", &bytes, &size);
  int64_t calls = -1;
  if (status == PACER_OK && size == sizeof calls) memcpy(&calls, bytes, sizeof calls);
  else if (status != PACER_E_NOT_FOUND) return fail(api, err, "ABI10Hook: state_get_bytes failed");
  pacer_tensor t;
  memset(&t, 0, sizeof t);
  t.struct_size = sizeof t;
  status = api->state_get_tensor(io, "marker", &t);
  if (status == PACER_OK) {
    const float *m = t.data;
    if (t.dtype != PACER_DTYPE_F32 || t.ndim != 1 || t.shape[0] != 3 || t.numel != 3 || m[0] != 1.5f ||
        m[1] != -2.0f || (int64_t)m[2] != calls)
      return fail(api, err, "ABI10Hook: state_get_tensor returned another tensor than was saved");
  } else if (status != PACER_E_NOT_FOUND) {
    return fail(api, err, "ABI10Hook: state_get_tensor failed");
  }
  if (api->state_get_bytes(io, "no-such-key", &bytes, &size) != PACER_E_NOT_FOUND)
    return fail(api, err, "ABI10Hook: a missing key did not read as PACER_E_NOT_FOUND");
  fprintf(h->out, "load_state keys=%u calls=%lld\n", keys, (long long)calls);
  fflush(h->out);
  return PACER_OK;
}

static pacer_status hook_create(const pacer_plugin_desc *desc, const pacer_host_api *api, const pacer_config *cfg,
                                void **out, pacer_error *err) {
  if (api->abi_major != PACER_ABI_MAJOR || api->struct_size < sizeof(pacer_host_api))
    return fail(api, err, "ABI10Hook: the host table is not ABI 1.x");
  if (desc == NULL || strcmp(desc->type_name, "ABI10Hook") != 0)
    return fail(api, err, "ABI10Hook: create got another descriptor");
  const char *path = NULL;
  if (api->cfg_has(cfg, "trace_path") != 1 || api->cfg_get_str(cfg, "trace_path", &path) != PACER_OK)
    return fail(api, err, "ABI10Hook: 'trace_path' (a string) is required");
  int64_t every = 7;
  double scale = 0.25;
  int32_t flag = 0;
  uint64_t len = 0;
  if (api->cfg_get_i64(cfg, "every", &every) != PACER_OK || every != 3 ||
      api->cfg_get_f64(cfg, "scale", &scale) != PACER_OK || scale != 0.5 ||
      api->cfg_get_f64(cfg, "every", &scale) != PACER_OK || scale != 3.0 ||
      api->cfg_get_bool(cfg, "flag", &flag) != PACER_OK || flag != 1 ||
      api->cfg_get_i64(cfg, "flag", &every) != PACER_E_INVALID_ARG ||
      api->cfg_get_len(cfg, "sizes", &len) != PACER_OK || len != 2 ||
      api->cfg_get_i64(cfg, "sizes.1", &every) != PACER_OK || every != 20 ||
      api->cfg_get_i64(cfg, "missing", &every) != PACER_E_NOT_FOUND || api->cfg_has(cfg, "missing") != 0)
    return fail(api, err, "ABI10Hook: config getters disagree with dict(every=3, scale=0.5, flag=True, sizes=[10, 20])");
  const char *json = api->cfg_json(cfg);
  if (json == NULL || strstr(json, "trace_path") == NULL)
    return fail(api, err, "ABI10Hook: cfg_json lacks trace_path");
  hook *h = calloc(1, sizeof *h);
  if (h == NULL) return PACER_E_NO_MEMORY;
  h->api = api;
  h->out = fopen(path, "a");
  if (h->out == NULL) {
    free(h);
    return fail(api, err, "ABI10Hook: cannot open trace_path");
  }
  api->log(PACER_LOG_DEBUG, "ABI10Hook created");
  *out = h;
  return PACER_OK;
}

static void hook_destroy(void *self) {
  hook *h = self;
  fclose(h->out);
  free(h);
}

static const pacer_hook_vtable hook_vtable = {
    sizeof(pacer_hook_vtable), 0,
    before_run, after_run, before_epoch, after_epoch, before_iter, after_iter,
    before_train_epoch, after_train_epoch, before_val_epoch, after_val_epoch,
    before_train_iter, after_train_iter, before_val_iter, after_val_iter,
    hook_save, hook_load,
};

static const pacer_plugin_desc hook_desc = {
    sizeof(pacer_plugin_desc), PACER_KIND_HOOK, "ABI10Hook", "1.0.0", "frozen ABI 1.0 hook",
    PACER_PRIORITY_LOW, 0, hook_create, hook_destroy, &hook_vtable,
};

/* --------------------------------------------------------------- model */

#define IN 784
#define OUT 10

typedef struct linear {
  const pacer_host_api *api;
  float w[OUT * IN], b[OUT], dw[OUT * IN], db[OUT], steps[1];
  int64_t w_shape[2], b_shape[1], steps_shape[1];
} linear;

static uint32_t param_count(void *self) { (void)self; return 2; }

static pacer_status param_at(void *self, uint32_t index, pacer_tensor *out) {
  linear *m = self;
  if (index >= 2) return PACER_E_NOT_FOUND;
  pacer_tensor t;
  memset(&t, 0, sizeof t);
  t.struct_size = sizeof t;
  t.dtype = PACER_DTYPE_F32;
  t.name = index == 0 ? "fc.weight" : "fc.bias";
  t.ndim = index == 0 ? 2 : 1;
  t.shape = index == 0 ? m->w_shape : m->b_shape;
  t.numel = index == 0 ? OUT * IN : OUT;
  t.data = index == 0 ? m->w : m->b;
  t.grad = index == 0 ? m->dw : m->db;
  memcpy(out, &t, out->struct_size < sizeof t ? out->struct_size : sizeof t);
  return PACER_OK;
}

static uint32_t buffer_count(void *self) { (void)self; return 1; }

static pacer_status buffer_at(void *self, uint32_t index, pacer_tensor *out) {
  linear *m = self;
  if (index >= 1) return PACER_E_NOT_FOUND;
  pacer_tensor t;
  memset(&t, 0, sizeof t);
  t.struct_size = sizeof t;
  t.dtype = PACER_DTYPE_F32;
  t.name = "steps";
  t.ndim = 1;
  t.shape = m->steps_shape;
  t.numel = 1;
  t.data = m->steps;
  memcpy(out, &t, out->struct_size < sizeof t ? out->struct_size : sizeof t);
  return PACER_OK;
}

static const pacer_tensor *field(const pacer_batch *batch, const char *name) {
  for (uint32_t i = 0; i < batch->field_count; i++)
    if (strcmp(pacer_batch_field(batch, i)->name, name) == 0) return pacer_batch_field(batch, i);
  return NULL;
}

/* Forward (and with grads, backward) over the batch; returns the mean loss. */
static pacer_status step(linear *m, pacer_ctx *ctx, const pacer_batch *batch, pacer_step_output *out,
                         pacer_error *err, int train) {
  const pacer_tensor *x = field(batch, "img"), *y = field(batch, "gt_label");
  if (x == NULL || y == NULL || x->dtype != PACER_DTYPE_F32 || y->dtype != PACER_DTYPE_I64 || x->ndim < 1 ||
      x->numel != (uint64_t)x->shape[0] * IN || y->numel != (uint64_t)x->shape[0])
    return fail(m->api, err, "ABI10Linear: the batch is not img F32 [N,...784] and gt_label I64 [N]");
  const float *img = x->data;
  const int64_t *label = y->data;
  const int64_t n = x->shape[0];
  if (train) {
    memset(m->dw, 0, sizeof m->dw);
    memset(m->db, 0, sizeof m->db);
  }
  double loss = 0;
  int64_t correct = 0;
  for (int64_t s = 0; s < n; s++) {
    const float *v = img + s * IN;
    double logit[OUT], top = -INFINITY, sum = 0;
    int best = 0;
    for (int o = 0; o < OUT; o++) {
      double z = m->b[o];
      for (int i = 0; i < IN; i++) z += (double)m->w[o * IN + i] * v[i];
      logit[o] = z;
      if (z > top) { top = z; best = o; }
    }
    for (int o = 0; o < OUT; o++) sum += exp(logit[o] - top);
    loss += log(sum) - (logit[label[s]] - top);
    correct += best == label[s];
    if (!train) continue;
    for (int o = 0; o < OUT; o++) {
      float g = (float)((exp(logit[o] - top) / sum - (o == label[s])) / (double)n);
      m->db[o] += g;
      for (int i = 0; i < IN; i++) m->dw[o * IN + i] += g * v[i];
    }
  }
  if (train) m->steps[0] += 1;
  if (m->api->ctx_output_put(ctx, "accuracy", (double)correct / (double)n) != PACER_OK)
    return fail(m->api, err, "ABI10Linear: ctx_output_put failed");
  out->loss = loss / (double)n;
  out->num_samples = n;
  return PACER_OK;
}

static pacer_status train_step(void *self, pacer_ctx *ctx, const pacer_batch *batch, pacer_step_output *out,
                               pacer_error *err) {
  return step(self, ctx, batch, out, err, 1);
}

static pacer_status val_step(void *self, pacer_ctx *ctx, const pacer_batch *batch, pacer_step_output *out,
                             pacer_error *err) {
  return step(self, ctx, batch, out, err, 0);
}

static pacer_status model_save(void *self, pacer_state_io *io, pacer_error *err) {
  linear *m = self;
  static const char version[] = "abi10-linear-1";
  if (m->api->state_put_bytes(io, "version", version, sizeof version) != PACER_OK)
    return fail(m->api, err, "ABI10Linear: state_put_bytes failed");
  return PACER_OK;
}

static pacer_status model_load(void *self, pacer_state_io *io, pacer_error *err) {
  linear *m = self;
  const void *bytes = NULL;
  uint64_t size = 0;
  pacer_status status = m->api->state_get_bytes(io, "version", &bytes, &size);
  if (status == PACER_OK && (size != 15 || memcmp(bytes, "abi10-linear-1", 15) != 0))
    return fail(m->api, err, "ABI10Linear: unknown state version");
  return status == PACER_OK || status == PACER_E_NOT_FOUND ? PACER_OK : fail(m->api, err, "ABI10Linear: load failed");
}

static pacer_status model_create(const pacer_plugin_desc *desc, const pacer_host_api *api, const pacer_config *cfg,
                                 void **out, pacer_error *err) {
  (void)desc;
  (void)cfg;
  (void)err;
  linear *m = calloc(1, sizeof *m);
  if (m == NULL) return PACER_E_NO_MEMORY;
  m->api = api;
  m->w_shape[0] = OUT;
  m->w_shape[1] = IN;
  m->b_shape[0] = OUT;
  m->steps_shape[0] = 1;
  *out = m;
  return PACER_OK;
}

static void model_destroy(void *self) { free(self); }

static const pacer_model_vtable model_vtable = {
    sizeof(pacer_model_vtable), 0, param_count, param_at, buffer_count, buffer_at,
    train_step, val_step, model_save, model_load,
};

static const pacer_plugin_desc model_desc = {
    sizeof(pacer_plugin_desc), PACER_KIND_MODEL, "ABI10Linear", "1.0.0", "frozen ABI 1.0 model",
    PACER_PRIORITY_NORMAL, 0, model_create, model_destroy, &model_vtable,
};

PACER_LIBRARY(&hook_desc, &model_desc)
