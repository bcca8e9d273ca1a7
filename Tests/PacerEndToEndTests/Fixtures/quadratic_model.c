/*
 * QuadraticModel: a test model whose gradient a test can compute. Its
 * parameters are the lists of `init` (one F32 parameter "p<i>" per inner
 * list) and its loss ignores the batch:
 *
 *     loss = 0.5 * sum_i sum_j (p_i[j] - target_i[j])^2,   grad = p - target
 *
 * so a test knows every gradient the optimizer sees from the parameters
 * alone. Config: dict(type='QuadraticModel', init=[[...], ...],
 * target=[[...], ...]) with matching shapes. Declares its options (ABI 1.1).
 * It counts its train steps, logs the count as `steps_taken` and keeps it
 * as extra checkpoint state (save_state/load_state), so a resumed run
 * shows whether the host restored it.
 * Built by the tests with nothing but
 *   cc -shared -fPIC -I plugin-sdk/include quadratic_model.c -o libquadratic.so
 */
#include <pacer/pacer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PARAMS 8
#define MAX_VALUES 64

typedef struct quadratic {
  const pacer_host_api *api;
  uint64_t steps;
  uint32_t count;
  char names[MAX_PARAMS][16];
  int64_t shapes[MAX_PARAMS];
  float data[MAX_PARAMS][MAX_VALUES];
  float grad[MAX_PARAMS][MAX_VALUES];
  float target[MAX_PARAMS][MAX_VALUES];
} quadratic;

static pacer_status fail(const pacer_host_api *api, pacer_error *err, pacer_status status, const char *message) {
  api->error_set(err, status, message);
  return status;
}

/* Reads the list of lists at `key` into `out`, storing the lengths in
 * `lengths` and the number of lists in *count. */
static pacer_status read_lists(const pacer_host_api *api, const pacer_config *cfg, const char *key,
                               float out[MAX_PARAMS][MAX_VALUES], int64_t lengths[MAX_PARAMS], uint32_t *count,
                               pacer_error *err) {
  char message[160], path[96];
  uint64_t lists = 0;
  if (api->cfg_get_len(cfg, key, &lists) != PACER_OK || lists == 0 || lists > MAX_PARAMS) {
    snprintf(message, sizeof message, "QuadraticModel: '%s' must be a list of 1 to %d lists of numbers", key,
             MAX_PARAMS);
    return fail(api, err, PACER_E_INVALID_ARG, message);
  }
  for (uint64_t i = 0; i < lists; i++) {
    uint64_t values = 0;
    snprintf(path, sizeof path, "%s.%llu", key, (unsigned long long)i);
    if (api->cfg_get_len(cfg, path, &values) != PACER_OK || values == 0 || values > MAX_VALUES) {
      snprintf(message, sizeof message, "QuadraticModel: '%s' must be a list of 1 to %d numbers", path, MAX_VALUES);
      return fail(api, err, PACER_E_INVALID_ARG, message);
    }
    for (uint64_t j = 0; j < values; j++) {
      double value = 0;
      snprintf(path, sizeof path, "%s.%llu.%llu", key, (unsigned long long)i, (unsigned long long)j);
      if (api->cfg_get_f64(cfg, path, &value) != PACER_OK) {
        snprintf(message, sizeof message, "QuadraticModel: '%s' must be a number", path);
        return fail(api, err, PACER_E_INVALID_ARG, message);
      }
      out[i][j] = (float)value;
    }
    lengths[i] = (int64_t)values;
  }
  *count = (uint32_t)lists;
  return PACER_OK;
}

static pacer_status create(const pacer_plugin_desc *desc, const pacer_host_api *api, const pacer_config *cfg,
                           void **out, pacer_error *err) {
  (void)desc;
  quadratic *q = calloc(1, sizeof *q);
  if (!q) return PACER_E_NO_MEMORY;
  int64_t target_lengths[MAX_PARAMS];
  uint32_t targets = 0;
  pacer_status status = read_lists(api, cfg, "init", q->data, q->shapes, &q->count, err);
  if (status == PACER_OK) status = read_lists(api, cfg, "target", q->target, target_lengths, &targets, err);
  if (status == PACER_OK && targets != q->count)
    status = fail(api, err, PACER_E_INVALID_ARG, "QuadraticModel: 'target' must have as many lists as 'init'");
  for (uint32_t i = 0; status == PACER_OK && i < q->count; i++)
    if (target_lengths[i] != q->shapes[i])
      status = fail(api, err, PACER_E_INVALID_ARG, "QuadraticModel: each list of 'target' must match 'init'");
  if (status != PACER_OK) {
    free(q);
    return status;
  }
  for (uint32_t i = 0; i < q->count; i++) snprintf(q->names[i], sizeof q->names[i], "p%u", i);
  q->api = api;
  *out = q;
  return PACER_OK;
}

static void destroy(void *self) { free(self); }

static uint32_t param_count(void *self) { return ((quadratic *)self)->count; }

static pacer_status param_at(void *self, uint32_t index, pacer_tensor *out) {
  quadratic *q = self;
  if (index >= q->count) return PACER_E_NOT_FOUND;
  if (out->struct_size < sizeof(pacer_tensor)) return PACER_E_ABI;
  out->struct_size = sizeof(pacer_tensor);
  out->dtype = PACER_DTYPE_F32;
  out->name = q->names[index];
  out->ndim = 1;
  out->reserved0 = 0;
  out->shape = &q->shapes[index];
  out->numel = (uint64_t)q->shapes[index];
  out->data = q->data[index];
  out->grad = q->grad[index];
  return PACER_OK;
}

/* The loss, and with `gradients` the gradient in every parameter's grad. */
static void step(quadratic *q, const pacer_batch *batch, pacer_step_output *out, int gradients) {
  double loss = 0;
  for (uint32_t i = 0; i < q->count; i++)
    for (int64_t j = 0; j < q->shapes[i]; j++) {
      float difference = q->data[i][j] - q->target[i][j];
      loss += 0.5 * (double)difference * (double)difference;
      if (gradients) q->grad[i][j] = difference;
    }
  int64_t samples = 1;
  if (batch->field_count > 0) {
    const pacer_tensor *first = pacer_batch_field(batch, 0);
    if (first->ndim > 0) samples = first->shape[0];
  }
  out->loss = loss;
  if (PACER_HAS_FIELD(out, pacer_step_output, num_samples)) out->num_samples = samples;
}

static pacer_status train_step(void *self, pacer_ctx *ctx, const pacer_batch *batch, pacer_step_output *out,
                               pacer_error *err) {
  (void)err;
  quadratic *q = self;
  step(q, batch, out, 1);
  q->steps++;
  return q->api->ctx_output_put(ctx, "steps_taken", (double)q->steps);
}

static pacer_status val_step(void *self, pacer_ctx *ctx, const pacer_batch *batch, pacer_step_output *out,
                             pacer_error *err) {
  (void)ctx, (void)err;
  step(self, batch, out, 0);
  return PACER_OK;
}

static pacer_status save_state(void *self, pacer_state_io *io, pacer_error *err) {
  (void)err;
  quadratic *q = self;
  return q->api->state_put_bytes(io, "steps", &q->steps, sizeof q->steps);
}

static pacer_status load_state(void *self, pacer_state_io *io, pacer_error *err) {
  quadratic *q = self;
  const void *bytes = NULL;
  uint64_t size = 0;
  if (q->api->state_get_bytes(io, "steps", &bytes, &size) != PACER_OK) return PACER_OK; /* keep the default */
  if (size != sizeof q->steps) return fail(q->api, err, PACER_E_INVALID_ARG, "QuadraticModel: 'steps' is misshapen");
  memcpy(&q->steps, bytes, sizeof q->steps);
  return PACER_OK;
}

static const pacer_model_vtable vtable = {
  sizeof(pacer_model_vtable), 0, param_count, param_at, NULL, NULL, train_step, val_step, save_state, load_state,
};

static const pacer_option_desc init_option = {
  sizeof(pacer_option_desc), PACER_OPTION_LIST, "init", NULL, "the parameters' initial values, one list each",
};
static const pacer_option_desc target_option = {
  sizeof(pacer_option_desc), PACER_OPTION_LIST, "target", NULL, "where the loss is 0, shaped like init",
};
static const pacer_option_desc *const options[] = {&init_option, &target_option};

static const pacer_plugin_desc descriptor = {
  sizeof(pacer_plugin_desc), PACER_KIND_MODEL, "QuadraticModel", "1.0.0",
  "0.5 * |p - target|^2, whose gradient is p - target",
  PACER_PRIORITY_NORMAL, 0, create, destroy, &vtable,
  2, 0, options,
};

PACER_LIBRARY(&descriptor)
