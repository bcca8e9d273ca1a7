/*
 * The ImageClassifier plugin's training step alone: a network built from
 * the plugin's own sources (Plugins/ImageClassifier, network.h) as its
 * mmcls builders build LeNet5 or ResNet_CIFAR depth 18 with widths 16-128,
 * bound to batches of 128 and run forward and backward on fixed inputs,
 * on the threads the plugin takes (OPENBLAS_NUM_THREADS, else the cores).
 * No data loading, runner, loss or optimizer: the layers' share of an
 * epoch, to compare two versions of the plugin's kernels on a busy machine.
 *
 *   clang -O3 -I Plugins/ImageClassifier/include -I Plugins/ModelKit/include \
 *       Plugins/ImageClassifier/{conv,network,norm,pool,activation,linear,dropout,residual}.c Plugins/ModelKit/team.c \
 *       bench/ic_step.c -lopenblas -lm -lpthread -o /tmp/ic_step && /tmp/ic_step MODEL [STEPS]
 *
 * (clang, as SwiftPM builds the plugin: gcc leaves fminf a call.) MODEL is
 * lenet5 (1x32x32) or resnet18w4 (1x28x28); STEPS defaults to 100 after 3
 * of warm-up. Prints wall and process CPU time per step and both scaled to
 * an epoch's 469 steps; on a shared machine the CPU time is the steadier
 * figure. The checksum of the parameter gradients tells two builds apart
 * when their results differ.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "network.h"

enum { BATCH = 128, STEPS_PER_EPOCH = 469, WARM_UP = 3 };

static double seconds(clockid_t clock) {
  struct timespec t;
  clock_gettime(clock, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* mmcls's LeNet5 (backbones.c), with its classifier. */
static pl_net *lenet5(void) {
  pl_net *net = pl_net_new(1);
  int x = pl_net_conv(net, "backbone.features.0", 0, 6, 5, 5, 1, 1, 0, 0, 1, 1, 1, 1);
  x = pl_net_activation(net, x, PL_TANH);
  x = pl_net_pool(net, PL_NODE_AVGPOOL, x, 2, 2, 2, 2, 0, 0);
  x = pl_net_conv(net, "backbone.features.3", x, 16, 5, 5, 1, 1, 0, 0, 1, 1, 1, 1);
  x = pl_net_activation(net, x, PL_TANH);
  x = pl_net_pool(net, PL_NODE_AVGPOOL, x, 2, 2, 2, 2, 0, 0);
  x = pl_net_conv(net, "backbone.features.6", x, 120, 5, 5, 1, 1, 0, 0, 1, 1, 1, 1);
  x = pl_net_activation(net, x, PL_TANH);
  x = pl_net_linear(net, "backbone.classifier.0", x, 120, 84, 1);
  x = pl_net_activation(net, x, PL_TANH);
  pl_net_linear(net, "backbone.classifier.2", x, 84, 10, 1);
  return net;
}

/* mmcls's ResNet_CIFAR depth 18 with stem and base channels 16: a 3x3
 * stem, four stages of two BasicBlocks (the first of stages 2-4 with
 * stride 2 and a 1x1 downsample), global average pooling, a Linear head. */
static pl_net *resnet18w4(void) {
  pl_net *net = pl_net_new(1);
  int x = pl_net_conv(net, "backbone.conv1", 0, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1, 0);
  x = pl_net_batchnorm(net, "backbone.norm1", x, 16, 1e-5f, 0.1f);
  x = pl_net_activation(net, x, PL_RELU);
  int channels = 16;
  for (int stage = 0; stage < 4; stage++) {
    const int width = 16 << stage;
    for (int block = 0; block < 2; block++) {
      const int stride = stage > 0 && block == 0 ? 2 : 1;
      int y = pl_net_conv(net, "conv1", x, width, 3, 3, stride, stride, 1, 1, 1, 1, 1, 0);
      y = pl_net_batchnorm(net, "bn1", y, width, 1e-5f, 0.1f);
      y = pl_net_activation(net, y, PL_RELU);
      y = pl_net_conv(net, "conv2", y, width, 3, 3, 1, 1, 1, 1, 1, 1, 1, 0);
      y = pl_net_batchnorm(net, "bn2", y, width, 1e-5f, 0.1f);
      int identity = x;
      if (stride != 1 || channels != width) {
        identity = pl_net_conv(net, "downsample.0", x, width, 1, 1, stride, stride, 0, 0, 1, 1, 1, 0);
        identity = pl_net_batchnorm(net, "downsample.1", identity, width, 1e-5f, 0.1f);
      }
      x = pl_net_activation(net, pl_net_add(net, y, identity), PL_RELU);
      channels = width;
    }
  }
  x = pl_net_adaptive_avgpool(net, x, 1, 1);
  pl_net_linear(net, "head.fc", x, 128, 10, 1);
  return net;
}

int main(int argc, char **argv) {
  const int resnet = argc > 1 && strcmp(argv[1], "resnet18w4") == 0;
  if (argc < 2 || argc > 3 || (!resnet && strcmp(argv[1], "lenet5") != 0)) {
    fprintf(stderr, "usage: ic_step lenet5|resnet18w4 [STEPS]\n");
    return 2;
  }
  const int steps = argc > 2 ? atoi(argv[2]) : 100, side = resnet ? 28 : 32;
  if (steps < 1) {
    fprintf(stderr, "ic_step: STEPS must be positive\n");
    return 2;
  }
  pl_net *net = resnet ? resnet18w4() : lenet5();
  char why[256];
  if (net == NULL || pl_net_finish(net) != 0) {
    fprintf(stderr, "ic_step: out of memory\n");
    return 1;
  }
  pl_net_init(net, 1);
  net->training = 1;
  if (pl_net_bind(net, BATCH, side, side, why, sizeof why) != 0) {
    fprintf(stderr, "ic_step: %s\n", why);
    return 1;
  }
  const size_t pixels = (size_t)BATCH * side * side;
  float *images = malloc(sizeof(float) * pixels);
  if (images == NULL) return 1;
  for (size_t i = 0; i < pixels; i++) images[i] = (float)(i * 7919 % 255) / 78.87f - 0.42f;
  double wall = 0, cpu = 0;
  for (int step = 0; step < WARM_UP + steps; step++) {
    if (step == WARM_UP) {
      wall = seconds(CLOCK_MONOTONIC);
      cpu = seconds(CLOCK_PROCESS_CPUTIME_ID);
    }
    pl_net_forward(net, images, BATCH);
    const float *out = pl_net_output(net);
    float *grad = pl_net_output_grad(net);
    for (int i = 0; i < BATCH * 10; i++) grad[i] = out[i] * 0.01f; /* a small, fixed output gradient */
    pl_net_backward(net, BATCH);
  }
  wall = (seconds(CLOCK_MONOTONIC) - wall) / steps;
  cpu = (seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu) / steps;
  double checksum = 0;
  for (uint32_t p = 0; p < net->param_count; p++)
    for (uint64_t k = 0; k < net->params[p].numel; k++) checksum += net->params[p].grad[k] * (double)(k % 7 + 1);
  printf("ic_step %s: %.2f ms per step wall (%.2f s per epoch), %.2f ms CPU (%.2f s per epoch), %d threads, "
         "checksum %.6e\n",
         argv[1], wall * 1e3, wall * STEPS_PER_EPOCH, cpu * 1e3, cpu * STEPS_PER_EPOCH, net->threads, checksum);
  free(images);
  pl_net_free(net);
  return 0;
}
