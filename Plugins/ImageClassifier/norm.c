/* BatchNorm1d / BatchNorm2d; see layers.h. Statistics accumulate in double. */
#include <math.h>
#include <string.h>

#include "layers.h"

void pl_batchnorm_forward(pl_batchnorm *l, const float *x, float *y, int n, int hw, int training) {
  const size_t plane = (size_t)hw, image = (size_t)l->c * plane;
  const double count = (double)n * (double)hw;
  for (int c = 0; c < l->c; c++) {
    float mean, invstd;
    if (training) {
      double sum = 0.0, squares = 0.0;
      for (int s = 0; s < n; s++) {
        const float *p = x + s * image + (size_t)c * plane;
        for (size_t i = 0; i < plane; i++) sum += p[i];
      }
      const double mu = sum / count;
      for (int s = 0; s < n; s++) {
        const float *p = x + s * image + (size_t)c * plane;
        for (size_t i = 0; i < plane; i++) squares += ((double)p[i] - mu) * ((double)p[i] - mu);
      }
      const double var = squares / count;
      mean = (float)mu;
      invstd = (float)(1.0 / sqrt(var + (double)l->eps));
      const double unbiased = count > 1 ? squares / (count - 1) : var;
      l->running_mean[c] = (1.0f - l->momentum) * l->running_mean[c] + l->momentum * (float)mu;
      l->running_var[c] = (1.0f - l->momentum) * l->running_var[c] + l->momentum * (float)unbiased;
    } else {
      mean = l->running_mean[c];
      invstd = (float)(1.0 / sqrt((double)l->running_var[c] + (double)l->eps));
    }
    l->mean[c] = mean;
    l->invstd[c] = invstd;
    const float scale = l->w[c] * invstd, shift = l->b[c] - mean * scale;
    for (int s = 0; s < n; s++) {
      const float *restrict p = x + s * image + (size_t)c * plane;
      float *restrict q = y + s * image + (size_t)c * plane;
      for (size_t i = 0; i < plane; i++) q[i] = p[i] * scale + shift;
    }
  }
  if (training) l->batches_tracked++;
}

void pl_batchnorm_backward(const pl_batchnorm *l, const float *x, const float *dy, float *dx, int n, int hw,
                           int training) {
  const size_t plane = (size_t)hw, image = (size_t)l->c * plane;
  const double count = (double)n * (double)hw;
  for (int c = 0; c < l->c; c++) {
    const float mean = l->mean[c], invstd = l->invstd[c];
    double sum_dy = 0.0, sum_dy_xhat = 0.0;
    for (int s = 0; s < n; s++) {
      const float *p = x + s * image + (size_t)c * plane, *g = dy + s * image + (size_t)c * plane;
      for (size_t i = 0; i < plane; i++) {
        sum_dy += g[i];
        sum_dy_xhat += (double)g[i] * (double)((p[i] - mean) * invstd);
      }
    }
    l->gb[c] = (float)sum_dy;
    l->gw[c] = (float)sum_dy_xhat;
    if (dx == NULL) continue;
    const float scale = l->w[c] * invstd;
    /* Training: dx = gamma invstd (dy - mean(dy) - xhat mean(dy xhat)),
     * since the batch statistics depend on x. Eval: dx = gamma invstd dy. */
    const float mean_dy = training ? (float)(sum_dy / count) : 0.0f;
    const float mean_dy_xhat = training ? (float)(sum_dy_xhat / count) : 0.0f;
    for (int s = 0; s < n; s++) {
      const float *restrict p = x + s * image + (size_t)c * plane, *restrict g = dy + s * image + (size_t)c * plane;
      float *restrict q = dx + s * image + (size_t)c * plane;
      for (size_t i = 0; i < plane; i++) {
        const float xhat = (p[i] - mean) * invstd;
        q[i] += scale * (g[i] - mean_dy - xhat * mean_dy_xhat);
      }
    }
  }
}
