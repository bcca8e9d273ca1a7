/* Residual addition, alone or with the ReLU after it; see layers.h. */
#include "layers.h"

void pl_add_forward(const float *restrict a, const float *restrict b, float *restrict y, size_t count) {
  for (size_t i = 0; i < count; i++) y[i] = a[i] + b[i];
}

void pl_add_relu_forward(const float *restrict a, const float *restrict b, float *restrict y, size_t count) {
  for (size_t i = 0; i < count; i++) {
    const float v = a[i] + b[i];
    y[i] = v > 0.0f ? v : 0.0f;
  }
}

void pl_add_backward(const float *dy, float *da, float *db, size_t count) {
  pl_add_gradient(dy, NULL, da, 0, db, 0, count);
}

/* to = (or +=) dy, or dy where relu_y > 0 (dy read unconditionally, so
 * the loops vectorise). */
static void emit(const float *restrict dy, const float *restrict relu_y, float *restrict to, int overwrite,
                 size_t count) {
  if (relu_y != NULL && overwrite) {
    for (size_t i = 0; i < count; i++) {
      const float d = dy[i];
      to[i] = relu_y[i] > 0.0f ? d : 0.0f;
    }
  } else if (relu_y != NULL) {
    for (size_t i = 0; i < count; i++) {
      const float d = dy[i];
      to[i] += relu_y[i] > 0.0f ? d : 0.0f;
    }
  } else if (overwrite) {
    for (size_t i = 0; i < count; i++) to[i] = dy[i];
  } else {
    for (size_t i = 0; i < count; i++) to[i] += dy[i];
  }
}

void pl_add_gradient(const float *dy, const float *relu_y, float *da, int overwrite_a, float *db, int overwrite_b,
                     size_t count) {
  if (da != NULL) emit(dy, relu_y, da, overwrite_a, count);
  if (db != NULL) emit(dy, relu_y, db, overwrite_b, count);
}
