/* BatchNorm1d / BatchNorm2d; see layers.h. Statistics accumulate in double.
 * The whole-batch forward and backward are the split functions in order,
 * which the network runs over slices of a batch on several threads. */
#include <math.h>
#include <string.h>

#include "layers.h"

/* Sums over a plane in eight interleaved double accumulators, added up in
 * a fixed order at the end: independent chains vectorise, where a single
 * running double waits out each addition's latency. */
enum { LANES = 8 };

static double total_of(const double *acc) {
  return ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
}

static double plane_sum(const float *restrict p, size_t count) {
  double acc[LANES] = {0};
  size_t i = 0;
  for (; i + LANES <= count; i += LANES)
    for (int j = 0; j < LANES; j++) acc[j] += p[i + j];
  for (; i < count; i++) acc[i % LANES] += p[i];
  return total_of(acc);
}

static double plane_squares(const float *restrict p, size_t count, double mu) {
  double acc[LANES] = {0};
  size_t i = 0;
  for (; i + LANES <= count; i += LANES)
    for (int j = 0; j < LANES; j++) acc[j] += ((double)p[i + j] - mu) * ((double)p[i + j] - mu);
  for (; i < count; i++) acc[i % LANES] += ((double)p[i] - mu) * ((double)p[i] - mu);
  return total_of(acc);
}

/* sum of g and of g * (x - mean) * invstd over a plane, where g is dy, or
 * with `masked` dy where relu_y > 0 (a ReLU after the BatchNorm). dy is
 * read unconditionally and `masked` is a constant where this is inlined,
 * so both loops vectorise. */
static inline __attribute__((always_inline)) void
grad_sums_of(const float *restrict x, const float *restrict dy, const float *restrict relu_y, size_t count,
             float mean, float invstd, double *sum_g, double *sum_g_xhat, const int masked) {
  double a[LANES] = {0}, b[LANES] = {0};
  size_t i = 0;
  for (; i + LANES <= count; i += LANES)
    for (int j = 0; j < LANES; j++) {
      const float d = dy[i + j], g = masked ? (relu_y[i + j] > 0.0f ? d : 0.0f) : d;
      a[j] += g;
      b[j] += (double)g * (double)((x[i + j] - mean) * invstd);
    }
  for (; i < count; i++) {
    const float d = dy[i], g = masked ? (relu_y[i] > 0.0f ? d : 0.0f) : d;
    a[i % LANES] += g;
    b[i % LANES] += (double)g * (double)((x[i] - mean) * invstd);
  }
  *sum_g += total_of(a);
  *sum_g_xhat += total_of(b);
}

/* grad_sums_of for a plane, with relu_y NULL where there is no ReLU. */
static void plane_grad_sums(const float *x, const float *dy, const float *relu_y, size_t count, float mean,
                            float invstd, double *sum_g, double *sum_g_xhat) {
  if (relu_y != NULL)
    grad_sums_of(x, dy, relu_y, count, mean, invstd, sum_g, sum_g_xhat, 1);
  else
    grad_sums_of(x, dy, NULL, count, mean, invstd, sum_g, sum_g_xhat, 0);
}

void pl_batchnorm_sums(const pl_batchnorm *l, const float *x, int n, int hw, double *sum) {
  const size_t plane = (size_t)hw, image = (size_t)l->c * plane;
  for (int c = 0; c < l->c; c++) {
    double total = 0.0;
    for (int s = 0; s < n; s++) total += plane_sum(x + s * image + (size_t)c * plane, plane);
    sum[c] = total;
  }
}

void pl_batchnorm_squares(const pl_batchnorm *l, const float *x, int n, int hw, const double *mean,
                          double *squares) {
  const size_t plane = (size_t)hw, image = (size_t)l->c * plane;
  for (int c = 0; c < l->c; c++) {
    const double mu = mean[c];
    double total = 0.0;
    for (int s = 0; s < n; s++) total += plane_squares(x + s * image + (size_t)c * plane, plane, mu);
    squares[c] = total;
  }
}

void pl_batchnorm_statistics(pl_batchnorm *l, const double *mean, const double *squares, double count,
                             int training, int update, float *use_mean, float *use_invstd) {
  for (int c = 0; c < l->c; c++) {
    if (training) {
      const double var = squares[c] / count;
      use_mean[c] = (float)mean[c];
      use_invstd[c] = (float)(1.0 / sqrt(var + (double)l->eps));
      if (update) {
        const double unbiased = count > 1 ? squares[c] / (count - 1) : var;
        l->running_mean[c] = (1.0f - l->momentum) * l->running_mean[c] + l->momentum * (float)mean[c];
        l->running_var[c] = (1.0f - l->momentum) * l->running_var[c] + l->momentum * (float)unbiased;
      }
    } else {
      use_mean[c] = l->running_mean[c];
      use_invstd[c] = (float)(1.0 / sqrt((double)l->running_var[c] + (double)l->eps));
    }
  }
  if (training && update) l->batches_tracked++;
}

void pl_batchnorm_apply(const pl_batchnorm *l, const float *mean, const float *invstd, const float *x, float *y,
                        int n, int hw, int relu) {
  const size_t plane = (size_t)hw, image = (size_t)l->c * plane;
  for (int c = 0; c < l->c; c++) {
    const float scale = l->w[c] * invstd[c], shift = l->b[c] - mean[c] * scale;
    for (int s = 0; s < n; s++) {
      const float *restrict p = x + s * image + (size_t)c * plane;
      float *restrict q = y + s * image + (size_t)c * plane;
      if (relu) {
        for (size_t i = 0; i < plane; i++) {
          const float v = p[i] * scale + shift;
          q[i] = v > 0.0f ? v : 0.0f;
        }
      } else {
        for (size_t i = 0; i < plane; i++) q[i] = p[i] * scale + shift;
      }
    }
  }
}

void pl_batchnorm_forward(pl_batchnorm *l, const float *x, float *y, int n, int hw, int training) {
  const double count = (double)n * (double)hw;
  double sums[l->c > 0 ? l->c : 1], squares[l->c > 0 ? l->c : 1];
  if (training) {
    pl_batchnorm_sums(l, x, n, hw, sums);
    for (int c = 0; c < l->c; c++) sums[c] /= count;
    pl_batchnorm_squares(l, x, n, hw, sums, squares);
  }
  pl_batchnorm_statistics(l, sums, squares, count, training, 1, l->mean, l->invstd);
  pl_batchnorm_apply(l, l->mean, l->invstd, x, y, n, hw, 0);
}

void pl_batchnorm_grad_sums(const pl_batchnorm *l, const float *x, const float *dy, const float *relu_y, int n,
                            int hw, double *sum_dy, double *sum_dy_xhat) {
  const size_t plane = (size_t)hw, image = (size_t)l->c * plane;
  for (int c = 0; c < l->c; c++) {
    const float mean = l->mean[c], invstd = l->invstd[c];
    double a = 0.0, b = 0.0;
    for (int s = 0; s < n; s++)
      plane_grad_sums(x + s * image + (size_t)c * plane, dy + s * image + (size_t)c * plane,
                      relu_y != NULL ? relu_y + s * image + (size_t)c * plane : NULL, plane, mean, invstd, &a, &b);
    sum_dy[c] = a;
    sum_dy_xhat[c] = b;
  }
}

void pl_batchnorm_grad_apply(const pl_batchnorm *l, const double *sum_dy, const double *sum_dy_xhat,
                             double count, const float *x, const float *dy, const float *relu_y, float *dx, int n,
                             int hw, int training, int overwrite) {
  const size_t plane = (size_t)hw, image = (size_t)l->c * plane;
  for (int c = 0; c < l->c; c++) {
    const float mean = l->mean[c], invstd = l->invstd[c];
    const float scale = l->w[c] * invstd;
    /* Training: dx = gamma invstd (dy - mean(dy) - xhat mean(dy xhat)),
     * since the batch statistics depend on x. Eval: dx = gamma invstd dy.
     * With relu_y, dy counts only where relu_y > 0. */
    const float mean_dy = training ? (float)(sum_dy[c] / count) : 0.0f;
    const float mean_dy_xhat = training ? (float)(sum_dy_xhat[c] / count) : 0.0f;
    for (int s = 0; s < n; s++) {
      const size_t at = s * image + (size_t)c * plane;
      const float *restrict p = x + at, *restrict g = dy + at, *restrict r = relu_y != NULL ? relu_y + at : NULL;
      float *restrict q = dx + at;
      if (r != NULL && overwrite) {
        for (size_t i = 0; i < plane; i++) {
          const float d = g[i]; /* read unconditionally, so the loop vectorises */
          q[i] = scale * ((r[i] > 0.0f ? d : 0.0f) - mean_dy - (p[i] - mean) * invstd * mean_dy_xhat);
        }
      } else if (r != NULL) {
        for (size_t i = 0; i < plane; i++) {
          const float d = g[i];
          q[i] += scale * ((r[i] > 0.0f ? d : 0.0f) - mean_dy - (p[i] - mean) * invstd * mean_dy_xhat);
        }
      } else if (overwrite) {
        for (size_t i = 0; i < plane; i++) q[i] = scale * (g[i] - mean_dy - (p[i] - mean) * invstd * mean_dy_xhat);
      } else {
        for (size_t i = 0; i < plane; i++) q[i] += scale * (g[i] - mean_dy - (p[i] - mean) * invstd * mean_dy_xhat);
      }
    }
  }
}

void pl_batchnorm_backward(const pl_batchnorm *l, const float *x, const float *dy, float *dx, int n, int hw,
                           int training) {
  double sum_dy[l->c > 0 ? l->c : 1], sum_dy_xhat[l->c > 0 ? l->c : 1];
  pl_batchnorm_grad_sums(l, x, dy, NULL, n, hw, sum_dy, sum_dy_xhat);
  for (int c = 0; c < l->c; c++) {
    l->gb[c] = (float)sum_dy[c];
    l->gw[c] = (float)sum_dy_xhat[c];
  }
  if (dx != NULL)
    pl_batchnorm_grad_apply(l, sum_dy, sum_dy_xhat, (double)n * (double)hw, x, dy, NULL, dx, n, hw, training, 0);
}
