/*
 * The ImageClassifier plugin's training step alone: the network the
 * plugin's own mmcls builders (mmcls.h: ic_build_backbone, ic_build_neck,
 * ic_build_head) build for configs/fashion_mnist/lenet5_mmcls.py (LeNet5)
 * or configs/fashion_mnist/resnet_cifar_small.py (ResNet_CIFAR depth 18
 * with widths 16-128), read from the model dicts below, bound to batches
 * of 128 and run forward and backward on fixed inputs, on the threads the
 * plugin takes (OPENBLAS_NUM_THREADS, else the cores).
 * No data loading, runner, loss or optimizer: the layers' share of an
 * epoch, to compare two versions of the plugin's kernels on a busy machine.
 *
 *   clang -O3 -I Plugins/ImageClassifier/include -I Plugins/ModelKit/include -I plugin-sdk/include \
 *       Plugins/ImageClassifier/{backbones,heads,config,conv,network,norm,pool,activation,linear,dropout,residual}.c \
 *       Plugins/ModelKit/team.c bench/ic_step.c -lopenblas -lm -lpthread -o /tmp/ic_step && /tmp/ic_step MODEL [STEPS]
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

#include "mmcls.h"

enum { BATCH = 128, STEPS_PER_EPOCH = 469, WARM_UP = 3 };

static double seconds(clockid_t clock) {
  struct timespec t;
  clock_gettime(clock, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* ------------------------------------------------------------------------
 * The model dicts, answered through the host's config readers as the
 * runner answers them during create: dotted keys, lists by their length. */

typedef struct config_key {
  const char *path;
  char kind; /* 'd' dict, 'l' list (value: its length), 'i' int, 'f' float, 's' string */
  const char *value;
} config_key;

/* An opaque pacer_config of the host's, here a NULL-terminated key list. */
struct pacer_config {
  const config_key *keys;
};

/* configs/fashion_mnist/lenet5_mmcls.py's model (neck=None: absent). */
static const config_key lenet5_model[] = {
    {"backbone", 'd', NULL},        {"backbone.type", 's', "LeNet5"},
    {"backbone.num_classes", 'i', "10"},
    {"head", 'd', NULL},            {"head.type", 's', "ClsHead"},
    {"head.loss", 'd', NULL},       {"head.loss.type", 's', "CrossEntropyLoss"},
    {"head.loss.loss_weight", 'f', "1.0"},
    {NULL, 0, NULL},
};

/* configs/fashion_mnist/resnet_cifar_small.py's model. */
static const config_key resnet18w4_model[] = {
    {"backbone", 'd', NULL},        {"backbone.type", 's', "ResNet_CIFAR"},
    {"backbone.depth", 'i', "18"},  {"backbone.in_channels", 'i', "1"},
    {"backbone.stem_channels", 'i', "16"}, {"backbone.base_channels", 'i', "16"},
    {"backbone.num_stages", 'i', "4"},     {"backbone.out_indices", 'l', "1"},
    {"backbone.out_indices.0", 'i', "3"},  {"backbone.style", 's', "pytorch"},
    {"neck", 'd', NULL},            {"neck.type", 's', "GlobalAveragePooling"},
    {"head", 'd', NULL},            {"head.type", 's', "LinearClsHead"},
    {"head.num_classes", 'i', "10"}, {"head.in_channels", 'i', "128"},
    {"head.loss", 'd', NULL},       {"head.loss.type", 's', "CrossEntropyLoss"},
    {"head.loss.loss_weight", 'f', "1.0"},
    {NULL, 0, NULL},
};

static const config_key *find_key(const pacer_config *cfg, const char *path) {
  for (const config_key *k = cfg->keys; k->path != NULL; k++)
    if (strcmp(k->path, path) == 0) return k;
  return NULL;
}

static int32_t cfg_has(const pacer_config *cfg, const char *key) { return find_key(cfg, key) != NULL; }

static pacer_status cfg_get_i64(const pacer_config *cfg, const char *key, int64_t *out) {
  const config_key *k = find_key(cfg, key);
  if (k == NULL) return PACER_E_NOT_FOUND;
  if (k->kind != 'i') return PACER_E_INVALID_ARG;
  *out = strtoll(k->value, NULL, 10);
  return PACER_OK;
}

static pacer_status cfg_get_f64(const pacer_config *cfg, const char *key, double *out) {
  const config_key *k = find_key(cfg, key);
  if (k == NULL) return PACER_E_NOT_FOUND;
  if (k->kind != 'i' && k->kind != 'f') return PACER_E_INVALID_ARG;
  *out = strtod(k->value, NULL);
  return PACER_OK;
}

static pacer_status cfg_get_bool(const pacer_config *cfg, const char *key, int32_t *out) {
  (void)out;
  return find_key(cfg, key) == NULL ? PACER_E_NOT_FOUND : PACER_E_INVALID_ARG; /* no bools above */
}

static pacer_status cfg_get_str(const pacer_config *cfg, const char *key, const char **out) {
  const config_key *k = find_key(cfg, key);
  if (k == NULL) return PACER_E_NOT_FOUND;
  if (k->kind != 's') return PACER_E_INVALID_ARG;
  *out = k->value;
  return PACER_OK;
}

static pacer_status cfg_get_len(const pacer_config *cfg, const char *key, uint64_t *out) {
  const config_key *k = find_key(cfg, key);
  if (k == NULL) return PACER_E_NOT_FOUND;
  if (k->kind != 'l') return PACER_E_INVALID_ARG;
  *out = strtoull(k->value, NULL, 10);
  return PACER_OK;
}

/* No JSON text: the builders then skip their unknown-key checks, which
 * the dicts above, written from the configs, do not need. */
static const char *cfg_json(const pacer_config *cfg) {
  (void)cfg;
  return NULL;
}

static void error_set(pacer_error *err, pacer_status code, const char *message) {
  (void)err, (void)code;
  fprintf(stderr, "ic_step: %s\n", message);
}

/* The network ImageClassifier's create builds for `model`: backbone, neck
 * and head, parameters allocated and drawn (seed 1, as this bench always
 * drew them; the plugin's default init_seed is 0). NULL after printing
 * why. */
static pl_net *build(const config_key *model) {
  static const pacer_host_api api = {
      .struct_size = sizeof(pacer_host_api),
      .error_set = error_set,
      .cfg_has = cfg_has,
      .cfg_get_i64 = cfg_get_i64,
      .cfg_get_f64 = cfg_get_f64,
      .cfg_get_bool = cfg_get_bool,
      .cfg_get_str = cfg_get_str,
      .cfg_get_len = cfg_get_len,
      .cfg_json = cfg_json,
  };
  const pacer_config cfg = {model};
  ic_config c = {.api = &api, .cfg = &cfg};
  pl_net *net = NULL;
  ic_loss loss;
  int topk[8], topk_count;
  int x = ic_build_backbone(&c, &net);
  if (!c.failed) x = ic_build_neck(&c, net, x);
  if (!c.failed) ic_build_head(&c, net, x, &loss, topk, &topk_count);
  if (!c.failed && pl_net_finish(net) != 0) ic_fail(&c, "out of memory for the parameters");
  if (c.failed) {
    pl_net_free(net);
    return NULL;
  }
  pl_net_init(net, 1);
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
  pl_net *net = build(resnet ? resnet18w4_model : lenet5_model);
  if (net == NULL) return 1;
  net->training = 1;
  char why[256];
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
