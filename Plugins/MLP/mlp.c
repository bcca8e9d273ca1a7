/*
 * MLPClassifier: a multilayer perceptron model plugin for Pacer, in C11.
 *
 *   img [N, in_features] -> (Linear -> ReLU) per entry of `hidden`
 *                        -> Linear -> logits [N, num_classes]
 *   loss = mean softmax cross-entropy against gt_label [N]
 *
 * The plugin owns parameters and gradients; the host's optimizer reads the
 * gradients and writes the parameters in place. Every dense product goes
 * through cblas_sgemm. Activations and their gradients share one scratch
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
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>
#include <pacer/pacer.h>

/* ------------------------------------------------------------------------
 * The instance */

/* One fully connected layer, y = x W^T + b, with everything it touches. */
typedef struct linear {
  int in, out;
  float *w, *b;   /* [out, in] and [out]: slices of mlp.params */
  float *dw, *db; /* same shapes: slices of mlp.grads */
  float *y, *dy;  /* [cap, out] output and its gradient: slices of mlp.scratch */
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

/* Formats a one-line message into the host's error slot and returns code. */
__attribute__((format(printf, 4, 5))) static pacer_status
fail(const pacer_host_api *api, pacer_error *err, pacer_status code, const char *fmt, ...) {
  char msg[256];
  int len = snprintf(msg, sizeof msg, "MLPClassifier: ");
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg + len, sizeof msg - (size_t)len, fmt, ap);
  va_end(ap);
  api->error_set(err, code, msg);
  return code;
}

/* `value` where keep is 1 and +0 where it is 0, without a branch. ReLU and
 * its gradient mask select on data (an activation's sign), where a branch
 * mispredicts about half the time, and gcc -O2 turns `v > 0 ? v : 0` into
 * a branch; this bit mask compiles to setcc/and, and clang vectorizes it. */
static inline float keep_if(float value, int keep) {
  uint32_t bits;
  memcpy(&bits, &value, sizeof bits);
  bits &= 0u - (uint32_t)keep;
  memcpy(&value, &bits, sizeof value);
  return value;
}

/* ------------------------------------------------------------------------
 * Layers: each forward next to its backward
 *
 * The elementwise passes take restrict pointers, so a vectorizing compiler
 * (clang -O2 and up, gcc -O3) turns them into SIMD loops. */

/* y = x W^T + b, then ReLU when asked. The bias and the ReLU share one pass
 * over y, right after the product. */
static void linear_forward(const linear *l, const float *x, int n, int relu) {
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, l->out, l->in,
              1.0f, x, l->in, l->w, l->in, 0.0f, l->y, l->out);
  const float *restrict b = l->b;
  for (int i = 0; i < n; i++) {
    float *restrict row = l->y + (size_t)i * l->out;
    if (relu) {
      for (int j = 0; j < l->out; j++) {
        const float v = row[j] + b[j];
        row[j] = keep_if(v, v > 0.0f);
      }
    } else {
      for (int j = 0; j < l->out; j++) row[j] += b[j];
    }
  }
}

/* Given dy, the gradient at the layer's output (after its ReLU when relu is
 * set): first one pass turns dy into the gradient before the ReLU (zero
 * where y = 0) and sums its columns into db; then dW = dy^T x and, unless
 * dx is NULL (the first layer, whose input is the batch), dx = dy W. The
 * products and the sums overwrite, never accumulate. */
static void linear_backward(const linear *l, const float *x, float *dx, int n, int relu) {
  float *restrict db = l->db;
  memset(db, 0, sizeof(float) * (size_t)l->out);
  for (int i = 0; i < n; i++) {
    float *restrict drow = l->dy + (size_t)i * l->out;
    const float *restrict row = l->y + (size_t)i * l->out;
    if (relu)
      for (int j = 0; j < l->out; j++) drow[j] = keep_if(drow[j], row[j] > 0.0f);
    for (int j = 0; j < l->out; j++) db[j] += drow[j];
  }
  cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, l->out, l->in, n,
              1.0f, l->dy, l->out, x, l->in, 0.0f, l->dw, l->in);
  if (dx == NULL) return;
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, l->in, l->out,
              1.0f, l->dy, l->out, l->w, l->in, 0.0f, dx, l->in);
}

/* Softmax cross-entropy of n rows of c logits, one pass per row: the row
 * max is subtracted before exp() so nothing overflows (log-sum-exp), and
 * the sum runs in double. Returns the summed loss and the number of rows
 * whose argmax is the label. When dlogits is non-NULL it receives
 * d(mean loss)/d(logits) = (softmax - onehot) / n. */
static double softmax_xent(const float *logits, const int64_t *labels, int n, int c,
                           float *dlogits, int64_t *correct) {
  double total = 0.0;
  int64_t hits = 0;
  for (int i = 0; i < n; i++) {
    const float *z = logits + (size_t)i * c;
    float *dz = dlogits != NULL ? dlogits + (size_t)i * c : NULL;
    int y = (int)labels[i];
    int best = 0;
    for (int j = 1; j < c; j++)
      if (z[j] > z[best]) best = j;
    double sum = 0.0;
    for (int j = 0; j < c; j++) {
      float e = expf(z[j] - z[best]);
      sum += e;
      if (dz != NULL) dz[j] = e;
    }
    total += log(sum) + (double)z[best] - (double)z[y];
    hits += best == y;
    if (dz != NULL) {
      float scale = (float)(1.0 / (sum * n));
      for (int j = 0; j < c; j++) dz[j] *= scale;
      dz[y] -= 1.0f / (float)n;
    }
  }
  *correct = hits;
  return total;
}

/* ------------------------------------------------------------------------
 * The network */

static void forward(mlp *m, const float *x, int n) {
  for (int k = 0; k < m->num_layers; k++) {
    linear_forward(&m->layers[k], x, n, k + 1 < m->num_layers);
    x = m->layers[k].y;
  }
}

/* Expects the classifier's dy filled by softmax_xent. */
static void backward(mlp *m, const float *img, int n) {
  for (int k = m->num_layers - 1; k >= 0; k--) {
    const float *x = k > 0 ? m->layers[k - 1].y : img;
    float *dx = k > 0 ? m->layers[k - 1].dy : NULL;
    linear_backward(&m->layers[k], x, dx, n, k + 1 < m->num_layers);
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
    l->y = block;
    block += (size_t)n * l->out;
    l->dy = block;
    block += (size_t)n * l->out;
  }
  return PACER_OK;
}

/* ------------------------------------------------------------------------
 * Steps */

static const pacer_tensor *find_field(const pacer_batch *batch, const char *name) {
  for (uint32_t i = 0; i < batch->field_count; i++) {
    const pacer_tensor *field = pacer_batch_field(batch, i);
    if (field->name != NULL && strcmp(field->name, name) == 0) return field;
  }
  return NULL;
}

/* Checks the batch against the network and returns its inputs, labels and
 * size, with the scratch ready for it. A bad batch is an error, never a
 * crash. */
static pacer_status bind_batch(mlp *m, const pacer_batch *batch, const float **img,
                               const int64_t **labels, int *n, pacer_error *err) {
  const int in = m->layers[0].in, classes = m->layers[m->num_layers - 1].out;
  if (!PACER_HAS_FIELD(batch, pacer_batch, fields) ||
      (batch->field_count > 0 && batch->fields == NULL))
    return fail(m->api, err, PACER_E_INVALID_ARG, "malformed batch");

  const pacer_tensor *x = find_field(batch, "img");
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

  const pacer_tensor *y = find_field(batch, "gt_label");
  if (y == NULL)
    return fail(m->api, err, PACER_E_INVALID_ARG, "batch has no 'gt_label' field");
  if (y->dtype != PACER_DTYPE_I64)
    return fail(m->api, err, PACER_E_INVALID_ARG, "'gt_label' must be I64");
  if (y->ndim != 1 || y->shape == NULL || y->shape[0] != count ||
      y->numel != (uint64_t)count || y->data == NULL)
    return fail(m->api, err, PACER_E_INVALID_ARG, "'gt_label' must have shape [%lld] like 'img'",
                (long long)count);
  const int64_t *label = y->data;
  for (int64_t i = 0; i < count; i++)
    if (label[i] < 0 || label[i] >= classes)
      return fail(m->api, err, PACER_E_INVALID_ARG, "gt_label[%lld] = %lld is outside [0, %d)",
                  (long long)i, (long long)label[i], classes);

  pacer_status status = reserve(m, (int)count, err);
  if (status != PACER_OK) return status;
  *img = x->data;
  *labels = label;
  *n = (int)count;
  return PACER_OK;
}

static void report(pacer_step_output *out, double loss, int n) {
  if (PACER_HAS_FIELD(out, pacer_step_output, loss)) out->loss = loss;
  if (PACER_HAS_FIELD(out, pacer_step_output, num_samples)) out->num_samples = n;
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
  double loss = softmax_xent(top->y, labels, n, top->out, top->dy, &correct) / n;
  backward(m, img, n);
  report(out, loss, n);
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
  double loss = softmax_xent(top->y, labels, n, top->out, NULL, &correct) / n;
  status = m->api->ctx_output_put(ctx, "accuracy", (double)correct / n);
  if (status != PACER_OK)
    return fail(m->api, err, status, "the host refused the 'accuracy' output");
  report(out, loss, n);
  return PACER_OK;
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
      .numel = bias ? (uint64_t)l->out : (uint64_t)l->out * (uint64_t)l->in,
      .data = bias ? l->b : l->w,
      .grad = bias ? l->db : l->dw,
  };
  return PACER_OK;
}

/* splitmix64: small and well mixed, so a seed gives the same weights on
 * every platform. */
static uint64_t splitmix64(uint64_t *state) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15u);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}

/* Uniform in [-bound, bound): the top 24 bits make an exact float in [0, 1). */
static float uniform(uint64_t *state, float bound) {
  float u = (float)(splitmix64(state) >> 40) * 0x1.0p-24f;
  return (2.0f * u - 1.0f) * bound;
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

/* Reads an integer key into *out, which holds the default and keeps it when
 * the key is absent. Any other type, or a value outside [lo, hi], fails. */
static pacer_status read_int(const pacer_host_api *api, const pacer_config *cfg, const char *key,
                             int64_t lo, int64_t hi, int64_t *out) {
  int64_t v;
  pacer_status status = api->cfg_get_i64(cfg, key, &v);
  if (status == PACER_E_NOT_FOUND) return PACER_OK;
  if (status != PACER_OK || v < lo || v > hi) return PACER_E_INVALID_ARG;
  *out = v;
  return PACER_OK;
}

/* Widths are capped at INT_MAX because cblas takes int dimensions. */
static pacer_status mlp_create(const pacer_plugin_desc *desc, const pacer_host_api *api,
                               const pacer_config *cfg, void **out_self, pacer_error *err) {
  (void)desc;
  int64_t in_features = 784, num_classes = 10, init_seed = 0;
  if (read_int(api, cfg, "in_features", 1, INT_MAX, &in_features) != PACER_OK)
    return fail(api, err, PACER_E_INVALID_ARG, "'in_features' must be a positive 32-bit integer");
  if (read_int(api, cfg, "num_classes", 1, INT_MAX, &num_classes) != PACER_OK)
    return fail(api, err, PACER_E_INVALID_ARG, "'num_classes' must be a positive 32-bit integer");
  if (read_int(api, cfg, "init_seed", INT64_MIN, INT64_MAX, &init_seed) != PACER_OK)
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
      if (read_int(api, cfg, key, 1, INT_MAX, &out) != PACER_OK || out == 0) {
        mlp_destroy(m);
        return fail(api, err, PACER_E_INVALID_ARG, "'hidden' must be a list of positive integers");
      }
    }
    linear *l = &m->layers[k];
    l->in = width;
    l->out = (int)out;
    width = l->out;
  }

  /* One block for all parameters and one for all gradients. */
  size_t total = 0;
  for (int k = 0; k < m->num_layers; k++) {
    const linear *l = &m->layers[k];
    size_t size = (size_t)l->out * (size_t)l->in + (size_t)l->out;
    if (size > SIZE_MAX / sizeof(float) - total) {
      mlp_destroy(m);
      return fail(api, err, PACER_E_NO_MEMORY, "the parameters do not fit in memory");
    }
    total += size;
    m->floats_per_sample += 2 * (size_t)l->out;
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
    const size_t wn = (size_t)l->out * (size_t)l->in;
    l->w = p;
    l->dw = g;
    l->b = p + wn;
    l->db = g + wn;
    p += wn + (size_t)l->out;
    g += wn + (size_t)l->out;
    l->w_shape[0] = l->out;
    l->w_shape[1] = l->in;
    l->b_shape[0] = l->out;
    snprintf(l->w_name, sizeof l->w_name, "fc%d.weight", k + 1);
    snprintf(l->b_name, sizeof l->b_name, "fc%d.bias", k + 1);
    const float bound = (float)(1.0 / sqrt((double)l->in));
    for (size_t i = 0; i < wn; i++) l->w[i] = uniform(&rng, bound);
    for (int i = 0; i < l->out; i++) l->b[i] = uniform(&rng, bound);
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
    .type_name = "MLPClassifier",
    .version = "1.0.0",
    .description = "Multilayer perceptron classifier: Linear+ReLU layers, softmax cross-entropy",
    .default_priority = 0,
    .required_features = 0,
    .create = mlp_create,
    .destroy = mlp_destroy,
    .vtable = &mlp_vtable,
};

PACER_LIBRARY(&mlp_desc)
