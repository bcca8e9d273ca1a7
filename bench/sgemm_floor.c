/*
 * The floor under any OpenBLAS training epoch of a bench model on this
 * machine: the cblas_sgemm calls one epoch of the model's training steps
 * makes (Fashion-MNIST, 60,000 images, batch 128: 468 batches of 128 and one
 * of 96), in the shapes, transposes and chunks its plugin makes them, and
 * nothing else: no im2col, bias, activation, normalization, pooling, loss,
 * optimizer, data or runner.
 *
 *   cc -O2 bench/sgemm_floor.c -lopenblas -o /tmp/sgemm_floor && /tmp/sgemm_floor MODEL [ROUNDS]
 *
 * MODEL is one of the table below (lenet5, resnet18w4, cnn). Prints the
 * seconds of one epoch's products (best of ROUNDS, default 5, after one
 * round of warm-up), the GFLOP/s that makes, and the products' FLOP per
 * epoch: the figure any side's epoch time is divided by to give its GFLOP/s.
 *
 * FLOP are counted as 2·M·N·K per product, for every product a training step
 * makes: the forward product, the weight gradient and, above the first layer
 * (whose input needs no gradient), the input gradient.
 *
 * Two layouts of a convolution's products:
 * - IMAGE_CLASSIFIER (Plugins/ImageClassifier/conv.c): NCHW; per chunk of
 *   images whose im2col columns fit 2^20 floats, or one image at a time
 *   where the plugin runs its own thin kernels on one image's product
 *   (LeNet5's first two convolutions, ResNet_CIFAR's 16-filter stem and
 *   first stage), y[o, cols] = W[o, k] col[k, cols], dW[o, k] += dy[o, cols]
 *   col^T, dcol[k, cols] = W^T dy; a convolution whose kernel covers its
 *   whole input (LeNet5's last) is a Linear, as the plugin runs it;
 * - CNN_PLUGIN (Plugins/CNN/cnn.c): channels-last; per chunk of about 784
 *   im2col rows, z[rows, o] = col[rows, k] W^T, dW[o, k] (+)= z^T col,
 *   dcol[rows, k] = dz W. The plugin makes these chunks' products on each
 *   thread of its team for that thread's half of the batch, with OpenBLAS at
 *   one thread (its Linear products so have 64 rows, not 128); this floor
 *   makes the same chunks' products over the whole batch on OpenBLAS's own
 *   threads.
 * A Linear (both plugins): y[n, out] = x W^T, dW = dy^T x, dx = dy W.
 */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { BATCH = 128, SAMPLES = 60000, MAX_LAYERS = 24, BUFFER_FLOATS = 1 << 22 };
enum layout { IMAGE_CLASSIFIER, CNN_PLUGIN };

/* A convolution: output channels, k = in_channels * kernel_h * kernel_w,
 * output pixels per image, whether its input gradient is computed, and
 * whether its products are made one image at a time (else per chunk). */
typedef struct {
  int out, k, pixels, dx, per_image;
} conv_shape;

/* A Linear: inputs, outputs, whether its input gradient is computed. */
typedef struct {
  int in, out, dx;
} linear_shape;

typedef struct {
  const char *name, *what;
  enum layout layout;
  conv_shape convs[MAX_LAYERS];
  linear_shape linears[4];
} model;

/* The shapes of each bench model, in the order a forward pass meets them
 * (a zero `out` ends a list). */
static const model models[] = {
    {"lenet5", "mmcls LeNet5 on 32x32 (configs/fashion_mnist/lenet5_mmcls.py)", IMAGE_CLASSIFIER,
     {{6, 25, 28 * 28, 0, 1}, {16, 6 * 25, 10 * 10, 1, 1}},
     {{16 * 25, 120, 1}, {120, 84, 1}, {84, 10, 1}}},
    /* ResNet_CIFAR depth 18, stem and base channels 16, on 28x28: stem 3x3;
     * per stage two BasicBlocks of two 3x3 convolutions, the first block of
     * stages 2-4 with stride 2 and a 1x1 stride-2 downsample; 28, 14, 7, 4
     * pixels a side; LinearClsHead 128 -> 10. */
    {"resnet18w4", "mmcls ResNet_CIFAR depth 18, widths 16-128, on 28x28 (configs/fashion_mnist/resnet_cifar_small.py)",
     IMAGE_CLASSIFIER,
     {{16, 9, 784, 0, 1},
      {16, 144, 784, 1, 1}, {16, 144, 784, 1, 1}, {16, 144, 784, 1, 1}, {16, 144, 784, 1, 1},
      {32, 144, 196, 1}, {32, 288, 196, 1}, {32, 16, 196, 1}, {32, 288, 196, 1}, {32, 288, 196, 1},
      {64, 288, 49, 1}, {64, 576, 49, 1}, {64, 32, 49, 1}, {64, 576, 49, 1}, {64, 576, 49, 1},
      {128, 576, 16, 1}, {128, 1152, 16, 1}, {128, 64, 16, 1}, {128, 1152, 16, 1}, {128, 1152, 16, 1}},
     {{128, 10, 1}}},
    {"cnn", "CNNClassifier conv 32, conv 64, FC 128 (configs/fashion_mnist/cnn.json)", CNN_PLUGIN,
     {{32, 9, 784, 0}, {64, 32 * 9, 196, 1}},
     {{64 * 7 * 7, 128, 1}, {128, 10, 1}}},
};

static float *filled(size_t count) {
  float *values = malloc(count * sizeof(float));
  if (values == NULL) {
    fprintf(stderr, "sgemm_floor: out of memory\n");
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

/* The images one chunk of a convolution holds, as its plugin picks them. */
static int chunk_images(enum layout layout, const conv_shape *c, int n) {
  if (c->per_image) return 1;
  int chunk = layout == IMAGE_CLASSIFIER ? (1 << 20) / (c->k * c->pixels) : 784 / c->pixels;
  if (chunk < 1) chunk = 1;
  return chunk < n ? chunk : n;
}

/* One training step's products for a batch of n; returns their FLOP. Every
 * product reads a and b, which keep their filled values, and writes c: fed
 * back into later products, values would shrink into denormals or grow to
 * infinity over an epoch, and denormals alone can make sgemm several times
 * slower than on a training step's values. */
static double step(const model *m, int n, float *a, float *b, float *c) {
  const CBLAS_TRANSPOSE N = CblasNoTrans, T = CblasTrans;
  const CBLAS_ORDER R = CblasRowMajor;
  double flops = 0;
  for (const conv_shape *l = m->convs; l->out > 0; l++) {
    const int chunk = chunk_images(m->layout, l, n), o = l->out, k = l->k;
    for (int done = 0; done < n; done += chunk) {
      const int count = n - done < chunk ? n - done : chunk, cols = count * l->pixels;
      if (m->layout == IMAGE_CLASSIFIER) {
        cblas_sgemm(R, N, N, o, cols, k, 1.0f, a, k, b, cols, 0.0f, c, cols);
        cblas_sgemm(R, N, T, o, k, cols, 1.0f, a, cols, b, cols, 1.0f, c, k);
        if (l->dx) cblas_sgemm(R, T, N, k, cols, o, 1.0f, a, k, b, cols, 0.0f, c, cols);
      } else {
        cblas_sgemm(R, N, T, cols, o, k, 1.0f, b, k, a, k, 0.0f, c, o);
        cblas_sgemm(R, T, N, o, k, cols, 1.0f, a, o, b, k, done == 0 ? 0.0f : 1.0f, c, k);
        if (l->dx) cblas_sgemm(R, N, N, cols, k, o, 1.0f, a, o, b, k, 0.0f, c, k);
      }
      flops += 2.0 * o * k * cols * (2 + l->dx);
    }
  }
  for (const linear_shape *l = m->linears; l->out > 0; l++) {
    cblas_sgemm(R, N, T, n, l->out, l->in, 1.0f, a, l->in, b, l->in, 0.0f, c, l->out);
    cblas_sgemm(R, T, N, l->out, l->in, n, 1.0f, a, l->out, b, l->in, 0.0f, c, l->in);
    if (l->dx) cblas_sgemm(R, N, N, n, l->in, l->out, 1.0f, a, l->out, b, l->in, 0.0f, c, l->in);
    flops += 2.0 * n * l->in * l->out * (2 + l->dx);
  }
  return flops;
}

static int usage(void) {
  fprintf(stderr, "usage: sgemm_floor MODEL [ROUNDS]; MODEL is one of:\n");
  for (size_t i = 0; i < sizeof models / sizeof models[0]; i++)
    fprintf(stderr, "  %-11s %s\n", models[i].name, models[i].what);
  return 2;
}

int main(int argc, char **argv) {
  if (argc < 2 || argc > 3) return usage();
  const model *m = NULL;
  for (size_t i = 0; i < sizeof models / sizeof models[0]; i++)
    if (strcmp(argv[1], models[i].name) == 0) m = &models[i];
  const int rounds = argc > 2 ? atoi(argv[2]) : 5;
  if (m == NULL || rounds < 1) return usage();
  float *a = filled(BUFFER_FLOATS), *b = filled(BUFFER_FLOATS), *c = filled(BUFFER_FLOATS);
  double best = 1e30, flops = 0;
  for (int round = 0; round <= rounds; round++) {
    const double start = now();
    flops = 0;
    for (int first = 0; first < SAMPLES; first += BATCH)
      flops += step(m, SAMPLES - first < BATCH ? SAMPLES - first : BATCH, a, b, c);
    const double seconds = now() - start;
    if (round > 0 && seconds < best) best = seconds;
  }
  printf("sgemm floor %s: %.3f s per epoch (best of %d), %.1f GFLOP/s, %.1f GFLOP per epoch\n", m->name, best, rounds,
         flops / best * 1e-9, flops * 1e-9);
  return 0;
}
