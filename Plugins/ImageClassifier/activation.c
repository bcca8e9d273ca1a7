/* ReLU, ReLU6, Tanh, Sigmoid and GELU; see layers.h. */
#include <math.h>

#include "layers.h"

/* tanh without libm, branch-free so loops of it vectorise: a rational
 * function of x (degree 13 over degree 6, the coefficients of Eigen's
 * fast tanh) on x clamped to +-7.905, where it reaches 1 in single
 * precision. Within 6 ulp (3.6e-7) of tanhf on [-12, 12], at a third of
 * the cost of an exponential and a division per branch. */
static inline __attribute__((always_inline)) float fast_tanh(float x) {
  const float c = fminf(fmaxf(x, -7.90531110763549805f), 7.90531110763549805f);
  const float z = c * c;
  float p = -2.76076847742355e-16f;
  p = p * z + 2.00018790482477e-13f;
  p = p * z - 8.60467152213735e-11f;
  p = p * z + 5.12229709037114e-08f;
  p = p * z + 1.48572235717979e-05f;
  p = p * z + 6.37261928875436e-04f;
  p = p * z + 4.89352455891786e-03f;
  float q = 1.19825839466702e-06f;
  q = q * z + 1.18534705686654e-04f;
  q = q * z + 2.26843463243900e-03f;
  q = q * z + 4.89352518554385e-03f;
  return c * p / q;
}

/* tanh over count floats. On x86-64 with AVX2 and FMA (chosen by the CPU,
 * so one machine always takes the same path and gets the same bits) the
 * loop runs 8 wide. */
static void tanh_plain(const float *restrict x, float *restrict y, size_t count) {
  for (size_t i = 0; i < count; i++) y[i] = fast_tanh(x[i]);
}

#if defined(__x86_64__)
__attribute__((target("avx2,fma"))) static void tanh_wide(const float *restrict x, float *restrict y,
                                                          size_t count) {
  for (size_t i = 0; i < count; i++) y[i] = fast_tanh(x[i]);
}
#endif

static void tanh_loop(const float *restrict x, float *restrict y, size_t count) {
#if defined(__x86_64__)
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    tanh_wide(x, y, count);
    return;
  }
#endif
  tanh_plain(x, y, count);
}

void pl_activation_forward(int kind, const float *restrict x, float *restrict y, size_t count) {
  switch (kind) {
  case PL_RELU:
    for (size_t i = 0; i < count; i++) y[i] = x[i] > 0.0f ? x[i] : 0.0f;
    break;
  case PL_RELU6:
    for (size_t i = 0; i < count; i++) y[i] = x[i] < 0.0f ? 0.0f : (x[i] > 6.0f ? 6.0f : x[i]);
    break;
  case PL_TANH:
    tanh_loop(x, y, count);
    break;
  case PL_SIGMOID:
    for (size_t i = 0; i < count; i++) y[i] = 1.0f / (1.0f + expf(-x[i]));
    break;
  case PL_GELU:
    for (size_t i = 0; i < count; i++) y[i] = 0.5f * x[i] * (1.0f + erff(x[i] * 0.70710678118654752f));
    break;
  default:
    break;
  }
}

void pl_activation_backward(int kind, const float *restrict x, const float *restrict y, const float *restrict dy,
                            float *restrict dx, size_t count, int overwrite) {
  /* (each loop is unswitched on overwrite: a written dx is never read) */
  switch (kind) {
  case PL_RELU:
    for (size_t i = 0; i < count; i++) {
      const float g = x[i] > 0.0f ? dy[i] : 0.0f;
      dx[i] = overwrite ? g : dx[i] + g;
    }
    break;
  case PL_RELU6:
    for (size_t i = 0; i < count; i++) {
      const float g = x[i] > 0.0f && x[i] < 6.0f ? dy[i] : 0.0f;
      dx[i] = overwrite ? g : dx[i] + g;
    }
    break;
  case PL_TANH:
    for (size_t i = 0; i < count; i++) {
      const float g = dy[i] * (1.0f - y[i] * y[i]);
      dx[i] = overwrite ? g : dx[i] + g;
    }
    break;
  case PL_SIGMOID:
    for (size_t i = 0; i < count; i++) {
      const float g = dy[i] * y[i] * (1.0f - y[i]);
      dx[i] = overwrite ? g : dx[i] + g;
    }
    break;
  case PL_GELU: {
    const float density = 0.39894228040143268f; /* 1 / sqrt(2 pi) */
    for (size_t i = 0; i < count; i++) {
      const float cdf = 0.5f * (1.0f + erff(x[i] * 0.70710678118654752f));
      const float g = dy[i] * (cdf + x[i] * density * expf(-0.5f * x[i] * x[i]));
      dx[i] = overwrite ? g : dx[i] + g;
    }
    break;
  }
  default:
    break;
  }
}
