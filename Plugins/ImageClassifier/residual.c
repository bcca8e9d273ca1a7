/* Residual addition; see layers.h. */
#include "layers.h"

void pl_add_forward(const float *restrict a, const float *restrict b, float *restrict y, size_t count) {
  for (size_t i = 0; i < count; i++) y[i] = a[i] + b[i];
}

void pl_add_backward(const float *restrict dy, float *da, float *db, size_t count) {
  for (size_t i = 0; i < count; i++) da[i] += dy[i];
  for (size_t i = 0; i < count; i++) db[i] += dy[i];
}
