/* Linear: y = x W^T + b; see layers.h. */
#include <string.h>

#include <cblas.h>

#include "layers.h"

void pl_linear_forward(const pl_linear *l, const float *x, float *y, int n) {
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, l->out, l->in, 1.0f, x, l->in, l->w, l->in, 0.0f, y,
              l->out);
  if (l->b == NULL) return;
  for (int s = 0; s < n; s++) {
    float *restrict row = y + (size_t)s * l->out;
    const float *restrict b = l->b;
    for (int j = 0; j < l->out; j++) row[j] += b[j];
  }
}

void pl_linear_backward(const pl_linear *l, const float *x, const float *dy, float *dx, int n) {
  if (l->gb != NULL) {
    memset(l->gb, 0, sizeof(float) * (size_t)l->out);
    for (int s = 0; s < n; s++) {
      const float *restrict row = dy + (size_t)s * l->out;
      float *restrict gb = l->gb;
      for (int j = 0; j < l->out; j++) gb[j] += row[j];
    }
  }
  /* dW [out, in] = dy^T [out, N] x [N, in] */
  cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, l->out, l->in, n, 1.0f, dy, l->out, x, l->in, 0.0f, l->gw,
              l->in);
  /* dx [N, in] += dy [N, out] W [out, in] */
  if (dx != NULL)
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, l->in, l->out, 1.0f, dy, l->out, l->w, l->in, 1.0f,
                dx, l->in);
}
