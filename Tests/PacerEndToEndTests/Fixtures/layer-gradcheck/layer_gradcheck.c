/*
 * Gradient checks of every layer of Plugins/ImageClassifier against central
 * differences, built from the plugin's own sources and run by
 * LayerGradientCheckTests.
 *
 * For each case: a random input and parameters, a random projection r, and
 * the scalar L = sum(r * y) accumulated in double. The backward pass runs
 * with dy = r; each input and parameter gradient entry (all of them, or an
 * evenly spread 40 of a larger tensor) must match (L(v + h) - L(v - h)) / 2h.
 * Piecewise-linear layers (ReLU, ReLU6, max pooling) skip entries within h
 * of a kink, where the one-sided differences disagree: at most one in ten.
 *
 * Prints one line per case, "ok <case> <checked> <skipped>" or
 * "FAIL <case> ...", and exits 1 when any case failed.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layers.h"

enum { MAX_PROBES = 4 };

typedef struct probe {
  const char *name;
  float *value, *grad;
  size_t count;
} probe;

typedef struct layer_case {
  const char *name;
  void (*forward)(struct layer_case *);
  void (*backward)(struct layer_case *); /* dy = r; zeroes its dx first */
  void *layer;
  int n, hw, training;
  float *x, *dx, *y, *r;
  size_t x_count, y_count;
  int piecewise;
  int overwrite; /* the backward stores dx (over 1e30) instead of adding into zeros */
  probe probes[MAX_PROBES];
  int probe_count;
  uint64_t dropout_seed, dropout_stream;
  uint8_t *mask;
  float p;
} layer_case;

static uint64_t rng = 42;
static int failures = 0;

static float *random_floats(size_t count, float bound) {
  float *v = malloc(sizeof(float) * (count ? count : 1));
  for (size_t i = 0; i < count; i++) v[i] = pl_uniform(&rng, bound);
  return v;
}

static float *zeros(size_t count) { return calloc(count ? count : 1, sizeof(float)); }

static double loss(layer_case *c) {
  c->forward(c);
  double sum = 0.0;
  for (size_t i = 0; i < c->y_count; i++) sum += (double)c->y[i] * (double)c->r[i];
  return sum;
}

static void add_probe(layer_case *c, const char *name, float *value, float *grad, size_t count) {
  c->probes[c->probe_count++] = (probe){name, value, grad, count};
}

/* Allocates x, dx, y and r and registers x as the first probe. */
static void setup(layer_case *c, const char *name, size_t x_count, size_t y_count, float bound) {
  c->name = name;
  c->x_count = x_count;
  c->y_count = y_count;
  c->x = random_floats(x_count, bound);
  c->dx = zeros(x_count);
  c->y = zeros(y_count);
  c->r = random_floats(y_count, 1.0f);
  add_probe(c, "x", c->x, c->dx, x_count);
}

static void check(layer_case *c) {
  const float h = 1e-2f;
  c->forward(c);
  c->backward(c);
  int checked = 0, skipped = 0, bad = 0;
  for (int p = 0; p < c->probe_count; p++) {
    probe *pr = &c->probes[p];
    float *analytic = malloc(sizeof(float) * pr->count);
    memcpy(analytic, pr->grad, sizeof(float) * pr->count);
    const size_t stride = pr->count > 40 ? pr->count / 40 : 1;
    for (size_t i = 0; i < pr->count; i += stride) {
      const float saved = pr->value[i];
      const double base = loss(c);
      pr->value[i] = saved + h;
      const double up = loss(c);
      pr->value[i] = saved - h;
      const double down = loss(c);
      pr->value[i] = saved;
      if (c->piecewise && fabs((up - base) - (base - down)) / h > 1e-2 + 0.05 * fabs(up - down) / (2 * h)) {
        skipped++;
        continue;
      }
      checked++;
      const double numeric = (up - down) / (2.0 * h), expected = analytic[i];
      if (fabs(numeric - expected) > 5e-3 + 1e-2 * fabs(expected)) {
        if (bad++ < 5)
          printf("FAIL %s %s[%zu]: backward %.6f, central difference %.6f\n", c->name, pr->name, i, expected,
                 numeric);
      }
    }
    free(analytic);
  }
  if (bad == 0 && skipped * 10 <= checked && checked > 0) {
    printf("ok %s %d %d\n", c->name, checked, skipped);
  } else {
    if (bad == 0) printf("FAIL %s: %d checked, %d skipped at kinks\n", c->name, checked, skipped);
    failures++;
  }
}

/* dx before the backward of a conv, activation or average-pooling case:
 * zero to add into, or, for an overwriting case (which passes overwrite, a
 * conv's overwrite_dx), huge values the backward must replace. */
static void clear_dx(layer_case *c) {
  for (size_t i = 0; i < c->x_count; i++) c->dx[i] = c->overwrite ? 1e30f : 0.0f;
}

/* ---- Conv2d ------------------------------------------------------------ */

static void conv_forward(layer_case *c) { pl_conv2d_forward(c->layer, c->x, c->y, c->n); }
static void conv_backward(layer_case *c) {
  pl_conv2d *l = c->layer;
  clear_dx(c);
  l->overwrite_dx = c->overwrite;
  pl_conv2d_backward(l, c->x, c->r, c->dx, c->n);
}

/* chunk: images per product (0: as many as fit, which is all of these). */
static void conv_case(const char *name, int n, int in_c, int out_c, int h, int w, int kh, int kw, int sh, int sw,
                      int ph, int pw, int dh, int dw, int groups, int bias, int chunk, int overwrite) {
  pl_conv2d *l = calloc(1, sizeof *l);
  *l = (pl_conv2d){.in_c = in_c, .out_c = out_c, .kh = kh, .kw = kw, .stride_h = sh, .stride_w = sw,
                   .pad_h = ph, .pad_w = pw, .dil_h = dh, .dil_w = dw, .groups = groups, .has_bias = bias};
  if (pl_conv2d_shape(l, h, w, n) != 0) {
    printf("FAIL %s: empty output\n", name);
    failures++;
    return;
  }
  const size_t wn = pl_conv2d_weight_floats(l);
  l->w = random_floats(wn, 0.5f);
  l->gw = zeros(wn);
  if (bias) {
    l->b = random_floats((size_t)out_c, 0.5f);
    l->gb = zeros((size_t)out_c);
  }
  if (chunk > 0) l->chunk = chunk;
  l->col = zeros(pl_conv2d_col_floats(l));
  l->yt = zeros(pl_conv2d_out_floats(l));
  layer_case c = {.forward = conv_forward, .backward = conv_backward, .layer = l, .n = n, .overwrite = overwrite};
  setup(&c, name, (size_t)n * in_c * h * w, (size_t)n * out_c * l->out_h * l->out_w, 1.0f);
  add_probe(&c, "weight", l->w, l->gw, wn);
  if (bias) add_probe(&c, "bias", l->b, l->gb, (size_t)out_c);
  check(&c);
}

/* ---- BatchNorm ----------------------------------------------------------- */

static void bn_forward(layer_case *c) { pl_batchnorm_forward(c->layer, c->x, c->y, c->n, c->hw, c->training); }
static void bn_backward(layer_case *c) {
  memset(c->dx, 0, sizeof(float) * c->x_count);
  pl_batchnorm_backward(c->layer, c->x, c->r, c->dx, c->n, c->hw, c->training);
}

static void bn_case(const char *name, int n, int channels, int hw, int training) {
  pl_batchnorm *l = calloc(1, sizeof *l);
  l->c = channels;
  l->eps = 1e-5f;
  l->momentum = 0.1f;
  l->w = random_floats((size_t)channels, 1.0f);
  l->b = random_floats((size_t)channels, 1.0f);
  l->gw = zeros((size_t)channels);
  l->gb = zeros((size_t)channels);
  l->running_mean = random_floats((size_t)channels, 0.5f);
  l->running_var = random_floats((size_t)channels, 0.5f);
  for (int i = 0; i < channels; i++) l->running_var[i] += 1.0f;
  l->mean = zeros((size_t)channels);
  l->invstd = zeros((size_t)channels);
  layer_case c = {.forward = bn_forward, .backward = bn_backward, .layer = l, .n = n, .hw = hw,
                  .training = training};
  setup(&c, name, (size_t)n * channels * hw, (size_t)n * channels * hw, 2.0f);
  add_probe(&c, "weight", l->w, l->gw, (size_t)channels);
  add_probe(&c, "bias", l->b, l->gb, (size_t)channels);
  check(&c);
}

/* BatchNorm's AVX2 loops against its baseline ones (pl_batchnorm_narrow_only):
 * the same bits for a forward in training and the backward's parts through
 * a given ReLU, through its own fused ReLU and without one, stored and
 * added, over planes whose size leaves every vector remainder. Where the
 * CPU has no AVX2 both runs take the baseline path. And on each path, the
 * backward through its own ReLU (the mask recomputed from x) gives the
 * bits of the backward through that ReLU's output read as a given one. */
static void bn_paths_case(const char *name, int n, int channels, int hw) {
  const size_t count = (size_t)n * channels * hw, c = (size_t)channels;
  float *x = random_floats(count, 2.0f), *dy = random_floats(count, 1.0f), *relu_y = random_floats(count, 1.0f);
  float *dx_start = random_floats(count, 1.0f), *w = random_floats(c, 1.0f), *b = random_floats(c, 1.0f);
  float *own_y = zeros(count);
  for (size_t i = 0; i < count; i++) relu_y[i] = relu_y[i] > 0.0f ? relu_y[i] : 0.0f;
  /* per path: y, dx stored through the given ReLU, dx added without one, dx stored and added through its own
   * ReLU, the same through that ReLU's output given, mean, invstd, running mean and var; 8 sums */
  enum { OUTS = 11, TENSORS = 7 };
  float *out[2][OUTS];
  double *sums[2];
  int own_matches_given = 1;
  for (int narrow = 0; narrow < 2; narrow++) {
    pl_batchnorm_narrow_only(narrow);
    pl_batchnorm l = {.c = channels, .eps = 1e-5f, .momentum = 0.1f, .w = w, .b = b};
    for (int k = 0; k < OUTS; k++) out[narrow][k] = zeros(k < TENSORS ? count : c);
    l.mean = out[narrow][7], l.invstd = out[narrow][8], l.running_mean = out[narrow][9];
    l.running_var = out[narrow][10];
    for (size_t k = 0; k < c; k++) l.running_var[k] = 1.0f;
    float gw[channels], gb[channels];
    l.gw = gw, l.gb = gb;
    pl_batchnorm_forward(&l, x, out[narrow][0], n, hw, 1);
    pl_batchnorm_apply(&l, l.mean, l.invstd, x, own_y, n, hw, 1);
    double *s = sums[narrow] = calloc(8 * c, sizeof(double));
    const double values = (double)n * hw;
    pl_batchnorm_grad_sums(&l, x, dy, PL_BN_RELU_GIVEN, relu_y, n, hw, s, s + c);
    pl_batchnorm_grad_sums(&l, x, dy, PL_BN_NO_RELU, NULL, n, hw, s + 2 * c, s + 3 * c);
    pl_batchnorm_grad_sums(&l, x, dy, PL_BN_RELU_OWN, NULL, n, hw, s + 4 * c, s + 5 * c);
    pl_batchnorm_grad_sums(&l, x, dy, PL_BN_RELU_GIVEN, own_y, n, hw, s + 6 * c, s + 7 * c);
    pl_batchnorm_grad_apply(&l, s, s + c, values, x, dy, PL_BN_RELU_GIVEN, relu_y, out[narrow][1], n, hw, 1, 1);
    memcpy(out[narrow][2], dx_start, sizeof(float) * count);
    pl_batchnorm_grad_apply(&l, s + 2 * c, s + 3 * c, values, x, dy, PL_BN_NO_RELU, NULL, out[narrow][2], n, hw, 1,
                            0);
    for (int k = 3; k < TENSORS; k++) memcpy(out[narrow][k], dx_start, sizeof(float) * count);
    pl_batchnorm_grad_apply(&l, s + 4 * c, s + 5 * c, values, x, dy, PL_BN_RELU_OWN, NULL, out[narrow][3], n, hw, 1,
                            1);
    pl_batchnorm_grad_apply(&l, s + 4 * c, s + 5 * c, values, x, dy, PL_BN_RELU_OWN, NULL, out[narrow][4], n, hw, 1,
                            0);
    pl_batchnorm_grad_apply(&l, s + 6 * c, s + 7 * c, values, x, dy, PL_BN_RELU_GIVEN, own_y, out[narrow][5], n, hw,
                            1, 1);
    pl_batchnorm_grad_apply(&l, s + 6 * c, s + 7 * c, values, x, dy, PL_BN_RELU_GIVEN, own_y, out[narrow][6], n, hw,
                            1, 0);
    own_matches_given &= memcmp(s + 4 * c, s + 6 * c, 2 * c * sizeof(double)) == 0;
    own_matches_given &= memcmp(out[narrow][3], out[narrow][5], sizeof(float) * count) == 0;
    own_matches_given &= memcmp(out[narrow][4], out[narrow][6], sizeof(float) * count) == 0;
  }
  pl_batchnorm_narrow_only(0);
  int same = memcmp(sums[0], sums[1], 8 * c * sizeof(double)) == 0;
  for (int k = 0; k < OUTS; k++) same &= memcmp(out[0][k], out[1][k], sizeof(float) * (k < TENSORS ? count : c)) == 0;
  if (same && own_matches_given) {
    printf("ok %s %zu 0\n", name, 7 * count + 12 * c);
  } else {
    printf("FAIL %s: %s\n", name,
           !same ? "the AVX2 and baseline loops differ" : "its own ReLU's mask differs from that ReLU's output");
    failures++;
  }
}

/* A training forward's statistics of channels far from zero with a small
 * spread (x = offset + u, offset up to 1e4, |u| <= 0.01) against a
 * two-pass reference in double: the moments, summed around a value of the
 * channel's own, keep the variance's digits (summed around zero they would
 * lose about six of them here). */
static void bn_far_from_zero_case(const char *name, int n, int channels, int hw) {
  const size_t plane = (size_t)hw, count = (size_t)n * channels * hw;
  float *x = random_floats(count, 0.01f), *y = zeros(count);
  for (int s = 0; s < n; s++)
    for (int c = 0; c < channels; c++)
      for (size_t i = 0; i < plane; i++) x[((size_t)s * channels + c) * plane + i] += 1e4f / (float)(c + 1);
  pl_batchnorm l = {.c = channels, .eps = 0.0f, .momentum = 0.1f};
  l.w = zeros((size_t)channels), l.b = zeros((size_t)channels), l.mean = zeros((size_t)channels);
  l.invstd = zeros((size_t)channels), l.running_mean = zeros((size_t)channels);
  l.running_var = zeros((size_t)channels);
  pl_batchnorm_forward(&l, x, y, n, hw, 1);
  int bad = 0;
  for (int c = 0; c < channels; c++) {
    double mean = 0.0, squares = 0.0;
    for (int s = 0; s < n; s++)
      for (size_t i = 0; i < plane; i++) mean += x[((size_t)s * channels + c) * plane + i];
    mean /= (double)n * hw;
    for (int s = 0; s < n; s++)
      for (size_t i = 0; i < plane; i++) {
        const double d = x[((size_t)s * channels + c) * plane + i] - mean;
        squares += d * d;
      }
    const double invstd = 1.0 / sqrt(squares / ((double)n * hw));
    if (fabs(l.mean[c] - mean) > 1e-6 * fabs(mean) || fabs(l.invstd[c] - invstd) > 1e-6 * invstd) {
      if (bad++ < 5)
        printf("FAIL %s channel %d: mean %.9g invstd %.9g, two-pass %.9g %.9g\n", name, c, l.mean[c], l.invstd[c],
               mean, invstd);
    }
  }
  if (bad == 0) {
    printf("ok %s %d 0\n", name, 2 * channels);
  } else {
    failures++;
  }
}

/* ---- Linear -------------------------------------------------------------- */

static void linear_forward(layer_case *c) { pl_linear_forward(c->layer, c->x, c->y, c->n); }
static void linear_backward(layer_case *c) {
  memset(c->dx, 0, sizeof(float) * c->x_count);
  pl_linear_backward(c->layer, c->x, c->r, c->dx, c->n);
}

static void linear_case(const char *name, int n, int in, int out, int bias) {
  pl_linear *l = calloc(1, sizeof *l);
  *l = (pl_linear){.in = in, .out = out, .has_bias = bias};
  l->w = random_floats((size_t)in * out, 0.5f);
  l->gw = zeros((size_t)in * out);
  if (bias) {
    l->b = random_floats((size_t)out, 0.5f);
    l->gb = zeros((size_t)out);
  }
  layer_case c = {.forward = linear_forward, .backward = linear_backward, .layer = l, .n = n};
  setup(&c, name, (size_t)n * in, (size_t)n * out, 1.0f);
  add_probe(&c, "weight", l->w, l->gw, (size_t)in * out);
  if (bias) add_probe(&c, "bias", l->b, l->gb, (size_t)out);
  check(&c);
}

/* ---- Activations ---------------------------------------------------------- */

static void act_forward(layer_case *c) { pl_activation_forward(c->n, c->x, c->y, c->x_count); }
static void act_backward(layer_case *c) {
  clear_dx(c);
  pl_activation_backward(c->n, c->x, c->y, c->r, c->dx, c->x_count, c->overwrite);
}

static void activation_case(const char *name, int kind, int piecewise, int overwrite) {
  layer_case c = {.forward = act_forward, .backward = act_backward, .n = kind, .piecewise = piecewise,
                  .overwrite = overwrite};
  setup(&c, name, 53, 53, 8.0f);
  check(&c);
}

/* ---- Pooling ---------------------------------------------------------------- */

static void max_forward(layer_case *c) { pl_maxpool2d_forward(c->layer, c->x, c->y, c->n); }
static void max_backward(layer_case *c) {
  memset(c->dx, 0, sizeof(float) * c->x_count);
  pl_maxpool2d_backward(c->layer, c->r, c->dx, c->n);
}
static void avg_forward(layer_case *c) { pl_avgpool2d_forward(c->layer, c->x, c->y, c->n); }
static void avg_backward(layer_case *c) {
  clear_dx(c);
  pl_avgpool2d_backward(c->layer, c->r, c->dx, c->n, c->overwrite);
}

static void pool_case(const char *name, int max, int n, int channels, int h, int w, int k, int s, int p,
                      int overwrite) {
  pl_pool2d *l = calloc(1, sizeof *l);
  *l = (pl_pool2d){.c = channels, .kh = k, .kw = k, .stride_h = s, .stride_w = s, .pad_h = p, .pad_w = p};
  if (pl_pool2d_shape(l, h, w) != 0) {
    printf("FAIL %s: empty output\n", name);
    failures++;
    return;
  }
  const size_t out = (size_t)n * channels * l->out_h * l->out_w;
  l->argmax = calloc(out, sizeof(int32_t));
  layer_case c = {.forward = max ? max_forward : avg_forward, .backward = max ? max_backward : avg_backward,
                  .layer = l, .n = n, .piecewise = max, .overwrite = overwrite};
  if (overwrite && !pl_avgpool2d_tiles(l)) {
    printf("FAIL %s: the windows do not tile the input\n", name);
    failures++;
    return;
  }
  setup(&c, name, (size_t)n * channels * h * w, out, 1.0f);
  check(&c);
}

typedef struct adaptive {
  int nc, in_h, in_w, out_h, out_w;
} adaptive;

static void adaptive_forward(layer_case *c) {
  const adaptive *a = c->layer;
  pl_adaptive_avgpool2d_forward(c->x, c->y, a->nc, a->in_h, a->in_w, a->out_h, a->out_w);
}
static void adaptive_backward(layer_case *c) {
  const adaptive *a = c->layer;
  memset(c->dx, 0, sizeof(float) * c->x_count);
  pl_adaptive_avgpool2d_backward(c->r, c->dx, a->nc, a->in_h, a->in_w, a->out_h, a->out_w);
}

static void adaptive_case(const char *name, int nc, int h, int w, int oh, int ow) {
  adaptive *a = malloc(sizeof *a);
  *a = (adaptive){nc, h, w, oh, ow};
  layer_case c = {.forward = adaptive_forward, .backward = adaptive_backward, .layer = a};
  setup(&c, name, (size_t)nc * h * w, (size_t)nc * oh * ow, 1.0f);
  check(&c);
}

/* ---- Dropout and residual addition ------------------------------------------ */

static void dropout_forward(layer_case *c) {
  c->dropout_stream = c->dropout_seed; /* the same mask for every evaluation of L */
  pl_dropout_forward(c->p, &c->dropout_stream, c->x, c->y, c->mask, c->x_count, c->training);
}
static void dropout_backward(layer_case *c) {
  memset(c->dx, 0, sizeof(float) * c->x_count);
  pl_dropout_backward(c->p, c->mask, c->r, c->dx, c->x_count, c->training);
}

static void dropout_case(const char *name, int training) {
  layer_case c = {.forward = dropout_forward, .backward = dropout_backward, .p = 0.3f, .training = training,
                  .dropout_seed = 7};
  setup(&c, name, 61, 61, 1.0f);
  c.mask = calloc(61, 1);
  check(&c);
  size_t kept = 0;
  for (size_t i = 0; i < 61; i++) kept += c.mask[i];
  if (training && (kept == 0 || kept == 61)) {
    printf("FAIL %s: the mask keeps %zu of 61\n", name, kept);
    failures++;
  }
}

static float *other_addend;
static float *other_grad;
static void add_forward(layer_case *c) { pl_add_forward(c->x, other_addend, c->y, c->x_count); }
static void add_backward(layer_case *c) {
  memset(c->dx, 0, sizeof(float) * c->x_count);
  memset(other_grad, 0, sizeof(float) * c->x_count);
  pl_add_backward(c->r, c->dx, other_grad, c->x_count);
}

static void add_case(void) {
  layer_case c = {.forward = add_forward, .backward = add_backward};
  setup(&c, "residual_add", 29, 29, 1.0f);
  other_addend = random_floats(29, 1.0f);
  other_grad = zeros(29);
  add_probe(&c, "b", other_addend, other_grad, 29);
  check(&c);
}

int main(void) {
  /*        name                                  n  in out  h  w kh kw sh sw ph pw dh dw  g  bias chunk overwrite */
  conv_case("conv2d_odd_stride_pad_dilation_groups", 2, 4, 6, 7, 9, 3, 2, 2, 1, 1, 1, 1, 2, 2, 1, 0, 0);
  conv_case("conv2d_depthwise_stride2_nobias",       3, 3, 3, 5, 5, 3, 3, 2, 2, 1, 1, 1, 1, 3, 0, 0, 0);
  conv_case("conv2d_pointwise",                      2, 5, 3, 4, 3, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0);
  conv_case("conv2d_1x1_stride2_nobias",             2, 3, 4, 5, 5, 1, 1, 2, 2, 0, 0, 1, 1, 1, 0, 0, 0);
  conv_case("conv2d_5x5_lenet",                      1, 2, 3, 9, 9, 5, 5, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0);
  conv_case("conv2d_chunks_of_2_of_5_images",        5, 2, 3, 6, 5, 3, 3, 1, 1, 2, 1, 1, 1, 1, 1, 2, 0);
  conv_case("conv2d_row_blocks_thin_stride2",        2, 16, 3, 40, 38, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 0, 0);
  conv_case("conv2d_row_blocks_openblas",            1, 16, 20, 30, 30, 3, 3, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0);
  conv_case("conv2d_same_size_dilated_chunks",       3, 2, 3, 6, 7, 3, 3, 1, 1, 2, 2, 2, 2, 1, 1, 2, 0);
  conv_case("conv2d_same_size_5x5_narrow",           2, 2, 3, 4, 3, 5, 5, 1, 1, 2, 2, 1, 1, 1, 0, 0, 0);
  conv_case("conv2d_padding_wider_than_input",       2, 2, 2, 2, 3, 3, 3, 1, 1, 2, 3, 1, 1, 1, 1, 1, 0);
  conv_case("conv2d_shifted_dilation_groups_chunks",  5, 4, 6, 9,11, 3, 2, 1, 1, 0, 0, 2, 1, 2, 1, 2, 0);
  conv_case("conv2d_kernel_covers_input",             3, 3, 5, 4, 3, 4, 3, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0);
  conv_case("conv2d_12_filters_stride2_chunks_of_2",  3, 3,12, 6, 5, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 2, 0);
  /* more than 16 filters: OpenBLAS's products on same-size runs, not shifted columns */
  conv_case("conv2d_same_size_dilated_chunks_openblas", 3, 2,17, 6, 7, 3, 3, 1, 1, 2, 2, 2, 2, 1, 1, 2, 0);
  conv_case("conv2d_same_size_5x5_narrow_openblas",  2, 2,17, 4, 3, 5, 5, 1, 1, 2, 2, 1, 1, 1, 0, 0, 0);
  /* same-size layers in OpenBLAS take dx from the flipped weights: groups, more or fewer filters than inputs */
  conv_case("conv2d_flipped_groups_chunks",          3, 6,34, 5, 6, 3, 3, 1, 1, 1, 1, 1, 1, 2, 1, 2, 0);
  conv_case("conv2d_flipped_fewer_filters_row_blocks", 1,40,18,17,16, 3, 3, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0);
  /* overwriting: every path storing its input gradient (overwrite_dx) over a dx of huge values */
  conv_case("conv2d_shifted_padded_overwriting",      5, 4, 6, 9,11, 3, 2, 1, 1, 1, 1, 2, 1, 2, 1, 2, 1);
  conv_case("conv2d_kernel_covers_input_overwriting", 3, 3, 5, 4, 3, 4, 3, 1, 1, 0, 0, 1, 1, 1, 1, 0, 1);
  conv_case("conv2d_padded_planes_chunks_overwriting", 2, 3,20, 7, 6, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 0, 1);
  conv_case("conv2d_same_size_chunks_overwriting",    2, 3,20, 6, 7, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1);
  conv_case("conv2d_row_blocks_overwriting",          1, 4,20,30,30, 3, 3, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1);
  conv_case("conv2d_row_blocks_padded_overwriting",   1, 4,20,33,31, 3, 3, 2, 2, 1, 1, 1, 1, 1, 0, 0, 1);
  conv_case("conv2d_pointwise_wide_overwriting",      2, 5,20,16,16, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 1);
  conv_case("conv2d_flipped_groups_chunks_overwriting", 3, 6,34, 5, 6, 3, 3, 1, 1, 1, 1, 1, 1, 2, 1, 2, 1);
  conv_case("conv2d_flipped_fewer_filters_chunks_overwriting", 4,40,18, 4, 5, 3, 3, 1, 1, 1, 1, 1, 1, 1, 0, 3, 1);
  bn_case("batchnorm2d_train", 3, 4, 15, 1);
  bn_case("batchnorm2d_eval", 3, 4, 15, 0);
  bn_case("batchnorm1d_train", 5, 7, 1, 1);
  bn_case("batchnorm1d_eval", 5, 7, 1, 0);
  /* planes of 37 values: every vector remainder, on the AVX2 loops and the baseline ones */
  bn_case("batchnorm2d_train_odd_planes", 3, 5, 37, 1);
  pl_batchnorm_narrow_only(1);
  bn_case("batchnorm2d_train_odd_planes_narrow", 3, 5, 37, 1);
  bn_case("batchnorm2d_eval_odd_planes_narrow", 3, 5, 37, 0);
  pl_batchnorm_narrow_only(0);
  bn_paths_case("batchnorm2d_avx2_matches_baseline", 3, 5, 37);
  bn_paths_case("batchnorm1d_avx2_matches_baseline", 9, 7, 1);
  bn_far_from_zero_case("batchnorm2d_statistics_far_from_zero", 4, 6, 49);
  linear_case("linear", 3, 11, 5, 1);
  linear_case("linear_nobias", 4, 7, 3, 0);
  activation_case("relu", PL_RELU, 1, 0);
  activation_case("relu6", PL_RELU6, 1, 0);
  activation_case("tanh", PL_TANH, 0, 0);
  activation_case("sigmoid", PL_SIGMOID, 0, 0);
  activation_case("gelu", PL_GELU, 0, 0);
  activation_case("tanh_overwriting", PL_TANH, 0, 1);
  activation_case("relu_overwriting", PL_RELU, 1, 1);
  pool_case("maxpool2d_k3_s2_p1", 1, 2, 3, 7, 7, 3, 2, 1, 0);
  pool_case("maxpool2d_k2_s2_odd", 1, 2, 2, 7, 5, 2, 2, 0, 0);
  pool_case("avgpool2d_k2_s2_odd", 0, 2, 3, 7, 5, 2, 2, 0, 0);
  pool_case("avgpool2d_k3_s2_p1", 0, 1, 2, 6, 7, 3, 2, 1, 0);
  pool_case("avgpool2d_k2_s2_even_overwriting", 0, 2, 3, 6, 4, 2, 2, 0, 1);
  pool_case("avgpool2d_k3_s3_overwriting", 0, 1, 2, 6, 9, 3, 3, 0, 1);
  adaptive_case("adaptive_avgpool2d_global", 6, 7, 5, 1, 1);
  adaptive_case("adaptive_avgpool2d_3x2", 4, 7, 5, 3, 2);
  dropout_case("dropout_train", 1);
  dropout_case("dropout_eval", 0);
  add_case();
  return failures == 0 ? 0 : 1;
}
