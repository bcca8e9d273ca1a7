/*
 * The floor under any OpenBLAS MLP epoch on this machine: the eight sgemm
 * calls of one training step of the Fashion-MNIST MLP 784-256-128-10 (the
 * shapes and transposes Plugins/MLP makes: three forward products, then per
 * layer dW = dy^T x and, above the first layer, dx = dy W), for one epoch's
 * batches (468 of 128 and one of 96), and nothing else: no bias, ReLU, loss,
 * optimizer, data or runner.
 *
 *   cc -O2 bench/mlp_sgemm_floor.c -lopenblas -o /tmp/mlp_sgemm_floor && /tmp/mlp_sgemm_floor
 *
 * Prints seconds per epoch (best of 5 epochs after one of warm-up) and the
 * GFLOP/s that makes.
 */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { IN = 784, H1 = 256, H2 = 128, OUT = 10, BATCH = 128, SAMPLES = 60000 };

static float *filled(size_t count) {
  float *values = malloc(count * sizeof(float));
  if (values == NULL) {
    fprintf(stderr, "mlp_sgemm_floor: out of memory\n");
    exit(1);
  }
  for (size_t i = 0; i < count; i++) values[i] = (float)((i * 7919) % 101) / 101.0f - 0.5f;
  return values;
}

static void gemm(CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, int m, int n, int k, const float *a, int lda,
                 const float *b, int ldb, float *c, int ldc) {
  cblas_sgemm(CblasRowMajor, ta, tb, m, n, k, 1.0f, a, lda, b, ldb, 0.0f, c, ldc);
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(void) {
  float *x = filled((size_t)BATCH * IN), *w1 = filled((size_t)H1 * IN), *w2 = filled((size_t)H2 * H1),
        *w3 = filled((size_t)OUT * H2), *y1 = filled((size_t)BATCH * H1), *y2 = filled((size_t)BATCH * H2),
        *y3 = filled((size_t)BATCH * OUT), *d1 = filled((size_t)BATCH * H1), *d2 = filled((size_t)BATCH * H2),
        *dw1 = filled((size_t)H1 * IN), *dw2 = filled((size_t)H2 * H1), *dw3 = filled((size_t)OUT * H2);
  const CBLAS_TRANSPOSE N = CblasNoTrans, T = CblasTrans;
  double best = 1e30, flops = 0;
  for (int epoch = 0; epoch < 6; epoch++) {
    double start = now();
    flops = 0;
    for (int first = 0; first < SAMPLES; first += BATCH) {
      int n = SAMPLES - first < BATCH ? SAMPLES - first : BATCH;
      gemm(N, T, n, H1, IN, x, IN, w1, IN, y1, H1);
      gemm(N, T, n, H2, H1, y1, H1, w2, H1, y2, H2);
      gemm(N, T, n, OUT, H2, y2, H2, w3, H2, y3, OUT);
      gemm(T, N, OUT, H2, n, y3, OUT, y2, H2, dw3, H2);
      gemm(N, N, n, H2, OUT, y3, OUT, w3, H2, d2, H2);
      gemm(T, N, H2, H1, n, d2, H2, y1, H1, dw2, H1);
      gemm(N, N, n, H1, H2, d2, H2, w2, H1, d1, H1);
      gemm(T, N, H1, IN, n, d1, H1, x, IN, dw1, IN);
      flops += 2.0 * n * (2.0 * (IN * H1 + H1 * H2 + H2 * OUT) + H1 * H2 + H2 * OUT);
    }
    double seconds = now() - start;
    if (epoch > 0 && seconds < best) best = seconds;
  }
  printf("sgemm calls of one MLP epoch: %.3f s (best of 5), %.1f GFLOP/s\n", best, flops / best * 1e-9);
  return 0;
}
