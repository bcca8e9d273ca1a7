/*
 * ExampleMLP: a complete Pacer model plugin in plain C (ABI 1.1), meant to
 * be copied and renamed. A one-hidden-layer perceptron for images or table
 * rows, flattened to `in_features` values per sample:
 *
 *   x [N, in]  -> centre: x - input_mean        (a buffer: running mean)
 *              -> fc1 (Linear in -> hidden) -> ReLU -> dropout(p)
 *              -> fc2 (Linear hidden -> num_classes) -> logits [N, classes]
 *   loss = mean softmax cross-entropy against gt_label [N]
 *
 * Config:  model = dict(type='ExampleMLP', in_features=784, hidden=64,
 *                       num_classes=10, dropout=0.1)     # init_seed: the run's seed
 * Build:   make            (needs pacer-plugin.pc; see README.md)
 * Check:   pacer plugins check ./libexample_model.so
 *
 * What a model plugin promises (model.h and tensor.h have the contract):
 *  - Parameters (fc1.weight [hidden, in], fc1.bias, fc2.weight, fc2.bias:
 *    PyTorch's names and layouts) and buffers (input_mean) live at fixed
 *    addresses from create to destroy; the host's optimizer updates the
 *    parameters from the gradients train_step leaves in `grad`, and the
 *    host saves and restores both in checkpoints.
 *  - Every initial value and every dropout mask comes from `init_seed` (and
 *    the host's iteration counter), so a run is reproducible and a resumed
 *    run ends bit-identical to an uninterrupted one.
 *  - The batch is the host's: "img" F32 [N, ...] (pixels in [0, 1] from the
 *    plain datasets), "gt_label" I64 [N]. Nothing is kept after a step.
 *  - The forward pass is written out in full, each layer's backward below
 *    its forward, as in llm.c; scratch memory grows only when a batch
 *    larger than any before arrives, so a step allocates nothing.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pacer/pacer.h>

#define TYPE_NAME "ExampleMLP"

/* One instance. Every array is allocated in create and freed in destroy. */
typedef struct example_mlp {
  const pacer_host_api *api;
  int64_t in, hidden, classes;   /* widths */
  double dropout;                /* probability of zeroing a hidden unit in training */
  uint64_t seed;                 /* init_seed: initial values and dropout streams */
  /* Parameters and their gradients, PyTorch's layouts: weight [out, in]. */
  float *w1, *b1, *w2, *b2;
  float *dw1, *db1, *dw2, *db2;
  float *input_mean;             /* buffer [in]: running mean of the inputs */
  int64_t w1_shape[2], b1_shape[1], w2_shape[2], b2_shape[1], mean_shape[1];
  /* Scratch for `capacity` samples: centred inputs, hidden activations
   * (after ReLU and dropout), dropout masks, logits and their gradients. */
  int64_t capacity;
  float *xc, *h, *mask, *logits, *dlogits, *dh;
} example_mlp;

/* ------------------------------------------------------------------------
 * Random numbers: SplitMix64, seeded from init_seed only. */

static uint64_t splitmix64(uint64_t *state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/* Uniform in [0, 1), from the top 24 bits. */
static float uniform(uint64_t *state) { return (float)(splitmix64(state) >> 40) * (1.0f / 16777216.0f); }

/* PyTorch's default for nn.Linear: weight and bias uniform in
 * [-1/sqrt(fan_in), 1/sqrt(fan_in)]. */
static void init_linear(float *w, float *b, int64_t out, int64_t in, uint64_t *rng) {
  const float bound = 1.0f / sqrtf((float)in);
  for (int64_t i = 0; i < out * in; i++) w[i] = (2.0f * uniform(rng) - 1.0f) * bound;
  for (int64_t i = 0; i < out; i++) b[i] = (2.0f * uniform(rng) - 1.0f) * bound;
}

/* ------------------------------------------------------------------------
 * Forward and backward, layer by layer. */

/* y[n, o] = b[o] + sum_i w[o, i] * x[n, i] */
static void linear_forward(float *y, const float *x, const float *w, const float *b, int64_t n, int64_t in,
                           int64_t out) {
  for (int64_t s = 0; s < n; s++)
    for (int64_t o = 0; o < out; o++) {
      const float *row = w + o * in, *xs = x + s * in;
      float sum = b[o];
      for (int64_t i = 0; i < in; i++) sum += row[i] * xs[i];
      y[s * out + o] = sum;
    }
}

/* dw = dy^T x, db = sum_n dy (overwritten, not accumulated); dx = dy w when
 * dx is not NULL. */
static void linear_backward(float *dx, float *dw, float *db, const float *dy, const float *x, const float *w,
                            int64_t n, int64_t in, int64_t out) {
  memset(dw, 0, sizeof *dw * (size_t)(out * in));
  memset(db, 0, sizeof *db * (size_t)out);
  for (int64_t s = 0; s < n; s++)
    for (int64_t o = 0; o < out; o++) {
      const float g = dy[s * out + o];
      float *row = dw + o * in;
      const float *xs = x + s * in;
      for (int64_t i = 0; i < in; i++) row[i] += g * xs[i];
      db[o] += g;
    }
  if (dx == NULL) return;
  for (int64_t s = 0; s < n; s++)
    for (int64_t i = 0; i < in; i++) {
      float sum = 0.0f;
      for (int64_t o = 0; o < out; o++) sum += dy[s * out + o] * w[o * in + i];
      dx[s * in + i] = sum;
    }
}

/* Mean softmax cross-entropy over n rows of `classes` logits. Writes the
 * gradient of the mean into dlogits (when not NULL) and counts the rows
 * whose largest logit is the label. */
static double softmax_xent(const float *logits, const int64_t *labels, int64_t n, int64_t classes, float *dlogits,
                           int64_t *correct) {
  double total = 0.0;
  *correct = 0;
  for (int64_t s = 0; s < n; s++) {
    const float *row = logits + s * classes;
    int64_t best = 0;
    for (int64_t c = 1; c < classes; c++)
      if (row[c] > row[best]) best = c;
    double sum = 0.0;
    for (int64_t c = 0; c < classes; c++) sum += exp((double)(row[c] - row[best]));
    total += log(sum) - (double)(row[labels[s]] - row[best]);
    *correct += best == labels[s];
    if (dlogits != NULL)
      for (int64_t c = 0; c < classes; c++)
        dlogits[s * classes + c] =
            (float)((exp((double)(row[c] - row[best])) / sum - (c == labels[s] ? 1.0 : 0.0)) / (double)n);
  }
  return total / (double)n;
}

/* ------------------------------------------------------------------------
 * The batch */

/* The field named `name`, or NULL. Fields are found by name, never by position. */
static const pacer_tensor *find_field(const pacer_batch *batch, const char *name) {
  for (uint32_t i = 0; i < batch->field_count; i++) {
    const pacer_tensor *field = pacer_batch_field(batch, i);
    if (field->name != NULL && strcmp(field->name, name) == 0) return field;
  }
  return NULL;
}

/* Checks the batch against the model, returns its inputs, labels and size,
 * and makes the scratch large enough. A bad batch is one line, never a crash. */
static pacer_status bind_batch(example_mlp *m, const pacer_batch *batch, const float **x, const int64_t **labels,
                               int64_t *n, pacer_error *err) {
  const pacer_tensor *img = find_field(batch, "img"), *gt = find_field(batch, "gt_label");
  if (img == NULL || gt == NULL)
    return pacer_fail(m->api, err, PACER_E_INVALID_ARG, TYPE_NAME, "the batch needs 'img' and 'gt_label'");
  if (img->dtype != PACER_DTYPE_F32 || img->ndim < 1 || img->shape == NULL || img->shape[0] < 1 || img->data == NULL)
    return pacer_fail(m->api, err, PACER_E_INVALID_ARG, TYPE_NAME, "'img' must be float32 [N, ...] with N >= 1");
  const int64_t count = img->shape[0];
  if ((int64_t)img->numel != count * m->in)
    return pacer_fail(m->api, err, PACER_E_INVALID_ARG, TYPE_NAME,
                      "each sample of 'img' has %lld values but in_features is %lld; set in_features",
                      (long long)(img->numel / (uint64_t)count), (long long)m->in);
  if (gt->dtype != PACER_DTYPE_I64 || gt->ndim != 1 || gt->shape == NULL || gt->shape[0] != count || gt->data == NULL)
    return pacer_fail(m->api, err, PACER_E_INVALID_ARG, TYPE_NAME, "'gt_label' must be int64 [N], N as in 'img'");
  const int64_t *label = gt->data;
  for (int64_t s = 0; s < count; s++)
    if (label[s] < 0 || label[s] >= m->classes)
      return pacer_fail(m->api, err, PACER_E_INVALID_ARG, TYPE_NAME,
                        "gt_label %lld of sample %lld is outside 0..%lld; set num_classes to the dataset's classes",
                        (long long)label[s], (long long)s, (long long)(m->classes - 1));
  if (count > m->capacity) {
    float **arrays[] = {&m->xc, &m->h, &m->mask, &m->logits, &m->dlogits, &m->dh};
    const int64_t widths[] = {m->in, m->hidden, m->hidden, m->classes, m->classes, m->hidden};
    for (size_t i = 0; i < sizeof widths / sizeof widths[0]; i++) {
      float *grown = realloc(*arrays[i], sizeof(float) * (size_t)(count * widths[i]));
      if (grown == NULL)
        return pacer_fail(m->api, err, PACER_E_NO_MEMORY, TYPE_NAME,
                          "out of memory for %lld samples", (long long)count);
      *arrays[i] = grown;
    }
    m->capacity = count;
  }
  *x = img->data;
  *labels = label;
  *n = count;
  return PACER_OK;
}

/* Centres the inputs on the running mean; in training, first moves the mean
 * 10% of the way to this batch's mean (BatchNorm's momentum 0.1). */
static void centre_inputs(example_mlp *m, const float *x, int64_t n, int training) {
  if (training)
    for (int64_t i = 0; i < m->in; i++) {
      float sum = 0.0f;
      for (int64_t s = 0; s < n; s++) sum += x[s * m->in + i];
      m->input_mean[i] += 0.1f * (sum / (float)n - m->input_mean[i]);
    }
  for (int64_t s = 0; s < n; s++)
    for (int64_t i = 0; i < m->in; i++) m->xc[s * m->in + i] = x[s * m->in + i] - m->input_mean[i];
}

/* The hidden layer: ReLU, then in training inverted dropout whose mask
 * comes from a stream seeded by init_seed and the host's iteration counter,
 * so a resumed run draws the masks the uninterrupted run drew. */
static pacer_status hidden_forward(example_mlp *m, pacer_ctx *ctx, int64_t n, int training, pacer_error *err) {
  linear_forward(m->h, m->xc, m->w1, m->b1, n, m->in, m->hidden);
  uint64_t rng = m->seed;
  if (training && m->dropout > 0) {
    pacer_ctx_info info;
    memset(&info, 0, sizeof info);
    info.struct_size = sizeof info;
    pacer_status status = m->api->ctx_get_info(ctx, &info);
    if (status != PACER_OK) return pacer_fail(m->api, err, status, TYPE_NAME, "ctx_get_info failed");
    rng ^= 0xD1B54A32D192ED03ull * (uint64_t)(info.iter + 1);
  }
  const float keep = (float)(1.0 - m->dropout);
  for (int64_t k = 0; k < n * m->hidden; k++) {
    float relu = m->h[k] > 0.0f ? m->h[k] : 0.0f;
    m->mask[k] = !training || m->dropout <= 0 ? 1.0f : uniform(&rng) < keep ? 1.0f / keep : 0.0f;
    m->h[k] = relu * m->mask[k];
  }
  return PACER_OK;
}

/* ------------------------------------------------------------------------
 * The steps */

static pacer_status train_step(void *self, pacer_ctx *ctx, const pacer_batch *batch, pacer_step_output *out,
                               pacer_error *err) {
  example_mlp *m = self;
  const float *x;
  const int64_t *labels;
  int64_t n, correct;
  pacer_status status = bind_batch(m, batch, &x, &labels, &n, err);
  if (status != PACER_OK) return status;

  centre_inputs(m, x, n, 1);
  status = hidden_forward(m, ctx, n, 1, err);
  if (status != PACER_OK) return status;
  linear_forward(m->logits, m->h, m->w2, m->b2, n, m->hidden, m->classes);
  const double loss = softmax_xent(m->logits, labels, n, m->classes, m->dlogits, &correct);

  linear_backward(m->dh, m->dw2, m->db2, m->dlogits, m->h, m->w2, n, m->hidden, m->classes);
  /* Through dropout and ReLU: the mask is 0 where dropped; h is 0 where ReLU cut. */
  for (int64_t k = 0; k < n * m->hidden; k++) m->dh[k] = m->h[k] > 0.0f ? m->dh[k] * m->mask[k] : 0.0f;
  linear_backward(NULL, m->dw1, m->db1, m->dh, m->xc, m->w1, n, m->in, m->hidden);

  out->loss = loss;
  out->num_samples = n;
  return PACER_OK;
}

static pacer_status val_step(void *self, pacer_ctx *ctx, const pacer_batch *batch, pacer_step_output *out,
                             pacer_error *err) {
  example_mlp *m = self;
  const float *x;
  const int64_t *labels;
  int64_t n, correct;
  pacer_status status = bind_batch(m, batch, &x, &labels, &n, err);
  if (status != PACER_OK) return status;

  centre_inputs(m, x, n, 0);
  status = hidden_forward(m, ctx, n, 0, err);
  if (status != PACER_OK) return status;
  linear_forward(m->logits, m->h, m->w2, m->b2, n, m->hidden, m->classes);
  out->loss = softmax_xent(m->logits, labels, n, m->classes, NULL, &correct);
  out->num_samples = n;

  status = m->api->ctx_output_put(ctx, "accuracy", (double)correct / (double)n);
  if (status != PACER_OK)
    return pacer_fail(m->api, err, status, TYPE_NAME, "the host refused the 'accuracy' output");
  /* ABI 1.1: class scores (softmax probabilities) when the host gives room (pacer test --out). */
  if (PACER_HAS_FIELD(out, pacer_step_output, score_count) && out->scores != NULL &&
      m->classes <= out->score_capacity) {
    for (int64_t s = 0; s < n; s++) {
      const float *row = m->logits + s * m->classes;
      float *scores = out->scores + s * out->score_capacity, max = row[0];
      for (int64_t c = 1; c < m->classes; c++) max = row[c] > max ? row[c] : max;
      double sum = 0.0;
      for (int64_t c = 0; c < m->classes; c++) sum += exp((double)(row[c] - max));
      for (int64_t c = 0; c < m->classes; c++) scores[c] = (float)(exp((double)(row[c] - max)) / sum);
    }
    out->score_count = m->classes;
  }
  return PACER_OK;
}

/* ------------------------------------------------------------------------
 * Parameters and buffers: views of the instance's own arrays, at addresses
 * that never change, so the host can keep them for the run. */

/* Copies `view` into the host's output struct, no more than it has room for. */
static pacer_status write_view(pacer_tensor *out, const pacer_tensor *view) {
  if (out == NULL) return PACER_E_INVALID_ARG;
  size_t size = out->struct_size < sizeof *view ? out->struct_size : sizeof *view;
  memcpy(out, view, size);
  out->struct_size = (uint32_t)size;
  return PACER_OK;
}

static uint32_t param_count(void *self) {
  (void)self;
  return 4;
}

static pacer_status param_at(void *self, uint32_t index, pacer_tensor *out) {
  example_mlp *m = self;
  static const char *const names[] = {"fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"};
  float *const data[] = {m->w1, m->b1, m->w2, m->b2}, *const grad[] = {m->dw1, m->db1, m->dw2, m->db2};
  const int64_t *const shapes[] = {m->w1_shape, m->b1_shape, m->w2_shape, m->b2_shape};
  if (index >= 4) return PACER_E_NOT_FOUND;
  const int32_t ndim = index % 2 == 0 ? 2 : 1;
  const pacer_tensor view = {
      .struct_size = sizeof(pacer_tensor),
      .dtype = PACER_DTYPE_F32,
      .name = names[index],
      .ndim = ndim,
      .shape = shapes[index],
      .numel = (uint64_t)(ndim == 2 ? shapes[index][0] * shapes[index][1] : shapes[index][0]),
      .data = data[index],
      .grad = grad[index],
  };
  return write_view(out, &view);
}

static uint32_t buffer_count(void *self) {
  (void)self;
  return 1;
}

static pacer_status buffer_at(void *self, uint32_t index, pacer_tensor *out) {
  example_mlp *m = self;
  if (index >= 1) return PACER_E_NOT_FOUND;
  const pacer_tensor view = {
      .struct_size = sizeof(pacer_tensor),
      .dtype = PACER_DTYPE_F32,
      .name = "input_mean",
      .ndim = 1,
      .shape = m->mean_shape,
      .numel = (uint64_t)m->in,
      .data = m->input_mean,
      .grad = NULL, /* a buffer is not trained */
  };
  return write_view(out, &view);
}

/* ------------------------------------------------------------------------
 * Life cycle */

static void destroy(void *self) {
  example_mlp *m = self;
  if (m == NULL) return;
  float *arrays[] = {m->w1, m->b1, m->w2, m->b2, m->dw1, m->db1, m->dw2, m->db2, m->input_mean,
                     m->xc, m->h, m->mask, m->logits, m->dlogits, m->dh};
  for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++) free(arrays[i]);
  free(m);
}

/* Reads integer option `key` into *value (left as is when absent) and
 * checks it is within [low, high]. */
static pacer_status read_int(const pacer_host_api *api, const pacer_config *cfg, pacer_error *err, const char *key,
                             int64_t low, int64_t high, int64_t *value) {
  pacer_status status = api->cfg_get_i64(cfg, key, value);
  if (status == PACER_E_NOT_FOUND) return PACER_OK;
  if (status != PACER_OK || *value < low || *value > high)
    return pacer_fail(api, err, PACER_E_INVALID_ARG, TYPE_NAME, "'%s' must be an integer from %lld to %lld", key,
                      (long long)low, (long long)high);
  return PACER_OK;
}

/* [runner] Creates one instance from its config: reads the options,
 * allocates every parameter, gradient and buffer once, and draws the
 * initial values from init_seed. */
static pacer_status create(const pacer_plugin_desc *desc, const pacer_host_api *api, const pacer_config *cfg,
                           void **out_self, pacer_error *err) {
  (void)desc;
  int64_t in = 784, hidden = 64, classes = 10, seed = 0;
  double dropout = 0.1;
  pacer_status status;
  if ((status = read_int(api, cfg, err, "in_features", 1, 1 << 24, &in)) != PACER_OK ||
      (status = read_int(api, cfg, err, "hidden", 1, 1 << 16, &hidden)) != PACER_OK ||
      (status = read_int(api, cfg, err, "num_classes", 2, 1 << 16, &classes)) != PACER_OK ||
      (status = read_int(api, cfg, err, "init_seed", INT64_MIN, INT64_MAX, &seed)) != PACER_OK)
    return status;
  status = api->cfg_get_f64(cfg, "dropout", &dropout);
  if ((status != PACER_OK && status != PACER_E_NOT_FOUND) || !(dropout >= 0.0 && dropout < 1.0))
    return pacer_fail(api, err, PACER_E_INVALID_ARG, TYPE_NAME, "'dropout' must be a number in [0, 1)");

  example_mlp *m = calloc(1, sizeof *m);
  if (m == NULL) return pacer_fail(api, err, PACER_E_NO_MEMORY, TYPE_NAME, "out of memory");
  *m = (example_mlp){.api = api, .in = in, .hidden = hidden, .classes = classes, .dropout = dropout,
                     .seed = (uint64_t)seed, .w1_shape = {hidden, in}, .b1_shape = {hidden},
                     .w2_shape = {classes, hidden}, .b2_shape = {classes}, .mean_shape = {in}};
  float **arrays[] = {&m->w1, &m->dw1, &m->b1, &m->db1, &m->w2, &m->dw2, &m->b2, &m->db2, &m->input_mean};
  const int64_t sizes[] = {hidden * in, hidden * in, hidden, hidden, classes * hidden, classes * hidden,
                           classes, classes, in};
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
    *arrays[i] = calloc((size_t)sizes[i], sizeof(float));
    if (*arrays[i] == NULL) {
      destroy(m);
      return pacer_fail(api, err, PACER_E_NO_MEMORY, TYPE_NAME, "out of memory for %lld x %lld weights",
                        (long long)hidden, (long long)in);
    }
  }
  /* One stream, seeded with init_seed alone, in a fixed order: fc1, then fc2. */
  uint64_t rng = (uint64_t)seed;
  init_linear(m->w1, m->b1, hidden, in, &rng);
  init_linear(m->w2, m->b2, classes, hidden, &rng);
  *out_self = m;
  return PACER_OK;
}

static const pacer_model_vtable example_vtable = {
    .struct_size = sizeof(pacer_model_vtable),
    .param_count = param_count,
    .param_at = param_at,
    .buffer_count = buffer_count,
    .buffer_at = buffer_at,
    .train_step = train_step,
    .val_step = val_step,
    .save_state = NULL, /* everything a resume needs is in parameters and buffers */
    .load_state = NULL,
};

/* The config keys this model accepts; a 1.1 host refuses any other key,
 * naming the closest of these, before create runs. */
static const pacer_option_desc in_option = {sizeof(pacer_option_desc), PACER_OPTION_INT, "in_features", "784",
                                            "values per sample (28 x 28 = 784 for Fashion-MNIST)"};
static const pacer_option_desc hidden_option = {sizeof(pacer_option_desc), PACER_OPTION_INT, "hidden", "64",
                                                "width of the hidden layer"};
static const pacer_option_desc classes_option = {sizeof(pacer_option_desc), PACER_OPTION_INT, "num_classes", "10",
                                                 "number of classes"};
static const pacer_option_desc dropout_option = {sizeof(pacer_option_desc), PACER_OPTION_FLOAT, "dropout", "0.1",
                                                 "probability of dropping a hidden unit in training"};
static const pacer_option_desc seed_option = {sizeof(pacer_option_desc), PACER_OPTION_INT, "init_seed", "0",
                                              "seeds initial weights and dropout; the host sets it to the run's seed"};
static const pacer_option_desc *const example_options[] = {&in_option, &hidden_option, &classes_option,
                                                           &dropout_option, &seed_option};

static const pacer_plugin_desc example_desc = {
    .struct_size = sizeof(pacer_plugin_desc),
    .kind = PACER_KIND_MODEL,
    .type_name = TYPE_NAME, /* what configs write in type='...' */
    .version = "1.0.0",
    .description = "a one-hidden-layer perceptron in plain C (template)",
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
