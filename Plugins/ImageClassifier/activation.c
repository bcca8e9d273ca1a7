/* ReLU, ReLU6, Tanh, Sigmoid and GELU; see layers.h. */
#include <math.h>

#include "layers.h"

void pl_activation_forward(int kind, const float *restrict x, float *restrict y, size_t count) {
  switch (kind) {
  case PL_RELU:
    for (size_t i = 0; i < count; i++) y[i] = x[i] > 0.0f ? x[i] : 0.0f;
    break;
  case PL_RELU6:
    for (size_t i = 0; i < count; i++) y[i] = x[i] < 0.0f ? 0.0f : (x[i] > 6.0f ? 6.0f : x[i]);
    break;
  case PL_TANH:
    for (size_t i = 0; i < count; i++) y[i] = tanhf(x[i]);
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
                            float *restrict dx, size_t count) {
  switch (kind) {
  case PL_RELU:
    for (size_t i = 0; i < count; i++) dx[i] += x[i] > 0.0f ? dy[i] : 0.0f;
    break;
  case PL_RELU6:
    for (size_t i = 0; i < count; i++) dx[i] += x[i] > 0.0f && x[i] < 6.0f ? dy[i] : 0.0f;
    break;
  case PL_TANH:
    for (size_t i = 0; i < count; i++) dx[i] += dy[i] * (1.0f - y[i] * y[i]);
    break;
  case PL_SIGMOID:
    for (size_t i = 0; i < count; i++) dx[i] += dy[i] * y[i] * (1.0f - y[i]);
    break;
  case PL_GELU: {
    const float density = 0.39894228040143268f; /* 1 / sqrt(2 pi) */
    for (size_t i = 0; i < count; i++) {
      const float cdf = 0.5f * (1.0f + erff(x[i] * 0.70710678118654752f));
      dx[i] += dy[i] * (cdf + x[i] * density * expf(-0.5f * x[i] * x[i]));
    }
    break;
  }
  default:
    break;
  }
}
