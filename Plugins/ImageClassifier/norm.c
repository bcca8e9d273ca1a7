/* BatchNorm1d / BatchNorm2d; see layers.h. Statistics accumulate in double.
 * The whole-batch forward and backward are the split functions in order,
 * which the network runs over slices of a batch on several threads. */
#include <math.h>
#include <string.h>

#include "layers.h"

/* The per-plane loops come in two builds of one body: with AVX2 (chosen
 * by the CPU, so one machine always takes the same path) and at the
 * compiler's baseline. Neither contracts a multiply and an add into an FMA,
 * so both give the same bits. */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

#if defined(__x86_64__)
#define WIDE_TARGET __attribute__((target("avx2,fma")))
#endif

/* Whether the AVX2 builds run; pl_batchnorm_narrow_only turns them off. */
static int narrow_only = 0;

void pl_batchnorm_narrow_only(int narrow) { narrow_only = narrow; }

static int wide_vectors(void) {
#if defined(__x86_64__)
  return !narrow_only && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return 0;
#endif
}

/* Sums over a plane in eight interleaved double accumulators, added up in
 * a fixed order at the end: independent chains vectorise, where a single
 * running double waits out each addition's latency. */
enum { LANES = 8 };

static double total_of(const double *acc) {
  return ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
}

/* The sum of d = x - shift and of d^2 over a plane, in one read. */
static inline __attribute__((always_inline)) void moments_of(const float *restrict p, size_t count, double shift,
                                                             double *sum, double *squares) {
  double a[LANES] = {0}, b[LANES] = {0};
  const size_t blocks = count / LANES;
  for (size_t k = 0; k < blocks; k++)
    for (int j = 0; j < LANES; j++) {
      const double d = (double)p[k * LANES + j] - shift;
      a[j] += d;
      b[j] += d * d;
    }
  for (size_t i = blocks * LANES; i < count; i++) {
    const double d = (double)p[i] - shift;
    a[i % LANES] += d;
    b[i % LANES] += d * d;
  }
  *sum += total_of(a);
  *squares += total_of(b);
}

static void plane_moments(const float *p, size_t count, double shift, double *sum, double *squares) {
  moments_of(p, count, shift, sum, squares);
}

#if defined(__x86_64__)
WIDE_TARGET static void plane_moments_wide(const float *p, size_t count, double shift, double *sum,
                                           double *squares) {
  moments_of(p, count, shift, sum, squares);
}
#endif

/* q = p * scale + shift over a plane, or with `relu` max(that, 0). */
static inline __attribute__((always_inline)) void normalised_of(const float *restrict p, float *restrict q,
                                                                size_t count, float scale, float shift,
                                                                const int relu) {
  for (size_t i = 0; i < count; i++) {
    const float v = p[i] * scale + shift;
    q[i] = relu ? (v > 0.0f ? v : 0.0f) : v;
  }
}

static void plane_normalised(const float *p, float *q, size_t count, float scale, float shift, int relu) {
  if (relu)
    normalised_of(p, q, count, scale, shift, 1);
  else
    normalised_of(p, q, count, scale, shift, 0);
}

#if defined(__x86_64__)
WIDE_TARGET static void plane_normalised_wide(const float *p, float *q, size_t count, float scale, float shift,
                                              int relu) {
  if (relu)
    normalised_of(p, q, count, scale, shift, 1);
  else
    normalised_of(p, q, count, scale, shift, 0);
}
#endif

/* The gradient g a plane's loops take: dy itself (PL_BN_NO_RELU), or dy
 * where the ReLU after the BatchNorm passed its input, as relu_y > 0
 * (PL_BN_RELU_GIVEN) or as x * relu_scale + relu_shift > 0, the apply's
 * own value recomputed to the bit (PL_BN_RELU_OWN). dy is read
 * unconditionally and `relu` is a constant where this is inlined, so the
 * loops vectorise. */
static inline __attribute__((always_inline)) float
masked_of(const float *restrict x, const float *restrict dy, const float *restrict relu_y, size_t i,
          float relu_scale, float relu_shift, const int relu) {
  const float d = dy[i];
  if (relu == PL_BN_RELU_GIVEN) return relu_y[i] > 0.0f ? d : 0.0f;
  if (relu == PL_BN_RELU_OWN) return x[i] * relu_scale + relu_shift > 0.0f ? d : 0.0f;
  return d;
}

/* The plane arguments of the loops below. */
typedef struct plane_args {
  const float *x, *dy, *relu_y;
  float *dx;
  size_t count;
  float mean, invstd, relu_scale, relu_shift;
} plane_args;

/* sum of g and of g * (x - mean) * invstd over a plane, g as masked_of. */
static inline __attribute__((always_inline)) void grad_sums_of(const plane_args *p, double *sum_g,
                                                               double *sum_g_xhat, const int relu) {
  const float *restrict x = p->x, *restrict dy = p->dy, *restrict relu_y = p->relu_y;
  const float mean = p->mean, invstd = p->invstd, relu_scale = p->relu_scale, relu_shift = p->relu_shift;
  double a[LANES] = {0}, b[LANES] = {0};
  const size_t blocks = p->count / LANES;
  for (size_t k = 0; k < blocks; k++)
    for (int j = 0; j < LANES; j++) {
      const size_t i = k * LANES + j;
      const float g = masked_of(x, dy, relu_y, i, relu_scale, relu_shift, relu);
      a[j] += g;
      b[j] += (double)g * (double)((x[i] - mean) * invstd);
    }
  for (size_t i = blocks * LANES; i < p->count; i++) {
    const float g = masked_of(x, dy, relu_y, i, relu_scale, relu_shift, relu);
    a[i % LANES] += g;
    b[i % LANES] += (double)g * (double)((x[i] - mean) * invstd);
  }
  *sum_g += total_of(a);
  *sum_g_xhat += total_of(b);
}

#define GRAD_SUMS_CASES                                                                                              \
  if (relu == PL_BN_RELU_GIVEN)                                                                                      \
    grad_sums_of(p, sum_g, sum_g_xhat, PL_BN_RELU_GIVEN);                                                            \
  else if (relu == PL_BN_RELU_OWN)                                                                                   \
    grad_sums_of(p, sum_g, sum_g_xhat, PL_BN_RELU_OWN);                                                              \
  else                                                                                                               \
    grad_sums_of(p, sum_g, sum_g_xhat, PL_BN_NO_RELU);

static void plane_grad_sums(const plane_args *p, int relu, double *sum_g, double *sum_g_xhat) { GRAD_SUMS_CASES }

#if defined(__x86_64__)
WIDE_TARGET static void plane_grad_sums_wide(const plane_args *p, int relu, double *sum_g, double *sum_g_xhat) {
  GRAD_SUMS_CASES
}
#endif
#undef GRAD_SUMS_CASES

/* The input gradient over a plane: scale * (g - mean_dy - (x - mean) *
 * invstd * mean_dy_xhat), g as masked_of, stored into dx with `overwrite`
 * else added. */
static inline __attribute__((always_inline)) void grad_of(const plane_args *p, float scale, float mean_dy,
                                                          float mean_dy_xhat, const int relu, const int overwrite) {
  const float *restrict x = p->x, *restrict dy = p->dy, *restrict relu_y = p->relu_y;
  float *restrict dx = p->dx;
  const float mean = p->mean, invstd = p->invstd, relu_scale = p->relu_scale, relu_shift = p->relu_shift;
  for (size_t i = 0; i < p->count; i++) {
    const float g = masked_of(x, dy, relu_y, i, relu_scale, relu_shift, relu);
    const float v = scale * (g - mean_dy - (x[i] - mean) * invstd * mean_dy_xhat);
    dx[i] = overwrite ? v : dx[i] + v;
  }
}

#define GRAD_CASES                                                                                                   \
  if (relu == PL_BN_RELU_GIVEN && overwrite)                                                                         \
    grad_of(p, scale, mean_dy, mean_dy_xhat, PL_BN_RELU_GIVEN, 1);                                                   \
  else if (relu == PL_BN_RELU_GIVEN)                                                                                 \
    grad_of(p, scale, mean_dy, mean_dy_xhat, PL_BN_RELU_GIVEN, 0);                                                   \
  else if (relu == PL_BN_RELU_OWN && overwrite)                                                                      \
    grad_of(p, scale, mean_dy, mean_dy_xhat, PL_BN_RELU_OWN, 1);                                                     \
  else if (relu == PL_BN_RELU_OWN)                                                                                   \
    grad_of(p, scale, mean_dy, mean_dy_xhat, PL_BN_RELU_OWN, 0);                                                     \
  else if (overwrite)                                                                                                \
    grad_of(p, scale, mean_dy, mean_dy_xhat, PL_BN_NO_RELU, 1);                                                      \
  else                                                                                                               \
    grad_of(p, scale, mean_dy, mean_dy_xhat, PL_BN_NO_RELU, 0);

static void plane_grad(const plane_args *p, int relu, float scale, float mean_dy, float mean_dy_xhat,
                       int overwrite) {
  GRAD_CASES
}

#if defined(__x86_64__)
WIDE_TARGET static void plane_grad_wide(const plane_args *p, int relu, float scale, float mean_dy,
                                        float mean_dy_xhat, int overwrite) {
  GRAD_CASES
}
#endif
#undef GRAD_CASES

void pl_batchnorm_shift(const pl_batchnorm *l, const float *batch, int hw, double *shift) {
  for (int c = 0; c < l->c; c++) shift[c] = (double)batch[(size_t)c * hw];
}

void pl_batchnorm_moments(const pl_batchnorm *l, const float *x, int n, int hw, const double *shift, double *sum,
                          double *squares) {
  const size_t plane = (size_t)hw, image = (size_t)l->c * plane;
#if defined(__x86_64__)
  void (*moments)(const float *, size_t, double, double *, double *) =
      wide_vectors() ? plane_moments_wide : plane_moments;
#else
  void (*moments)(const float *, size_t, double, double *, double *) = plane_moments;
#endif
  for (int c = 0; c < l->c; c++) {
    double a = 0.0, b = 0.0;
    for (int s = 0; s < n; s++) moments(x + s * image + (size_t)c * plane, plane, shift[c], &a, &b);
    sum[c] = a;
    squares[c] = b;
  }
}

void pl_batchnorm_statistics(pl_batchnorm *l, const double *shift, const double *sum, const double *squares,
                             double count, int training, int update, float *use_mean, float *use_invstd) {
  for (int c = 0; c < l->c; c++) {
    if (training) {
      /* around the shift: squares about the mean = squares - sum^2 / count */
      const double offset = sum[c] / count, mean = shift[c] + offset;
      const double centred = squares[c] - offset * sum[c], deviations = centred > 0.0 ? centred : 0.0;
      const double var = deviations / count;
      use_mean[c] = (float)mean;
      use_invstd[c] = (float)(1.0 / sqrt(var + (double)l->eps));
      if (update) {
        const double unbiased = count > 1 ? deviations / (count - 1) : var;
        l->running_mean[c] = (1.0f - l->momentum) * l->running_mean[c] + l->momentum * (float)mean;
        l->running_var[c] = (1.0f - l->momentum) * l->running_var[c] + l->momentum * (float)unbiased;
      }
    } else {
      use_mean[c] = l->running_mean[c];
      use_invstd[c] = (float)(1.0 / sqrt((double)l->running_var[c] + (double)l->eps));
    }
  }
  if (training && update) l->batches_tracked++;
}

/* The apply's scale and shift for channel c: y = x * scale + shift. */
static void scale_and_shift(const pl_batchnorm *l, const float *mean, const float *invstd, int c, float *scale,
                            float *shift) {
  *scale = l->w[c] * invstd[c];
  *shift = l->b[c] - mean[c] * *scale;
}

void pl_batchnorm_apply(const pl_batchnorm *l, const float *mean, const float *invstd, const float *x, float *y,
                        int n, int hw, int relu) {
  const size_t plane = (size_t)hw, image = (size_t)l->c * plane;
#if defined(__x86_64__)
  void (*normalised)(const float *, float *, size_t, float, float, int) =
      wide_vectors() ? plane_normalised_wide : plane_normalised;
#else
  void (*normalised)(const float *, float *, size_t, float, float, int) = plane_normalised;
#endif
  for (int c = 0; c < l->c; c++) {
    float scale, shift;
    scale_and_shift(l, mean, invstd, c, &scale, &shift);
    for (int s = 0; s < n; s++)
      normalised(x + s * image + (size_t)c * plane, y + s * image + (size_t)c * plane, plane, scale, shift, relu);
  }
}

void pl_batchnorm_forward(pl_batchnorm *l, const float *x, float *y, int n, int hw, int training) {
  const double count = (double)n * (double)hw;
  double shift[l->c > 0 ? l->c : 1], sums[l->c > 0 ? l->c : 1], squares[l->c > 0 ? l->c : 1];
  if (training) {
    pl_batchnorm_shift(l, x, hw, shift);
    pl_batchnorm_moments(l, x, n, hw, shift, sums, squares);
  }
  pl_batchnorm_statistics(l, shift, sums, squares, count, training, 1, l->mean, l->invstd);
  pl_batchnorm_apply(l, l->mean, l->invstd, x, y, n, hw, 0);
}

void pl_batchnorm_grad_sums(const pl_batchnorm *l, const float *x, const float *dy, int relu, const float *relu_y,
                            int n, int hw, double *sum_dy, double *sum_dy_xhat) {
  const size_t plane = (size_t)hw, image = (size_t)l->c * plane;
#if defined(__x86_64__)
  void (*sums)(const plane_args *, int, double *, double *) = wide_vectors() ? plane_grad_sums_wide : plane_grad_sums;
#else
  void (*sums)(const plane_args *, int, double *, double *) = plane_grad_sums;
#endif
  for (int c = 0; c < l->c; c++) {
    plane_args p = {.count = plane, .mean = l->mean[c], .invstd = l->invstd[c]};
    scale_and_shift(l, l->mean, l->invstd, c, &p.relu_scale, &p.relu_shift);
    double a = 0.0, b = 0.0;
    for (int s = 0; s < n; s++) {
      const size_t at = s * image + (size_t)c * plane;
      p.x = x + at, p.dy = dy + at, p.relu_y = relu == PL_BN_RELU_GIVEN ? relu_y + at : NULL;
      sums(&p, relu, &a, &b);
    }
    sum_dy[c] = a;
    sum_dy_xhat[c] = b;
  }
}

void pl_batchnorm_grad_apply(const pl_batchnorm *l, const double *sum_dy, const double *sum_dy_xhat,
                             double count, const float *x, const float *dy, int relu, const float *relu_y, float *dx,
                             int n, int hw, int training, int overwrite) {
  const size_t plane = (size_t)hw, image = (size_t)l->c * plane;
#if defined(__x86_64__)
  void (*grad)(const plane_args *, int, float, float, float, int) = wide_vectors() ? plane_grad_wide : plane_grad;
#else
  void (*grad)(const plane_args *, int, float, float, float, int) = plane_grad;
#endif
  for (int c = 0; c < l->c; c++) {
    plane_args p = {.count = plane, .mean = l->mean[c], .invstd = l->invstd[c]};
    scale_and_shift(l, l->mean, l->invstd, c, &p.relu_scale, &p.relu_shift);
    const float scale = l->w[c] * p.invstd;
    /* Training: dx = gamma invstd (dy - mean(dy) - xhat mean(dy xhat)),
     * since the batch statistics depend on x. Eval: dx = gamma invstd dy.
     * With a ReLU, dy counts only where it passed its input. */
    const float mean_dy = training ? (float)(sum_dy[c] / count) : 0.0f;
    const float mean_dy_xhat = training ? (float)(sum_dy_xhat[c] / count) : 0.0f;
    for (int s = 0; s < n; s++) {
      const size_t at = s * image + (size_t)c * plane;
      p.x = x + at, p.dy = dy + at, p.dx = dx + at, p.relu_y = relu == PL_BN_RELU_GIVEN ? relu_y + at : NULL;
      grad(&p, relu, scale, mean_dy, mean_dy_xhat, overwrite);
    }
  }
}

void pl_batchnorm_backward(const pl_batchnorm *l, const float *x, const float *dy, float *dx, int n, int hw,
                           int training) {
  double sum_dy[l->c > 0 ? l->c : 1], sum_dy_xhat[l->c > 0 ? l->c : 1];
  pl_batchnorm_grad_sums(l, x, dy, PL_BN_NO_RELU, NULL, n, hw, sum_dy, sum_dy_xhat);
  for (int c = 0; c < l->c; c++) {
    l->gb[c] = (float)sum_dy[c];
    l->gw[c] = (float)sum_dy_xhat[c];
  }
  if (dx != NULL)
    pl_batchnorm_grad_apply(l, sum_dy, sum_dy_xhat, (double)n * (double)hw, x, dy, PL_BN_NO_RELU, NULL, dx, n, hw,
                            training, 0);
}
