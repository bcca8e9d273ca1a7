/*
 * EMAHook: an exponential moving average of the model's parameters, with
 * the semantics of MMCV 1.7.2's EMAHook.
 *
 *   after each train iteration t with t % interval == 0:
 *     m = min(momentum ** interval, (1 + t) / (warm_up + t))
 *     shadow = shadow * (1 - m) + param * m
 *
 * After a train epoch the parameters and the shadows trade places, so
 * validation and checkpoints see the averaged weights; before the next
 * train epoch they trade back. MMCV also swaps before the first epoch,
 * where the two are still equal, and so does this hook.
 *
 * Checkpoint keys: "shadow.<param name>" (F32, the parameter's shape) and
 * "version" (4 bytes, little-endian 1).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pacer/pacer.h>

/* The registry name: in configs, and before every error message. */
#define TYPE_NAME "EMAHook"

/* One parameter and its moving average. */
typedef struct slot {
  char *key;      /* "shadow.<param name>" */
  int32_t ndim;
  int64_t *shape; /* copied: save_state has no ctx to ask again */
  uint64_t numel;
  float *param;   /* the model's values; the host keeps the pointer valid for the run */
  float *avg;     /* the average (the raw values between after_ and before_train_epoch) */
} slot;

/* A shadow read by load_state, waiting for before_run to claim it. */
typedef struct restored {
  char *key;
  uint64_t numel;
  float *data;
} restored;

typedef struct ema {
  const pacer_host_api *api;
  double momentum; /* already raised to the power interval, as MMCV does */
  int64_t interval, warm_up;
  int32_t running; /* before_run has built the slots */
  int32_t loaded;  /* load_state ran before before_run: every shadow must come from it */
  uint32_t count;
  slot *slots;
  uint32_t pending_count;
  restored *pending;
} ema;

/* malloc that treats a zero-sized tensor as a valid, empty allocation. */
static void *alloc(size_t size) { return malloc(size > 0 ? size : 1); }

static void drop_slots(ema *e) {
  for (uint32_t i = 0; i < e->count; i++) {
    free(e->slots[i].key);
    free(e->slots[i].shape);
    free(e->slots[i].avg);
  }
  free(e->slots);
  e->slots = NULL;
  e->count = 0;
  e->running = 0;
}

static void drop_pending(ema *e) {
  for (uint32_t i = 0; i < e->pending_count; i++) {
    free(e->pending[i].key);
    free(e->pending[i].data);
  }
  free(e->pending);
  e->pending = NULL;
  e->pending_count = 0;
}

/* ------------------------------------------------------------------------
 * Hook points */

/* Shadows start as copies of the parameters, unless load_state restored
 * one, which the slot then adopts. */
static pacer_status ema_before_run(void *self, pacer_ctx *ctx, pacer_error *err) {
  ema *e = self;
  const pacer_host_api *api = e->api;
  drop_slots(e);
  const uint32_t n = api->ctx_param_count(ctx);
  e->slots = calloc(n > 0 ? n : 1, sizeof *e->slots);
  if (e->slots == NULL) return pacer_fail(api, err, PACER_E_NO_MEMORY, TYPE_NAME, "out of memory");
  e->count = n; /* zeroed slots are safe to drop if a later one fails */

  for (uint32_t i = 0; i < n; i++) {
    pacer_tensor p = {.struct_size = sizeof p};
    pacer_status status = api->ctx_param_at(ctx, i, &p);
    if (status != PACER_OK) return pacer_fail(api, err, status, TYPE_NAME, "cannot read parameter %u", i);
    if (p.name == NULL || p.dtype != PACER_DTYPE_F32 || p.ndim < 0 ||
        (p.ndim > 0 && p.shape == NULL) || (p.numel > 0 && p.data == NULL))
      return pacer_fail(api, err, PACER_E_INVALID_ARG, TYPE_NAME, "parameter %u is not a valid F32 tensor", i);

    slot *s = &e->slots[i];
    s->key = alloc(strlen(p.name) + sizeof "shadow.");
    s->shape = alloc(sizeof(int64_t) * (size_t)p.ndim);
    if (s->key == NULL || s->shape == NULL) return pacer_fail(api, err, PACER_E_NO_MEMORY, TYPE_NAME, "out of memory");
    sprintf(s->key, "shadow.%s", p.name);
    if (p.ndim > 0) memcpy(s->shape, p.shape, sizeof(int64_t) * (size_t)p.ndim);
    s->ndim = p.ndim;
    s->numel = p.numel;
    s->param = p.data;

    restored *r = NULL;
    for (uint32_t j = 0; j < e->pending_count && r == NULL; j++)
      if (e->pending[j].data != NULL && strcmp(e->pending[j].key, s->key) == 0) r = &e->pending[j];
    if (r != NULL) {
      if (r->numel != s->numel)
        return pacer_fail(api, err, PACER_E_INVALID_ARG, TYPE_NAME, "'%s' holds %llu values, the parameter %llu",
                          s->key, (unsigned long long)r->numel, (unsigned long long)s->numel);
      s->avg = r->data;
      r->data = NULL;
    } else if (e->loaded) {
      return pacer_fail(api, err, PACER_E_INVALID_ARG, TYPE_NAME, "the checkpoint resumed from holds no '%s'", s->key);
    } else {
      s->avg = alloc(sizeof(float) * s->numel);
      if (s->avg == NULL) return pacer_fail(api, err, PACER_E_NO_MEMORY, TYPE_NAME, "out of memory");
      if (s->numel > 0) memcpy(s->avg, s->param, sizeof(float) * s->numel);
    }
  }
  for (uint32_t j = 0; j < e->pending_count; j++)
    if (e->pending[j].data != NULL)
      return pacer_fail(api, err, PACER_E_INVALID_ARG, TYPE_NAME,
                        "the checkpoint resumed from holds '%s', which matches no parameter",
                        e->pending[j].key);
  drop_pending(e);
  e->loaded = 0;
  e->running = 1;
  return PACER_OK;
}

static pacer_status ema_after_train_iter(void *self, pacer_ctx *ctx, pacer_error *err) {
  ema *e = self;
  pacer_ctx_info info = {.struct_size = sizeof info};
  pacer_status status = e->api->ctx_get_info(ctx, &info);
  if (status != PACER_OK) return pacer_fail(e->api, err, status, TYPE_NAME, "cannot read the iteration counter");

  /* The iteration that just ran; the runner increments it after this hook. */
  const int64_t t = info.iter;
  /* Warm-up, for the unstable start: the weight of the new values ramps
   * from 1/warm_up towards 1 and is capped at momentum. MMCV divides by
   * zero when warm_up + t == 0; the plain momentum applies there instead. */
  double m = e->momentum;
  const double denom = (double)e->warm_up + (double)t;
  if (denom != 0.0) m = fmin(m, (1.0 + (double)t) / denom);
  if (t % e->interval != 0) return PACER_OK;

  const float keep = (float)(1.0 - m), take = (float)m;
  for (uint32_t i = 0; i < e->count; i++) {
    const slot *s = &e->slots[i];
    for (uint64_t k = 0; k < s->numel; k++) s->avg[k] = s->avg[k] * keep + s->param[k] * take;
  }
  return PACER_OK;
}

/* Serves both after_train_epoch and before_train_epoch. Contents move, not
 * pointers: the parameter memory belongs to the model. */
static pacer_status ema_swap(void *self, pacer_ctx *ctx, pacer_error *err) {
  (void)ctx;
  (void)err;
  ema *e = self;
  for (uint32_t i = 0; i < e->count; i++) {
    const slot *s = &e->slots[i];
    for (uint64_t k = 0; k < s->numel; k++) {
      float t = s->param[k];
      s->param[k] = s->avg[k];
      s->avg[k] = t;
    }
  }
  return PACER_OK;
}

/* ------------------------------------------------------------------------
 * Checkpoint state */

static pacer_status ema_save_state(void *self, pacer_state_io *io, pacer_error *err) {
  ema *e = self;
  const pacer_host_api *api = e->api;
  if (!e->running)
    return pacer_fail(api, err, PACER_E_STATE, TYPE_NAME, "save_state before before_run: there is no shadow yet");

  static const uint8_t version[4] = {1, 0, 0, 0};
  pacer_status status = api->state_put_bytes(io, "version", version, sizeof version);
  if (status != PACER_OK) return pacer_fail(api, err, status, TYPE_NAME, "cannot write 'version'");

  for (uint32_t i = 0; i < e->count; i++) {
    const slot *s = &e->slots[i];
    const pacer_tensor view = {
        .struct_size = sizeof view,
        .dtype = PACER_DTYPE_F32,
        .name = s->key,
        .ndim = s->ndim,
        .shape = s->ndim > 0 ? s->shape : NULL,
        .numel = s->numel,
        .data = s->avg,
        .grad = NULL,
    };
    status = api->state_put_tensor(io, s->key, &view);
    if (status != PACER_OK) return pacer_fail(api, err, status, TYPE_NAME, "cannot write '%s'", s->key);
  }
  return PACER_OK;
}

/* Reads one shadow: PACER_OK with *out filled, PACER_E_NOT_FOUND when the
 * checkpoint lacks it (the caller keeps its default), or an error. */
static pacer_status read_shadow(ema *e, pacer_state_io *io, const char *key, pacer_tensor *out,
                                pacer_error *err) {
  *out = (pacer_tensor){.struct_size = sizeof *out};
  pacer_status status = e->api->state_get_tensor(io, key, out);
  if (status == PACER_E_NOT_FOUND) return status;
  if (status != PACER_OK) return pacer_fail(e->api, err, status, TYPE_NAME, "cannot read '%s'", key);
  if (out->dtype != PACER_DTYPE_F32 || (out->numel > 0 && out->data == NULL))
    return pacer_fail(e->api, err, PACER_E_INVALID_ARG, TYPE_NAME, "'%s' is not an F32 tensor", key);
  return PACER_OK;
}

/* Resume comes before before_run, when the parameters are not known yet:
 * every saved "shadow.*" tensor is then kept for before_run to claim, and
 * before_run refuses a parameter without one or one without a parameter
 * (a resumed average never restarts silently). After before_run they go straight into the slots. */
static pacer_status ema_load_state(void *self, pacer_state_io *io, pacer_error *err) {
  ema *e = self;
  const pacer_host_api *api = e->api;
  const void *bytes;
  uint64_t size;
  pacer_status status = api->state_get_bytes(io, "version", &bytes, &size);
  if (status == PACER_OK) {
    const uint8_t *v = bytes;
    if (size != 4) return pacer_fail(api, err, PACER_E_INVALID_ARG, TYPE_NAME, "'version' must be 4 bytes");
    uint32_t version = v[0] | (uint32_t)v[1] << 8 | (uint32_t)v[2] << 16 | (uint32_t)v[3] << 24;
    if (version != 1)
      return pacer_fail(api, err, PACER_E_UNSUPPORTED, TYPE_NAME, "state version %u is not supported", version);
  } else if (status != PACER_E_NOT_FOUND) {
    return pacer_fail(api, err, status, TYPE_NAME, "cannot read 'version'");
  }

  pacer_tensor t;
  if (e->running) {
    for (uint32_t i = 0; i < e->count; i++) {
      const slot *s = &e->slots[i];
      status = read_shadow(e, io, s->key, &t, err);
      if (status == PACER_E_NOT_FOUND) continue;
      if (status != PACER_OK) return status;
      if (t.numel != s->numel)
        return pacer_fail(api, err, PACER_E_INVALID_ARG, TYPE_NAME, "'%s' holds %llu values, the parameter %llu",
                          s->key, (unsigned long long)t.numel, (unsigned long long)s->numel);
      if (s->numel > 0) memcpy(s->avg, t.data, sizeof(float) * s->numel);
    }
    return PACER_OK;
  }

  drop_pending(e);
  e->loaded = 1;
  static const char prefix[] = "shadow.";
  const uint32_t n = api->state_key_count(io);
  e->pending = calloc(n > 0 ? n : 1, sizeof *e->pending);
  if (e->pending == NULL) return pacer_fail(api, err, PACER_E_NO_MEMORY, TYPE_NAME, "out of memory");

  for (uint32_t i = 0; i < n; i++) {
    const char *k = api->state_key_at(io, i);
    if (k == NULL || strncmp(k, prefix, sizeof prefix - 1) != 0) continue;
    status = read_shadow(e, io, k, &t, err);
    if (status == PACER_E_NOT_FOUND) continue;
    if (status != PACER_OK) {
      drop_pending(e);
      return status;
    }
    restored *r = &e->pending[e->pending_count++];
    r->key = alloc(strlen(k) + 1);
    r->data = alloc(sizeof(float) * t.numel);
    r->numel = t.numel;
    if (r->key == NULL || r->data == NULL) {
      drop_pending(e);
      return pacer_fail(api, err, PACER_E_NO_MEMORY, TYPE_NAME, "out of memory");
    }
    strcpy(r->key, k);
    if (t.numel > 0) memcpy(r->data, t.data, sizeof(float) * t.numel);
  }
  return PACER_OK;
}

/* ------------------------------------------------------------------------
 * Life cycle */

static void ema_destroy(void *self) {
  ema *e = self;
  drop_slots(e);
  drop_pending(e);
  free(e);
}

static pacer_status ema_create(const pacer_plugin_desc *desc, const pacer_host_api *api,
                               const pacer_config *cfg, void **out_self, pacer_error *err) {
  (void)desc;
  double momentum = 0.0002;
  pacer_status status = api->cfg_get_f64(cfg, "momentum", &momentum);
  if ((status != PACER_OK && status != PACER_E_NOT_FOUND) || !(momentum > 0.0 && momentum < 1.0))
    return pacer_fail(api, err, PACER_E_INVALID_ARG, TYPE_NAME, "'momentum' must be a number with 0 < momentum < 1");

  int64_t interval = 1;
  status = api->cfg_get_i64(cfg, "interval", &interval);
  if ((status != PACER_OK && status != PACER_E_NOT_FOUND) || interval < 1)
    return pacer_fail(api, err, PACER_E_INVALID_ARG, TYPE_NAME, "'interval' must be a positive integer");

  int64_t warm_up = 100;
  status = api->cfg_get_i64(cfg, "warm_up", &warm_up);
  if ((status != PACER_OK && status != PACER_E_NOT_FOUND) || warm_up < 0)
    return pacer_fail(api, err, PACER_E_INVALID_ARG, TYPE_NAME, "'warm_up' must be a non-negative integer");

  ema *e = calloc(1, sizeof *e);
  if (e == NULL) return pacer_fail(api, err, PACER_E_NO_MEMORY, TYPE_NAME, "out of memory");
  e->api = api;
  /* One update every `interval` iterations stands in for `interval` of them. */
  e->momentum = pow(momentum, (double)interval);
  e->interval = interval;
  e->warm_up = warm_up;
  *out_self = e;
  return PACER_OK;
}

/* ------------------------------------------------------------------------
 * Registration */

static const pacer_hook_vtable ema_vtable = {
    .struct_size = sizeof(pacer_hook_vtable),
    .before_run = ema_before_run,
    .before_train_epoch = ema_swap,
    .after_train_epoch = ema_swap,
    .after_train_iter = ema_after_train_iter,
    .save_state = ema_save_state,
    .load_state = ema_load_state,
};

/* The options (ABI 1.1): the host refuses any other key, and a value of
 * the wrong type, before ema_create runs. */
static const pacer_option_desc ema_momentum = {
    sizeof(pacer_option_desc), PACER_OPTION_FLOAT, "momentum", "0.0002",
    "weight of the current parameters in each update, in (0, 1)"};
static const pacer_option_desc ema_interval = {
    sizeof(pacer_option_desc), PACER_OPTION_INT, "interval", "1", "update every this many train iterations"};
static const pacer_option_desc ema_warm_up = {
    sizeof(pacer_option_desc), PACER_OPTION_INT, "warm_up", "100",
    "iterations over which the momentum ramps up (MMCV's warm_up)"};
static const pacer_option_desc *const ema_options[] = {&ema_momentum, &ema_interval, &ema_warm_up};

static const pacer_plugin_desc ema_desc = {
    .struct_size = sizeof(pacer_plugin_desc),
    .kind = PACER_KIND_HOOK,
    .type_name = TYPE_NAME, .version = "1.0.0",
    .description = "Exponential moving average of the parameters (MMCV 1.7.2 EMAHook)",
    /* Just above NORMAL: after the optimizer step (ABOVE_NORMAL) and before
     * the checkpoint hook (NORMAL), so checkpoints hold the averaged weights
     * whatever the registration order (mmdet's EMA hooks use 49 too). */
    .default_priority = PACER_PRIORITY_NORMAL - 1,
    .required_features = 0,
    .create = ema_create,
    .destroy = ema_destroy,
    .vtable = &ema_vtable,
    .option_count = sizeof ema_options / sizeof ema_options[0],
    .options = ema_options,
};

PACER_LIBRARY(&ema_desc)
