/*
 * Lion: an optimizer plugin (ABI 1.1), the kind a config names in
 * optimizer=dict(type='Lion', lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0).
 * Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms", for
 * each element with the group's lr, beta1 (the group's momentum, which the
 * host takes from betas[0]) and weight decay:
 *
 *     c = beta1 * m + (1 - beta1) * g
 *     p = p - lr * (sign(c) + weight_decay * p)
 *     m = beta2 * m + (1 - beta2) * g
 *
 * computed in double from the F32 values, each result rounded to F32 once.
 * m starts at 0 and is saved in checkpoints as "exp_avg.<parameter name>"
 * (the host stores it under "optimizer.exp_avg.<name>"). Built by the tests
 * with nothing but
 *   cc -shared -fPIC -I plugin-sdk/include lion_optimizer.c -o liblion.so
 */
#include <pacer/pacer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct moment {
  char *name;
  uint64_t count;
  float *values;
} moment;

typedef struct lion {
  const pacer_host_api *api;
  double beta2;
  /* Once `started`, one moment per parameter, by index (allocated at the
   * first step); before, the moments load_state read from a checkpoint. */
  moment *moments;
  uint32_t moment_count;
  int32_t started;
} lion;

static pacer_status fail(const pacer_host_api *api, pacer_error *err, pacer_status status, const char *message) {
  api->error_set(err, status, message);
  return status;
}

static void free_array(moment *moments, uint32_t count) {
  for (uint32_t i = 0; i < count; i++) {
    free(moments[i].name);
    free(moments[i].values);
  }
  free(moments);
}

static void free_moments(lion *l) {
  free_array(l->moments, l->moment_count);
  l->moments = NULL;
  l->moment_count = 0;
}

static char *copy_string(const char *text) {
  size_t size = strlen(text) + 1;
  char *copy = malloc(size);
  if (copy) memcpy(copy, text, size);
  return copy;
}

/* One zeroed moment per parameter of `args`, taking the values of a loaded
 * moment of the same name; a loaded moment of another size is an error. */
static pacer_status start_moments(lion *l, const pacer_optimizer_step *args, pacer_error *err) {
  moment *moments = calloc(args->param_count ? args->param_count : 1, sizeof *moments);
  if (!moments) return PACER_E_NO_MEMORY;
  for (uint32_t i = 0; i < args->param_count; i++) {
    const pacer_tensor *p = pacer_optimizer_param(args, i);
    moments[i].name = copy_string(p->name);
    moments[i].count = p->numel;
    moments[i].values = calloc(p->numel ? p->numel : 1, sizeof(float));
    if (!moments[i].name || !moments[i].values) {
      free_array(moments, i + 1);
      return PACER_E_NO_MEMORY;
    }
    for (uint32_t k = 0; k < l->moment_count; k++) {
      if (strcmp(l->moments[k].name, p->name) != 0) continue;
      if (l->moments[k].count != p->numel) {
        char message[200];
        snprintf(message, sizeof message, "Lion: the checkpoint's exp_avg.%s has %llu values, the parameter %llu",
                 p->name, (unsigned long long)l->moments[k].count, (unsigned long long)p->numel);
        free_array(moments, i + 1);
        return fail(l->api, err, PACER_E_STATE, message);
      }
      memcpy(moments[i].values, l->moments[k].values, p->numel * sizeof(float));
    }
  }
  free_moments(l);
  l->moments = moments;
  l->moment_count = args->param_count;
  l->started = 1;
  return PACER_OK;
}

static double sign(double x) { return (x > 0) - (x < 0); }

static pacer_status step(void *self, const pacer_optimizer_step *args, pacer_error *err) {
  lion *l = self;
  if (!l->started) {
    pacer_status status = start_moments(l, args, err);
    if (status != PACER_OK) return status;
  }
  for (uint32_t i = 0; i < args->param_count; i++) {
    const pacer_tensor *p = pacer_optimizer_param(args, i);
    uint32_t group = args->param_group[i];
    double lr = args->lr[group], beta1 = args->momentum[group], decay = args->weight_decay[group];
    float *data = p->data, *m = l->moments[i].values;
    const float *grad = p->grad;
    for (uint64_t j = 0; j < p->numel; j++) {
      double g = grad[j];
      double c = beta1 * m[j] + (1 - beta1) * g;
      data[j] = (float)(data[j] - lr * (sign(c) + decay * data[j]));
      m[j] = (float)(l->beta2 * m[j] + (1 - l->beta2) * g);
    }
  }
  return PACER_OK;
}

static pacer_status save_state(void *self, pacer_state_io *io, pacer_error *err) {
  lion *l = self;
  for (uint32_t i = 0; i < l->moment_count; i++) {
    char key[160];
    snprintf(key, sizeof key, "exp_avg.%s", l->moments[i].name);
    int64_t shape = (int64_t)l->moments[i].count;
    pacer_tensor t;
    memset(&t, 0, sizeof t);
    t.struct_size = sizeof t;
    t.dtype = PACER_DTYPE_F32;
    t.ndim = 1;
    t.shape = &shape;
    t.numel = l->moments[i].count;
    t.data = l->moments[i].values;
    pacer_status status = l->api->state_put_tensor(io, key, &t);
    if (status != PACER_OK) return fail(l->api, err, status, "Lion: the host refused exp_avg");
  }
  return PACER_OK;
}

/* Keeps a copy of every "exp_avg.<name>" the checkpoint holds; the first
 * step matches them to the parameters by name. */
static pacer_status load_state(void *self, pacer_state_io *io, pacer_error *err) {
  lion *l = self;
  free_moments(l);
  l->started = 0;
  uint32_t keys = l->api->state_key_count(io);
  l->moments = calloc(keys ? keys : 1, sizeof *l->moments);
  if (!l->moments) return PACER_E_NO_MEMORY;
  for (uint32_t k = 0; k < keys; k++) {
    const char *key = l->api->state_key_at(io, k);
    if (!key || strncmp(key, "exp_avg.", 8) != 0) continue;
    pacer_tensor t;
    memset(&t, 0, sizeof t);
    t.struct_size = sizeof t;
    pacer_status status = l->api->state_get_tensor(io, key, &t);
    if (status != PACER_OK || t.dtype != PACER_DTYPE_F32)
      return fail(l->api, err, PACER_E_STATE, "Lion: a checkpoint exp_avg is not an F32 tensor");
    moment *m = &l->moments[l->moment_count];
    m->name = copy_string(key + 8);
    m->count = t.numel;
    m->values = malloc((t.numel ? t.numel : 1) * sizeof(float));
    if (!m->name || !m->values) {
      free(m->name);
      free(m->values);
      return PACER_E_NO_MEMORY;
    }
    memcpy(m->values, t.data, t.numel * sizeof(float));
    l->moment_count++;
  }
  return PACER_OK;
}

static pacer_status create(const pacer_plugin_desc *desc, const pacer_host_api *api, const pacer_config *cfg,
                           void **out, pacer_error *err) {
  (void)desc;
  double lr = 1e-4, beta1 = 0.9, beta2 = 0.99, decay = 0;
  if (api->cfg_get_f64(cfg, "lr", &lr) == PACER_E_INVALID_ARG || !(lr >= 0))
    return fail(api, err, PACER_E_INVALID_ARG, "Lion: 'lr' must be a number >= 0");
  uint64_t betas = 2;
  if (api->cfg_has(cfg, "betas") &&
      (api->cfg_get_len(cfg, "betas", &betas) != PACER_OK || betas != 2 ||
       api->cfg_get_f64(cfg, "betas.0", &beta1) != PACER_OK || api->cfg_get_f64(cfg, "betas.1", &beta2) != PACER_OK))
    return fail(api, err, PACER_E_INVALID_ARG, "Lion: 'betas' must be two numbers, (beta1, beta2)");
  if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1))
    return fail(api, err, PACER_E_INVALID_ARG, "Lion: both 'betas' must be in [0, 1)");
  if (api->cfg_get_f64(cfg, "weight_decay", &decay) == PACER_E_INVALID_ARG || !(decay >= 0))
    return fail(api, err, PACER_E_INVALID_ARG, "Lion: 'weight_decay' must be a number >= 0");
  lion *l = calloc(1, sizeof *l);
  if (!l) return PACER_E_NO_MEMORY;
  l->api = api;
  l->beta2 = beta2;
  *out = l;
  return PACER_OK;
}

static void destroy(void *self) {
  free_moments(self);
  free(self);
}

static const pacer_optimizer_vtable vtable = {
  sizeof(pacer_optimizer_vtable), 0, step, save_state, load_state,
};

static const pacer_option_desc lr_option = {
  sizeof(pacer_option_desc), PACER_OPTION_FLOAT, "lr", "0.0001", "the learning rate",
};
static const pacer_option_desc betas_option = {
  sizeof(pacer_option_desc), PACER_OPTION_LIST, "betas", "(0.9, 0.99)",
  "(beta1, beta2): the update's and the moment's interpolation",
};
static const pacer_option_desc weight_decay_option = {
  sizeof(pacer_option_desc), PACER_OPTION_FLOAT, "weight_decay", "0.0", "decoupled weight decay",
};
static const pacer_option_desc *const options[] = {&lr_option, &betas_option, &weight_decay_option};

static const pacer_plugin_desc descriptor = {
  sizeof(pacer_plugin_desc), PACER_KIND_OPTIMIZER, "Lion", "1.0.0", "Lion (Chen et al. 2023): sign of interpolated momentum",
  PACER_PRIORITY_NORMAL, 0, create, destroy, &vtable,
  3, 0, options,
};

PACER_LIBRARY(&descriptor)
