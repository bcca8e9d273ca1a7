/* mmcls 0.x backbones built into a network: LeNet5, ResNet, ResNet_CIFAR,
 * MobileNetV2 and Sequential (a list of PyTorch layer dicts); see mmcls.h. */
#include <stdio.h>
#include <string.h>

#include "mmcls.h"

/* ------------------------------------------------------------------------
 * LeNet5 (mmcls/models/backbones/lenet.py) */

static int lenet5(ic_config *c, pl_net **out_net) {
  static const char *const keys[] = {"num_classes", NULL};
  if (ic_check_keys(c, "backbone", "LeNet5", keys) != 0) return -1;
  const int64_t num_classes = ic_int(c, "backbone.num_classes", -1, -1, 1 << 20);
  if (num_classes == 0) return ic_fail(c, "'backbone.num_classes' must be -1 (no classifier) or positive");
  pl_net *net = *out_net = pl_net_new(1);
  if (net == NULL) return ic_fail(c, "out of memory");
  /* features: Conv2d(1, 6, 5), Tanh, AvgPool2d(2), Conv2d(6, 16, 5), Tanh,
   * AvgPool2d(2), Conv2d(16, 120, 5), Tanh */
  int x = pl_net_conv(net, "backbone.features.0", 0, 6, 5, 5, 1, 1, 0, 0, 1, 1, 1, 1);
  x = pl_net_activation(net, x, PL_TANH);
  x = pl_net_pool(net, PL_NODE_AVGPOOL, x, 2, 2, 2, 2, 0, 0);
  x = pl_net_conv(net, "backbone.features.3", x, 16, 5, 5, 1, 1, 0, 0, 1, 1, 1, 1);
  x = pl_net_activation(net, x, PL_TANH);
  x = pl_net_pool(net, PL_NODE_AVGPOOL, x, 2, 2, 2, 2, 0, 0);
  x = pl_net_conv(net, "backbone.features.6", x, 120, 5, 5, 1, 1, 0, 0, 1, 1, 1, 1);
  x = pl_net_activation(net, x, PL_TANH);
  if (num_classes > 0) {
    /* classifier: Linear(120, 84), Tanh, Linear(84, num_classes) on x.squeeze() */
    x = pl_net_linear(net, "backbone.classifier.0", x, 120, 84, 1);
    x = pl_net_activation(net, x, PL_TANH);
    x = pl_net_linear(net, "backbone.classifier.2", x, 84, (int)num_classes, 1);
  }
  return x;
}

/* ------------------------------------------------------------------------
 * ResNet and ResNet_CIFAR (mmcls/models/backbones/resnet.py, resnet_cifar.py) */

typedef struct resnet_cfg {
  int bottleneck, expansion;
  int stage_blocks[4];
  int num_stages, strides[4], dilations[4], out_last;
  int caffe; /* style='caffe': the stride sits on a bottleneck's first 1x1 */
  float eps, momentum;
  int norm_eval, frozen_stages, zero_init_residual;
} resnet_cfg;

/* Conv (no bias, mmcv's Kaiming init) then BatchNorm, named <prefix>.<conv>
 * and <prefix>.<norm>; the BatchNorm's weight starts at `gamma`. */
static int conv_bn(pl_net *net, const resnet_cfg *r, const char *prefix, const char *conv, const char *norm,
                   int x, int out_c, int k, int stride, int pad, int dilation, float gamma) {
  char name[112];
  snprintf(name, sizeof name, "%s.%s", prefix, conv);
  x = pl_net_conv(net, name, x, out_c, k, k, stride, stride, pad, pad, dilation, dilation, 1, 0);
  if (x >= 0) net->nodes[net->node_count - 1].init = PL_INIT_KAIMING_FAN_OUT;
  snprintf(name, sizeof name, "%s.%s", prefix, norm);
  x = pl_net_batchnorm(net, name, x, out_c, r->eps, r->momentum);
  if (x >= 0) net->nodes[net->node_count - 1].bn_gamma = gamma;
  return x;
}

/* One BasicBlock or Bottleneck named `prefix` ("backbone.layer1.0"). */
static int res_block(pl_net *net, const resnet_cfg *r, const char *prefix, int x, int in_c, int out_c, int stride,
                     int dilation) {
  const float last_gamma = r->zero_init_residual ? 0.0f : 1.0f;
  int y;
  if (!r->bottleneck) {
    y = conv_bn(net, r, prefix, "conv1", "bn1", x, out_c, 3, stride, dilation, dilation, 1.0f);
    y = pl_net_activation(net, y, PL_RELU);
    y = conv_bn(net, r, prefix, "conv2", "bn2", y, out_c, 3, 1, dilation, dilation, last_gamma);
  } else {
    const int mid = out_c / r->expansion;
    const int s1 = r->caffe ? stride : 1, s2 = r->caffe ? 1 : stride;
    y = conv_bn(net, r, prefix, "conv1", "bn1", x, mid, 1, s1, 0, 1, 1.0f);
    y = pl_net_activation(net, y, PL_RELU);
    y = conv_bn(net, r, prefix, "conv2", "bn2", y, mid, 3, s2, dilation, dilation, 1.0f);
    y = pl_net_activation(net, y, PL_RELU);
    y = conv_bn(net, r, prefix, "conv3", "bn3", y, out_c, 1, 1, 0, 1, last_gamma);
  }
  int identity = x;
  if (stride != 1 || in_c != out_c) {
    char downsample[112];
    snprintf(downsample, sizeof downsample, "%s.downsample", prefix);
    identity = conv_bn(net, r, downsample, "0", "1", x, out_c, 1, stride, 0, 1, 1.0f);
  }
  y = pl_net_add(net, y, identity);
  return pl_net_activation(net, y, PL_RELU);
}

/* Marks nodes [first, last) frozen (no gradient, BatchNorm in eval). */
static void freeze(pl_net *net, int first, int last) {
  for (int i = first; i < last; i++) net->nodes[i].frozen = net->nodes[i].norm_eval = 1;
}

static int resnet(ic_config *c, pl_net **out_net, int cifar) {
  const char *type = cifar ? "ResNet_CIFAR" : "ResNet";
  static const char *const keys[] = {
      "depth", "in_channels", "stem_channels", "base_channels", "expansion", "num_stages", "strides", "dilations",
      "out_indices", "style", "deep_stem", "avg_down", "frozen_stages", "conv_cfg", "norm_cfg", "norm_eval",
      "with_cp", "zero_init_residual", "drop_path_rate", NULL};
  static const char *const norm_keys[] = {"eps", "momentum", "requires_grad", NULL};
  if (ic_check_keys(c, "backbone", type, keys) != 0 || ic_check_keys(c, "backbone.norm_cfg", "BN", norm_keys) != 0)
    return -1;
  resnet_cfg r = {0};
  const int64_t depth = ic_int(c, "backbone.depth", 0, 0, 1000);
  if (c->failed) return -1;
  static const int blocks[5][4] = {{2, 2, 2, 2}, {3, 4, 6, 3}, {3, 4, 6, 3}, {3, 4, 23, 3}, {3, 8, 36, 3}};
  static const int depths[5] = {18, 34, 50, 101, 152};
  int arch = -1;
  for (int i = 0; i < 5; i++)
    if (depths[i] == depth) arch = i;
  if (!ic_has(c, "backbone.depth")) return ic_fail(c, "'backbone.depth' is required for %s", type);
  if (arch < 0)
    return ic_fail(c, "'backbone.depth' is %lld, which %s does not have; use 18, 34, 50, 101 or 152",
                   (long long)depth, type);
  r.bottleneck = depth >= 50;
  r.expansion = (int)ic_int(c, "backbone.expansion", r.bottleneck ? 4 : 1, 1, 64);
  memcpy(r.stage_blocks, blocks[arch], sizeof r.stage_blocks);
  const int in_channels = (int)ic_int(c, "backbone.in_channels", 3, 1, 65536);
  const int stem_channels = (int)ic_int(c, "backbone.stem_channels", 64, 1, 65536);
  const int base_channels = (int)ic_int(c, "backbone.base_channels", 64, 1, 65536);
  r.num_stages = (int)ic_int(c, "backbone.num_stages", 4, 1, 4);
  const int default_strides[4] = {1, 2, 2, 2}, default_dilations[4] = {1, 1, 1, 1};
  memcpy(r.strides, default_strides, sizeof r.strides);
  memcpy(r.dilations, default_dilations, sizeof r.dilations);
  const int strides = ic_ints(c, "backbone.strides", r.strides, 4, r.num_stages, 1, 64);
  const int dilations = ic_ints(c, "backbone.dilations", r.dilations, 4, r.num_stages, 1, 64);
  int out_indices[4] = {3};
  int out_count = ic_ints(c, "backbone.out_indices", out_indices, 4, 1, -4, 3);
  if (!ic_has(c, "backbone.out_indices")) out_indices[0] = r.num_stages - 1;
  const char *style = ic_str(c, "backbone.style", "pytorch");
  const int deep_stem = ic_bool(c, "backbone.deep_stem", 0);
  const int avg_down = ic_bool(c, "backbone.avg_down", 0);
  r.frozen_stages = (int)ic_int(c, "backbone.frozen_stages", -1, -1, 4);
  r.norm_eval = ic_bool(c, "backbone.norm_eval", 0);
  r.zero_init_residual = ic_bool(c, "backbone.zero_init_residual", 1);
  ic_bool(c, "backbone.with_cp", 0); /* checkpointing trades memory for time: nothing to do here */
  const char *norm = ic_str(c, "backbone.norm_cfg.type", "BN");
  r.eps = (float)ic_float(c, "backbone.norm_cfg.eps", 1e-5, 0, 1);
  r.momentum = (float)ic_float(c, "backbone.norm_cfg.momentum", 0.1, 0, 1);
  const int norm_trained = ic_bool(c, "backbone.norm_cfg.requires_grad", 1);
  const double drop_path = ic_float(c, "backbone.drop_path_rate", 0.0, 0.0, 1.0);
  if (c->failed) return -1;
  if (strides != r.num_stages || dilations != r.num_stages)
    return ic_fail(c, "'backbone.strides' and 'backbone.dilations' need num_stages = %d entries", r.num_stages);
  if (strcmp(style, "pytorch") != 0 && strcmp(style, "caffe") != 0)
    return ic_fail(c, "'backbone.style' is '%s'; use 'pytorch' or 'caffe'", style);
  r.caffe = strcmp(style, "caffe") == 0;
  if (cifar && deep_stem) return ic_fail(c, "'backbone.deep_stem' must be False for ResNet_CIFAR");
  if (avg_down) return ic_fail(c, "'backbone.avg_down' = True is not supported yet; remove it");
  if (strcmp(norm, "BN") != 0) return ic_fail(c, "'backbone.norm_cfg.type' is '%s'; only 'BN' is supported", norm);
  if (!norm_trained) return ic_fail(c, "'backbone.norm_cfg.requires_grad' = False is not supported yet");
  if (drop_path != 0.0) return ic_fail(c, "'backbone.drop_path_rate' is not supported yet; remove it");
  if (ic_has(c, "backbone.conv_cfg")) return ic_fail(c, "'backbone.conv_cfg' is not supported; remove it");
  if (r.frozen_stages > r.num_stages)
    return ic_fail(c, "'backbone.frozen_stages' is %d but there are %d stages", r.frozen_stages, r.num_stages);
  r.out_last = -1;
  for (int i = 0; i < out_count; i++) {
    const int index = out_indices[i] < 0 ? out_indices[i] + r.num_stages : out_indices[i];
    if (index < 0 || index >= r.num_stages)
      return ic_fail(c, "'backbone.out_indices' entry %d is %d, outside the %d stages", i, out_indices[i],
                     r.num_stages);
    if (index > r.out_last) r.out_last = index;
  }
  if (r.expansion > base_channels) return ic_fail(c, "'backbone.expansion' exceeds 'backbone.base_channels'");

  pl_net *net = *out_net = pl_net_new(in_channels);
  if (net == NULL) return ic_fail(c, "out of memory");
  int x;
  if (cifar) {
    x = conv_bn(net, &r, "backbone", "conv1", "bn1", 0, stem_channels, 3, 1, 1, 1, 1.0f);
    x = pl_net_activation(net, x, PL_RELU);
  } else {
    if (deep_stem) {
      const int half = stem_channels / 2 > 0 ? stem_channels / 2 : 1;
      x = conv_bn(net, &r, "backbone.stem.0", "conv", "bn", 0, half, 3, 2, 1, 1, 1.0f);
      x = pl_net_activation(net, x, PL_RELU);
      x = conv_bn(net, &r, "backbone.stem.1", "conv", "bn", x, half, 3, 1, 1, 1, 1.0f);
      x = pl_net_activation(net, x, PL_RELU);
      x = conv_bn(net, &r, "backbone.stem.2", "conv", "bn", x, stem_channels, 3, 1, 1, 1, 1.0f);
    } else {
      x = conv_bn(net, &r, "backbone", "conv1", "bn1", 0, stem_channels, 7, 2, 3, 1, 1.0f);
    }
    x = pl_net_activation(net, x, PL_RELU);
    x = pl_net_pool(net, PL_NODE_MAXPOOL, x, 3, 3, 2, 2, 1, 1);
  }
  if (r.frozen_stages >= 0) freeze(net, 0, net->node_count);
  int in_c = stem_channels, out_c = base_channels * r.expansion;
  int output = -1;
  for (int stage = 0; stage < r.num_stages; stage++) {
    const int first_node = net->node_count;
    for (int b = 0; b < r.stage_blocks[stage]; b++) {
      char prefix[64];
      snprintf(prefix, sizeof prefix, "backbone.layer%d.%d", stage + 1, b);
      x = res_block(net, &r, prefix, x, b == 0 ? in_c : out_c, out_c, b == 0 ? r.strides[stage] : 1,
                    r.dilations[stage]);
    }
    if (stage < r.frozen_stages) freeze(net, first_node, net->node_count);
    if (stage == r.out_last) output = x;
    in_c = out_c;
    out_c *= 2;
  }
  if (r.norm_eval)
    for (int i = 0; i < net->node_count; i++) net->nodes[i].norm_eval = 1;
  return output;
}

/* ------------------------------------------------------------------------
 * MobileNetV2 (mmcls/models/backbones/mobilenet_v2.py) */

typedef struct mobilenet_cfg {
  float eps, momentum;
  int activation; /* PL_RELU6, ...; 0 for act_cfg=None */
} mobilenet_cfg;

/* mmcls.models.utils.make_divisible(value, divisor): the nearest multiple
 * of divisor, at least divisor, and not below 90% of value. */
static int make_divisible(double value, int divisor) {
  int rounded = (int)(value + divisor / 2.0) / divisor * divisor;
  if (rounded < divisor) rounded = divisor;
  if (rounded < 0.9 * value) rounded += divisor;
  return rounded;
}

/* mmcv's ConvModule named `prefix`: <prefix>.conv (no bias, mmcv's Kaiming
 * init), <prefix>.bn, then the activation unless `activate` is 0 or there
 * is none (act_cfg=None). */
static int conv_module(pl_net *net, const mobilenet_cfg *m, const char *prefix, int x, int out_c, int k, int stride,
                       int groups, int activate) {
  char name[112];
  snprintf(name, sizeof name, "%s.conv", prefix);
  const int pad = k / 2;
  x = pl_net_conv(net, name, x, out_c, k, k, stride, stride, pad, pad, 1, 1, groups, 0);
  if (x >= 0) net->nodes[net->node_count - 1].init = PL_INIT_KAIMING_FAN_OUT;
  snprintf(name, sizeof name, "%s.bn", prefix);
  x = pl_net_batchnorm(net, name, x, out_c, m->eps, m->momentum);
  return activate && m->activation != 0 ? pl_net_activation(net, x, m->activation) : x;
}

/* One InvertedResidual named `prefix` ("backbone.layer2.0"): a 1x1
 * expansion (unless expand_ratio is 1), a 3x3 depthwise convolution
 * carrying the stride, a linear 1x1 projection, and the input added back
 * when the stride is 1 and the channels stay. */
static int inverted_residual(pl_net *net, const mobilenet_cfg *m, const char *prefix, int x, int in_c, int out_c,
                             int stride, int expand_ratio) {
  const int hidden = in_c * expand_ratio;
  char name[112];
  int y = x, index = 0;
  if (expand_ratio != 1) {
    snprintf(name, sizeof name, "%s.conv.%d", prefix, index++);
    y = conv_module(net, m, name, y, hidden, 1, 1, 1, 1);
  }
  snprintf(name, sizeof name, "%s.conv.%d", prefix, index++);
  y = conv_module(net, m, name, y, hidden, 3, stride, hidden, 1);
  snprintf(name, sizeof name, "%s.conv.%d", prefix, index);
  y = conv_module(net, m, name, y, out_c, 1, 1, 1, 0);
  return stride == 1 && in_c == out_c ? pl_net_add(net, x, y) : y;
}

static int mobilenet_v2(ic_config *c, pl_net **out_net) {
  static const char *const keys[] = {"widen_factor", "out_indices", "frozen_stages", "conv_cfg", "norm_cfg",
                                     "act_cfg", "norm_eval", "with_cp", "in_channels", NULL};
  static const char *const norm_keys[] = {"eps", "momentum", "requires_grad", NULL};
  static const char *const act_keys[] = {"inplace", NULL};
  if (ic_check_keys(c, "backbone", "MobileNetV2", keys) != 0 ||
      ic_check_keys(c, "backbone.norm_cfg", "BN", norm_keys) != 0 ||
      ic_check_keys(c, "backbone.act_cfg", "an activation", act_keys) != 0)
    return -1;
  /* expand_ratio, channel, num_blocks, stride of layer1 to layer7 */
  static const int arch[7][4] = {{1, 16, 1, 1},  {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2},
                                 {6, 96, 3, 1},  {6, 160, 3, 2}, {6, 320, 1, 1}};
  const double widen = ic_float(c, "backbone.widen_factor", 1.0, -1e9, 1e9);
  int out_indices[8] = {7};
  const int out_count = ic_ints(c, "backbone.out_indices", out_indices, 8, 1, 0, 7);
  const int frozen_stages = (int)ic_int(c, "backbone.frozen_stages", -1, -1, 7);
  const int norm_eval = ic_bool(c, "backbone.norm_eval", 0);
  const int in_channels = (int)ic_int(c, "backbone.in_channels", 3, 1, 65536);
  const char *norm = ic_str(c, "backbone.norm_cfg.type", "BN");
  mobilenet_cfg m = {
      .eps = (float)ic_float(c, "backbone.norm_cfg.eps", 1e-5, 0, 1),
      .momentum = (float)ic_float(c, "backbone.norm_cfg.momentum", 0.1, 0, 1),
  };
  const int norm_trained = ic_bool(c, "backbone.norm_cfg.requires_grad", 1);
  const char *act = ic_str(c, "backbone.act_cfg.type", "ReLU6");
  ic_bool(c, "backbone.act_cfg.inplace", 1); /* in place or not, the values are the same */
  if (c->failed) return -1;
  if (!(widen > 0.0 && widen <= 16.0))
    return ic_fail(c, "'backbone.widen_factor' is %g; it must be above 0 (and at most 16)", widen);
  if (ic_bool(c, "backbone.with_cp", 0))
    return ic_fail(c, "'backbone.with_cp' = True (activation checkpointing) is not supported; remove it");
  if (ic_has(c, "backbone.conv_cfg")) return ic_fail(c, "'backbone.conv_cfg' is not supported; remove it");
  if (strcmp(norm, "BN") != 0) return ic_fail(c, "'backbone.norm_cfg.type' is '%s'; only 'BN' is supported", norm);
  if (!norm_trained) return ic_fail(c, "'backbone.norm_cfg.requires_grad' = False is not supported yet");
  static const char *const act_names[] = {"ReLU6", "ReLU", "Tanh", "Sigmoid", "GELU"};
  static const int act_kinds[] = {PL_RELU6, PL_RELU, PL_TANH, PL_SIGMOID, PL_GELU};
  for (int i = 0; i < 5; i++)
    if (strcmp(act, act_names[i]) == 0) m.activation = act_kinds[i];
  if (m.activation == 0)
    return ic_fail(c, "'backbone.act_cfg.type' is '%s'; use ReLU6, ReLU, Tanh, Sigmoid or GELU", act);
  if (ic_is_none(c, "backbone.act_cfg")) m.activation = 0; /* act_cfg=None: ConvModules without one */
  int out_last = 0;
  for (int i = 0; i < out_count; i++) out_last = out_indices[i] > out_last ? out_indices[i] : out_last;

  pl_net *net = *out_net = pl_net_new(in_channels);
  if (net == NULL) return ic_fail(c, "out of memory");
  int in_c = make_divisible(32 * widen, 8);
  int x = conv_module(net, &m, "backbone.conv1", 0, in_c, 3, 2, 1, 1);
  /* mmcls freezes conv1's parameters but leaves its BatchNorm in training. */
  if (frozen_stages >= 0)
    for (int i = 0; i < net->node_count; i++) net->nodes[i].frozen = 1;
  int output = -1;
  for (int stage = 0; stage < 7; stage++) {
    const int out_c = make_divisible(arch[stage][1] * widen, 8), first_node = net->node_count;
    for (int b = 0; b < arch[stage][2]; b++) {
      char prefix[64];
      snprintf(prefix, sizeof prefix, "backbone.layer%d.%d", stage + 1, b);
      x = inverted_residual(net, &m, prefix, x, in_c, out_c, b == 0 ? arch[stage][3] : 1, arch[stage][0]);
      in_c = out_c;
    }
    if (stage < frozen_stages) freeze(net, first_node, net->node_count);
    if (stage == out_last) output = x;
  }
  const int out_channels = widen > 1.0 ? (int)(1280 * widen) : 1280;
  x = conv_module(net, &m, "backbone.conv2", x, out_channels, 1, 1, 1, 1);
  if (out_last == 7) output = x;
  if (norm_eval)
    for (int i = 0; i < net->node_count; i++) net->nodes[i].norm_eval = 1;
  return output;
}

/* ------------------------------------------------------------------------
 * Sequential: nn.Sequential of PyTorch layers, named backbone.<index> */

/* The keys each Sequential layer type takes besides "type"; NULL for a
 * type that is no layer. */
static const char *const *layer_keys(const char *type) {
  static const char *const conv[] = {"in_channels", "out_channels", "kernel_size", "stride", "padding", "dilation",
                                     "groups", "bias", NULL};
  static const char *const norm[] = {"num_features", "eps", "momentum", NULL};
  static const char *const linear[] = {"in_features", "out_features", "bias", NULL};
  static const char *const activation[] = {"inplace", NULL};
  static const char *const pool[] = {"kernel_size", "stride", "padding", "ceil_mode", "count_include_pad", NULL};
  static const char *const adaptive[] = {"output_size", NULL};
  static const char *const dropout[] = {"p", "inplace", NULL};
  static const char *const none[] = {NULL};
  if (strcmp(type, "Conv2d") == 0) return conv;
  if (strncmp(type, "BatchNorm", 9) == 0) return norm;
  if (strcmp(type, "Linear") == 0) return linear;
  if (strcmp(type, "MaxPool2d") == 0 || strcmp(type, "AvgPool2d") == 0) return pool;
  if (strcmp(type, "AdaptiveAvgPool2d") == 0) return adaptive;
  if (strcmp(type, "Dropout") == 0) return dropout;
  if (strcmp(type, "Flatten") == 0) return none;
  if (strcmp(type, "ReLU") == 0 || strcmp(type, "ReLU6") == 0 || strcmp(type, "Tanh") == 0 ||
      strcmp(type, "Sigmoid") == 0 || strcmp(type, "GELU") == 0)
    return activation;
  return NULL; /* not a layer: the type is refused below */
}

static int sequential(ic_config *c, pl_net **out_net) {
  static const char *const keys[] = {"in_channels", "layers", NULL};
  if (ic_check_keys(c, "backbone", "Sequential", keys) != 0) return -1;
  uint64_t count = 0;
  if (c->api->cfg_get_len(c->cfg, "backbone.layers", &count) != PACER_OK || count == 0 || count > 4096)
    return ic_fail(c, "'backbone.layers' must be a non-empty list of layer dicts for Sequential");
  const int in_channels = (int)ic_int(c, "backbone.in_channels", 3, 1, 65536);
  pl_net *net = *out_net = pl_net_new(in_channels);
  if (net == NULL) return ic_fail(c, "out of memory");
  int x = 0;
  for (uint64_t i = 0; i < count && !c->failed; i++) {
    char key[96], name[64];
    snprintf(name, sizeof name, "backbone.%d", (int)i);
#define KEY(k) (snprintf(key, sizeof key, "backbone.layers.%d.%s", (int)i, k), key)
    const char *type = ic_str(c, KEY("type"), NULL);
    if (type == NULL) return ic_fail(c, "'backbone.layers.%d' needs a 'type'", (int)i);
    const int channels = net->tensors[x].c;
    char layer_path[48];
    snprintf(layer_path, sizeof layer_path, "backbone.layers.%d", (int)i);
    if (ic_check_keys(c, layer_path, type, layer_keys(type)) != 0) return -1;
    if (strcmp(type, "Conv2d") == 0) {
      const int in_c = (int)ic_int(c, KEY("in_channels"), 0, 1, 65536);
      const int out_c = (int)ic_int(c, KEY("out_channels"), 0, 1, 65536);
      int k[2] = {0, 0}, s[2] = {1, 1}, p[2] = {0, 0}, d[2] = {1, 1};
      if (ic_ints(c, KEY("kernel_size"), k, 2, 0, 1, 64) == 0) return ic_fail(c, "'%s' is required", key);
      ic_ints(c, KEY("stride"), s, 2, 0, 1, 64);
      ic_ints(c, KEY("padding"), p, 2, 0, 0, 64);
      ic_ints(c, KEY("dilation"), d, 2, 0, 1, 64);
      const int groups = (int)ic_int(c, KEY("groups"), 1, 1, 65536);
      const int bias = ic_bool(c, KEY("bias"), 1);
      if (c->failed) return -1;
      if (channels >= 0 && in_c != channels)
        return ic_fail(c, "'backbone.layers.%d.in_channels' is %d but the layer before gives %d channels", (int)i,
                       in_c, channels);
      if (in_c % groups != 0 || out_c % groups != 0)
        return ic_fail(c, "'backbone.layers.%d.groups' (%d) must divide in_channels and out_channels", (int)i,
                       groups);
      x = pl_net_conv(net, name, x, out_c, k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1], groups, bias);
    } else if (strcmp(type, "BatchNorm2d") == 0 || strcmp(type, "BatchNorm1d") == 0) {
      const int features = (int)ic_int(c, KEY("num_features"), 0, 1, 1 << 24);
      const float eps = (float)ic_float(c, KEY("eps"), 1e-5, 0, 1);
      const float momentum = (float)ic_float(c, KEY("momentum"), 0.1, 0, 1);
      if (c->failed) return -1;
      if (channels >= 0 && features != channels)
        return ic_fail(c, "'backbone.layers.%d.num_features' is %d but the layer before gives %d channels", (int)i,
                       features, channels);
      x = pl_net_batchnorm(net, name, x, features, eps, momentum);
    } else if (strcmp(type, "Linear") == 0) {
      const int in = (int)ic_int(c, KEY("in_features"), 0, 1, 1 << 28);
      const int out = (int)ic_int(c, KEY("out_features"), 0, 1, 1 << 24);
      const int bias = ic_bool(c, KEY("bias"), 1);
      if (c->failed) return -1;
      x = pl_net_linear(net, name, x, in, out, bias);
    } else if (strcmp(type, "ReLU") == 0 || strcmp(type, "ReLU6") == 0 || strcmp(type, "Tanh") == 0 ||
               strcmp(type, "Sigmoid") == 0 || strcmp(type, "GELU") == 0) {
      ic_bool(c, KEY("inplace"), 0);
      const int kind = type[0] == 'T' ? PL_TANH : type[0] == 'S' ? PL_SIGMOID : type[0] == 'G' ? PL_GELU
                       : strcmp(type, "ReLU6") == 0 ? PL_RELU6 : PL_RELU;
      x = pl_net_activation(net, x, kind);
    } else if (strcmp(type, "MaxPool2d") == 0 || strcmp(type, "AvgPool2d") == 0) {
      int k[2] = {0, 0}, p[2] = {0, 0};
      if (ic_ints(c, KEY("kernel_size"), k, 2, 0, 1, 64) == 0) return ic_fail(c, "'%s' is required", key);
      int s[2] = {k[0], k[1]};
      ic_ints(c, KEY("stride"), s, 2, 0, 1, 64);
      ic_ints(c, KEY("padding"), p, 2, 0, 0, 32);
      if (ic_bool(c, KEY("ceil_mode"), 0)) return ic_fail(c, "'%s' = True is not supported", key);
      if (type[0] == 'A' && !ic_bool(c, KEY("count_include_pad"), 1))
        return ic_fail(c, "'%s' = False is not supported", key);
      if (c->failed) return -1;
      if (2 * p[0] > k[0] || 2 * p[1] > k[1])
        return ic_fail(c, "'backbone.layers.%d.padding' must be at most half the kernel size", (int)i);
      x = pl_net_pool(net, type[0] == 'M' ? PL_NODE_MAXPOOL : PL_NODE_AVGPOOL, x, k[0], k[1], s[0], s[1], p[0],
                      p[1]);
    } else if (strcmp(type, "AdaptiveAvgPool2d") == 0) {
      int o[2] = {0, 0};
      if (ic_ints(c, KEY("output_size"), o, 2, 0, 1, 4096) == 0) return ic_fail(c, "'%s' is required", key);
      x = pl_net_adaptive_avgpool(net, x, o[0], o[1]);
    } else if (strcmp(type, "Dropout") == 0) {
      const float p = (float)ic_float(c, KEY("p"), 0.5, 0.0, 1.0);
      ic_bool(c, KEY("inplace"), 0);
      x = pl_net_dropout(net, x, p);
    } else if (strcmp(type, "Flatten") == 0) {
      x = pl_net_flatten(net, x);
    } else {
      return ic_fail(c, "'backbone.layers.%d.type' is '%s', not a layer Sequential knows (Conv2d, BatchNorm2d, "
                        "BatchNorm1d, Linear, ReLU, ReLU6, Tanh, Sigmoid, GELU, MaxPool2d, AvgPool2d, "
                        "AdaptiveAvgPool2d, Dropout, Flatten)", (int)i, type);
    }
#undef KEY
  }
  return c->failed ? -1 : x;
}

int ic_build_backbone(ic_config *c, pl_net **net) {
  *net = NULL;
  const char *type = ic_str(c, "backbone.type", NULL);
  if (c->failed) return -1;
  if (type == NULL) return ic_fail(c, "'backbone' must be a dict with a 'type'");
  int x;
  if (strcmp(type, "LeNet5") == 0) {
    x = lenet5(c, net);
  } else if (strcmp(type, "ResNet_CIFAR") == 0) {
    x = resnet(c, net, 1);
  } else if (strcmp(type, "ResNet") == 0) {
    x = resnet(c, net, 0);
  } else if (strcmp(type, "MobileNetV2") == 0) {
    x = mobilenet_v2(c, net);
  } else if (strcmp(type, "Sequential") == 0) {
    x = sequential(c, net);
  } else {
    return ic_fail(c,
                   "'backbone.type' is '%s', not a backbone Pacer has (LeNet5, ResNet, ResNet_CIFAR, MobileNetV2, "
                   "Sequential)",
                   type);
  }
  if (c->failed) return -1;
  if (*net == NULL || (*net)->out_of_memory || x < 0) return ic_fail(c, "out of memory building the backbone");
  return x;
}
