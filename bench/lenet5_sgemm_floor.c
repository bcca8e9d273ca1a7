/*
 * The floor under any OpenBLAS LeNet5 epoch on this machine: the sgemm calls
 * of the ImageClassifier plugin's LeNet5 training steps (32x32 Fashion-MNIST,
 * batch 128, 468 batches of 128 and one of 96), in the shapes it makes
 * (Plugins/ImageClassifier/conv.c: per convolution, chunks of images whose
 * im2col columns fit 2^20 floats, each one forward product, one for dW and,
 * above the first layer, one for the columns' gradient; per Linear, the
 * forward product, dW and dx), and nothing else: no im2col, bias, Tanh,
 * pooling, loss, optimizer, data or runner.
 *
 *   cc -O2 bench/lenet5_sgemm_floor.c -lopenblas -o /tmp/lenet5_sgemm_floor && /tmp/lenet5_sgemm_floor [EPOCHS]
 *
 * Prints seconds per epoch (best of EPOCHS, default 5, after one of warm-up), the
 * GFLOP/s that makes, and the products' FLOP per epoch (the figure a
 * whole-epoch time is divided by to give its GFLOP/s).
 */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { BATCH = 128, SAMPLES = 60000, CHUNK_FLOATS = 1 << 20 };

/* out_c, K = in_c * 5 * 5, output pixels, whether dx is needed */
static const struct { int out, k, pixels, dx; } convs[3] = {{6, 25, 784, 0}, {16, 150, 100, 1}, {120, 400, 1, 1}};
static const struct { int in, out; } linears[2] = {{120, 84}, {84, 10}};

static float *filled(size_t count) {
  float *values = malloc(count * sizeof(float));
  if (values == NULL) {
    fprintf(stderr, "lenet5_sgemm_floor: out of memory\n");
    exit(1);
  }
  for (size_t i = 0; i < count; i++) values[i] = (float)((i * 7919) % 101) / 101.0f - 0.5f;
  return values;
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
  const int epochs = argc > 1 ? atoi(argv[1]) : 5;
  if (epochs < 1) {
    fprintf(stderr, "usage: lenet5_sgemm_floor [EPOCHS]\n");
    return 2;
  }
  float *a = filled(CHUNK_FLOATS * 2), *b = filled(CHUNK_FLOATS * 2), *c = filled(CHUNK_FLOATS * 2);
  const CBLAS_TRANSPOSE N = CblasNoTrans, T = CblasTrans;
  const CBLAS_ORDER R = CblasRowMajor;
  double best = 1e30, flops = 0;
  for (int epoch = 0; epoch <= epochs; epoch++) {
    double start = now();
    flops = 0;
    for (int first = 0; first < SAMPLES; first += BATCH) {
      const int n = SAMPLES - first < BATCH ? SAMPLES - first : BATCH;
      for (int l = 0; l < 3; l++) {
        int chunk = CHUNK_FLOATS / (convs[l].k * convs[l].pixels);
        if (chunk > n) chunk = n;
        for (int done = 0; done < n; done += chunk) {
          const int count = n - done < chunk ? n - done : chunk, cols = count * convs[l].pixels;
          const int o = convs[l].out, k = convs[l].k;
          cblas_sgemm(R, N, N, o, cols, k, 1.0f, a, k, b, cols, 0.0f, c, cols);
          cblas_sgemm(R, N, T, o, k, cols, 1.0f, c, cols, b, cols, 1.0f, a, k);
          if (convs[l].dx) cblas_sgemm(R, T, N, k, cols, o, 1.0f, a, k, c, cols, 0.0f, b, cols);
          flops += 2.0 * o * k * cols * (2 + convs[l].dx);
        }
      }
      for (int l = 0; l < 2; l++) {
        const int in = linears[l].in, out = linears[l].out;
        cblas_sgemm(R, N, T, n, out, in, 1.0f, a, in, b, in, 0.0f, c, out);
        cblas_sgemm(R, T, N, out, in, n, 1.0f, c, out, a, in, 0.0f, b, in);
        cblas_sgemm(R, N, N, n, in, out, 1.0f, c, out, b, in, 1.0f, a, in);
        flops += 2.0 * n * in * out * 3;
      }
    }
    double seconds = now() - start;
    if (epoch > 0 && seconds < best) best = seconds;
  }
  printf("sgemm calls of one LeNet5 epoch: %.3f s (best of %d), %.1f GFLOP/s, %.1f GFLOP per epoch\n", best, epochs,
         flops / best * 1e-9, flops * 1e-9);
  return 0;
}
