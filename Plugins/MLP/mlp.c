/*
 * MLPClassifier: a multilayer perceptron model plugin for Pacer, in C11.
 *
 *   img [N, in_features] -> (Linear -> ReLU) per entry of `hidden`
 *                        -> Linear -> logits [N, num_classes]
 *   loss = mean softmax cross-entropy against gt_label [N]
 *
 * The plugin owns parameters and gradients; the host's optimizer reads the
 * gradients and writes the parameters in place. Every dense product goes
 * through cblas_sgemm (model_kit.c). Activations and their gradients share one scratch
 * block that is reallocated only when a batch larger than any before
 * arrives, so the plugin allocates nothing per iteration.
 *
 * Threads are OpenBLAS's business: it keeps small products (the 10-wide
 * classifier) on the calling thread and splits the others over all cores,
 * which on two free cores runs a 784-256-128-10 step on 128 samples in
 * about 0.8 ms against 1.3 ms on one thread. The plugin does not call
 * openblas_set_num_threads: the setting is process-wide and would change
 * the host's and every other plugin's products too. (OpenBLAS itself
 * mallocs a small job array in each threaded call; OPENBLAS_NUM_THREADS=1
 * removes that, at the cost above.)
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pacer/pacer.h>

#include "model_kit.h"

/* ------------------------------------------------------------------------
 * The instance */

/* One fully connected layer (model_kit.h) and the names and shapes it
 * reports its parameters under. */
typedef struct linear {
  mk_dense d; /* w, b, dw, db: slices of mlp.params and mlp.grads; y, dy: of mlp.scratch */
  int64_t w_shape[2], b_shape[1];
  char w_name[24], b_name[24]; /* "fc<k>.weight" fits for any int k */
} linear;

typedef struct mlp {
  const pacer_host_api *api;
  int num_layers;
  linear *layers;
  float *params, *grads;
  size_t floats_per_sample; /* scratch floats one sample needs: 2 * sum(out) */
  float *scratch;
  int cap; /* samples the scratch holds */
} mlp;

/* The registry name, which also starts every error message. */
#define TYPE_NAME "MLPClassifier"

/* Formats a one-line message, prefixed with the type name, into the host's
 * error slot and returns code. */
#define fail(api, err, code, ...) mk_fail((api), (err), (code), TYPE_NAME, __VA_ARGS__)

/* ------------------------------------------------------------------------
 * The network */

static void forward(mlp *m, const float *x, int n) {
  for (int k = 0; k < m->num_layers; k++) {
    mk_dense_forward(&m->layers[k].d, x, n, k + 1 < m->num_layers);
    x = m->layers[k].d.y;
  }
}

/* Expects the classifier's dy filled by mk_softmax_xent. */
static void backward(mlp *m, const float *img, int n) {
  for (int k = m->num_layers - 1; k >= 0; k--) {
    const float *x = k > 0 ? m->layers[k - 1].d.y : img;
    float *dx = k > 0 ? m->layers[k - 1].d.dy : NULL;
    mk_dense_backward(&m->layers[k].d, x, dx, n, k + 1 < m->num_layers);
  }
}

/* Makes the scratch hold n samples, growing it only past the largest batch
 * so far. */
static pacer_status reserve(mlp *m, int n, pacer_error *err) {
  if (n <= m->cap) return PACER_OK;
  if (m->floats_per_sample > SIZE_MAX / sizeof(float) / (size_t)n)
    return fail(m->api, err, PACER_E_NO_MEMORY, "a batch of %d samples does not fit in memory", n);
  /* calloc, not malloc: sgemm with beta = 0 need not read C, but nothing
   * here should ever see uninitialised floats. */
  float *block = calloc((size_t)n * m->floats_per_sample, sizeof(float));
  if (block == NULL)
    return fail(m->api, err, PACER_E_NO_MEMORY, "cannot allocate activations for %d samples", n);
  free(m->scratch);
  m->scratch = block;
  m->cap = n;
  for (int k = 0; k < m->num_layers; k++) {
    linear *l = &m->layers[k];
    l->d.y = block;
    block += (size_t)n * l->d.out;
    l->d.dy = block;
    block += (size_t)n * l->d.out;
  }
  return PACER_OK;
}

/* Checks the batch against the network and returns its inputs, labels and
 * size, with the scratch ready for it. A bad batch is an error, never a
 * crash. */
static pacer_status bind_batch(mlp *m, const pacer_batch *batch, const float **img,
                               const int64_t **labels, int *n, pacer_error *err) {
  const int in = m->layers[0].d.in, classes = m->layers[m->num_layers - 1].d.out;
  if (!PACER_HAS_FIELD(batch, pacer_batch, fields) ||
      (batch->field_count > 0 && batch->fields == NULL))
    return fail(m->api, err, PACER_E_INVALID_ARG, "malformed batch");

  const pacer_tensor *x = mk_find_field(batch, "img");
  if (x == NULL)
    return fail(m->api, err, PACER_E_INVALID_ARG, "batch has no 'img' field");
  if (x->dtype != PACER_DTYPE_F32)
    return fail(m->api, err, PACER_E_INVALID_ARG, "'img' must be F32");
  if (x->ndim < 1 || x->shape == NULL || x->shape[0] < 1 || x->shape[0] > INT_MAX)
    return fail(m->api, err, PACER_E_INVALID_ARG, "'img' must have shape [N, ...] with N >= 1");
  int64_t features = 1;
  for (int32_t d = 1; d < x->ndim; d++) {
    int64_t extent = x->shape[d];
    if (extent < 0 || (extent > 0 && features > INT64_MAX / extent))
      return fail(m->api, err, PACER_E_INVALID_ARG, "'img' has an invalid shape");
    features *= extent;
  }
  if (features != in)
    return fail(m->api, err, PACER_E_INVALID_ARG,
                "'img' has %lld features per sample, expected in_features = %d",
                (long long)features, in);
  const int64_t count = x->shape[0];
  if (x->numel != (uint64_t)count * (uint64_t)in || x->data == NULL)
    return fail(m->api, err, PACER_E_INVALID_ARG, "'img' numel or data does not match its shape");

  pacer_status status = mk_labels(m->api, err, TYPE_NAME, batch, count, classes, labels);
  if (status != PACER_OK) return status;
  status = reserve(m, (int)count, err);
  if (status != PACER_OK) return status;
  *img = x->data;
  *n = (int)count;
  return PACER_OK;
}

static pacer_status mlp_train_step(void *self, pacer_ctx *ctx, const pacer_batch *batch,
                                   pacer_step_output *out, pacer_error *err) {
  (void)ctx;
  mlp *m = self;
  const float *img;
  const int64_t *labels;
  int n;
  pacer_status status = bind_batch(m, batch, &img, &labels, &n, err);
  if (status != PACER_OK) return status;
  forward(m, img, n);
  linear *top = &m->layers[m->num_layers - 1];
  int64_t correct;
  double loss = mk_softmax_xent(top->d.y, labels, n, top->d.out, top->d.dy, &correct) / n;
  backward(m, img, n);
  mk_report(out, loss, n);
  return PACER_OK;
}

static pacer_status mlp_val_step(void *self, pacer_ctx *ctx, const pacer_batch *batch,
                                 pacer_step_output *out, pacer_error *err) {
  mlp *m = self;
  const float *img;
  const int64_t *labels;
  int n;
  pacer_status status = bind_batch(m, batch, &img, &labels, &n, err);
  if (status != PACER_OK) return status;
  forward(m, img, n);
  const linear *top = &m->layers[m->num_layers - 1];
  int64_t correct;
  double loss = mk_softmax_xent(top->d.y, labels, n, top->d.out, NULL, &correct) / n;
  return mk_report_val(m->api, ctx, err, TYPE_NAME, out, loss, correct, top->d.y, n, top->d.out);
}

/* ------------------------------------------------------------------------
 * Parameters */

static uint32_t mlp_param_count(void *self) {
  const mlp *m = self;
  return 2u * (uint32_t)m->num_layers;
}

/* Even indices are fc<k>.weight, odd ones fc<k>.bias. */
static pacer_status mlp_param_at(void *self, uint32_t index, pacer_tensor *out) {
  mlp *m = self;
  if (index >= mlp_param_count(self) || out == NULL) return PACER_E_NOT_FOUND;
  linear *l = &m->layers[index / 2];
  const int bias = index % 2 == 1;
  *out = (pacer_tensor){
      .struct_size = sizeof(pacer_tensor),
      .dtype = PACER_DTYPE_F32,
      .name = bias ? l->b_name : l->w_name,
      .ndim = bias ? 1 : 2,
      .shape = bias ? l->b_shape : l->w_shape,
      .numel = bias ? (uint64_t)l->d.out : (uint64_t)l->d.out * (uint64_t)l->d.in,
      .data = bias ? l->d.b : l->d.w,
      .grad = bias ? l->d.db : l->d.dw,
  };
  return PACER_OK;
}

/* ------------------------------------------------------------------------
 * Life cycle */

static void mlp_destroy(void *self) {
  mlp *m = self;
  free(m->scratch);
  free(m->grads);
  free(m->params);
  free(m->layers);
  free(m);
}

/* Widths are capped at INT_MAX because cblas takes int dimensions. */
static pacer_status mlp_create(const pacer_plugin_desc *desc, const pacer_host_api *api,
                               const pacer_config *cfg, void **out_self, pacer_error *err) {
  (void)desc;
  int64_t in_features = 784, num_classes = 10, init_seed = 0;
  if (mk_read_int(api, cfg, "in_features", 1, INT_MAX, &in_features) != PACER_OK)
    return fail(api, err, PACER_E_INVALID_ARG, "'in_features' must be a positive 32-bit integer");
  if (mk_read_int(api, cfg, "num_classes", 1, INT_MAX, &num_classes) != PACER_OK)
    return fail(api, err, PACER_E_INVALID_ARG, "'num_classes' must be a positive 32-bit integer");
  if (mk_read_int(api, cfg, "init_seed", INT64_MIN, INT64_MAX, &init_seed) != PACER_OK)
    return fail(api, err, PACER_E_INVALID_ARG, "'init_seed' must be an integer");

  static const int64_t default_hidden[] = {256, 128};
  uint64_t num_hidden;
  pacer_status status = api->cfg_get_len(cfg, "hidden", &num_hidden);
  const int use_default = status == PACER_E_NOT_FOUND;
  if (use_default)
    num_hidden = 2;
  else if (status != PACER_OK || num_hidden >= INT32_MAX / 2) /* 2 parameters a layer: uint32_t */
    return fail(api, err, PACER_E_INVALID_ARG, "'hidden' must be a list of positive integers");

  mlp *m = calloc(1, sizeof *m);
  if (m == NULL) return fail(api, err, PACER_E_NO_MEMORY, "out of memory");
  m->api = api;
  m->num_layers = (int)num_hidden + 1;
  m->layers = calloc((size_t)m->num_layers, sizeof *m->layers);
  if (m->layers == NULL) {
    mlp_destroy(m);
    return fail(api, err, PACER_E_NO_MEMORY, "out of memory");
  }

  /* Chain the widths: in_features -> hidden... -> num_classes. */
  int width = (int)in_features;
  for (int k = 0; k < m->num_layers; k++) {
    int64_t out = num_classes;
    if (k < (int)num_hidden && use_default) {
      out = default_hidden[k];
    } else if (k < (int)num_hidden) {
      char key[32];
      snprintf(key, sizeof key, "hidden.%d", k);
      out = 0; /* read_int keeps it when the entry is missing, and 0 fails */
      if (mk_read_int(api, cfg, key, 1, INT_MAX, &out) != PACER_OK || out == 0) {
        mlp_destroy(m);
        return fail(api, err, PACER_E_INVALID_ARG, "'hidden' must be a list of positive integers");
      }
    }
    linear *l = &m->layers[k];
    l->d.in = width;
    l->d.out = (int)out;
    width = l->d.out;
  }

  /* One block for all parameters and one for all gradients. */
  size_t total = 0;
  for (int k = 0; k < m->num_layers; k++) {
    const linear *l = &m->layers[k];
    size_t size = (size_t)l->d.out * (size_t)l->d.in + (size_t)l->d.out;
    if (size > SIZE_MAX / sizeof(float) - total) {
      mlp_destroy(m);
      return fail(api, err, PACER_E_NO_MEMORY, "the parameters do not fit in memory");
    }
    total += size;
    m->floats_per_sample += 2 * (size_t)l->d.out;
  }
  m->params = calloc(total, sizeof(float));
  m->grads = calloc(total, sizeof(float));
  if (m->params == NULL || m->grads == NULL) {
    mlp_destroy(m);
    return fail(api, err, PACER_E_NO_MEMORY, "cannot allocate %zu parameters", total);
  }

  /* nn.Linear's default init: weight and bias uniform in +-1/sqrt(fan_in),
   * drawn in parameter order from one stream. */
  uint64_t rng = (uint64_t)init_seed;
  float *p = m->params, *g = m->grads;
  for (int k = 0; k < m->num_layers; k++) {
    linear *l = &m->layers[k];
    const size_t wn = (size_t)l->d.out * (size_t)l->d.in;
    l->d.w = p;
    l->d.dw = g;
    l->d.b = p + wn;
    l->d.db = g + wn;
    p += wn + (size_t)l->d.out;
    g += wn + (size_t)l->d.out;
    l->w_shape[0] = l->d.out;
    l->w_shape[1] = l->d.in;
    l->b_shape[0] = l->d.out;
    snprintf(l->w_name, sizeof l->w_name, "fc%d.weight", k + 1);
    snprintf(l->b_name, sizeof l->b_name, "fc%d.bias", k + 1);
    const float bound = (float)(1.0 / sqrt((double)l->d.in));
    for (size_t i = 0; i < wn; i++) l->d.w[i] = mk_uniform(&rng, bound);
    for (int i = 0; i < l->d.out; i++) l->d.b[i] = mk_uniform(&rng, bound);
  }

  *out_self = m;
  return PACER_OK;
}

/* ------------------------------------------------------------------------
 * Registration */

static const pacer_model_vtable mlp_vtable = {
    .struct_size = sizeof(pacer_model_vtable),
    .param_count = mlp_param_count,
    .param_at = mlp_param_at,
    .buffer_count = NULL, /* no running statistics */
    .buffer_at = NULL,
    .train_step = mlp_train_step,
    .val_step = mlp_val_step,
    .save_state = NULL, /* the host checkpoints the parameters itself */
    .load_state = NULL,
};

static const pacer_plugin_desc mlp_desc = {
    .struct_size = sizeof(pacer_plugin_desc),
    .kind = PACER_KIND_MODEL,
    .type_name = TYPE_NAME,
    .version = "1.0.0",
    .description = "Multilayer perceptron classifier: Linear+ReLU layers, softmax cross-entropy",
    .default_priority = 0,
    .required_features = 0,
    .create = mlp_create,
    .destroy = mlp_destroy,
    .vtable = &mlp_vtable,
};

PACER_LIBRARY(&mlp_desc)
