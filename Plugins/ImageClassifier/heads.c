/* mmcls 0.x necks, heads and losses built into a network; see mmcls.h. */
#include <stdio.h>
#include <string.h>

#include "mmcls.h"

int ic_build_neck(ic_config *c, pl_net *net, int in) {
  if (!ic_has(c, "neck")) return in;
  const char *type = ic_str(c, "neck.type", NULL);
  if (c->failed) return -1;
  if (type == NULL) return ic_fail(c, "'neck' must be None or a dict with a 'type'");
  if (strcmp(type, "GlobalAveragePooling") != 0)
    return ic_fail(c, "'neck.type' is '%s', not a neck Pacer has (GlobalAveragePooling)", type);
  static const char *const keys[] = {"dim", NULL};
  if (ic_check_keys(c, "neck", type, keys) != 0) return -1;
  if (ic_int(c, "neck.dim", 2, 1, 3) != 2) return ic_fail(c, "'neck.dim' must be 2 (images)");
  const int x = pl_net_adaptive_avgpool(net, in, 1, 1);
  return x < 0 ? ic_fail(c, "out of memory building the neck") : x;
}

/* head.loss into *loss. */
static int read_loss(ic_config *c, ic_loss *loss) {
  *loss = (ic_loss){.loss_weight = 1.0f};
  if (!ic_has(c, "head.loss")) return 0;
  const char *type = ic_str(c, "head.loss.type", NULL);
  if (c->failed) return -1;
  if (type == NULL) return ic_fail(c, "'head.loss' must be a dict with a 'type'");
  if (strcmp(type, "CrossEntropyLoss") != 0 && strcmp(type, "LabelSmoothLoss") != 0)
    return ic_fail(c, "'head.loss.type' is '%s', not a loss Pacer has (CrossEntropyLoss, LabelSmoothLoss)", type);
  static const char *const cross_entropy_keys[] = {"loss_weight", "reduction", "class_weight", "use_sigmoid", "use_soft",
                                              NULL};
  static const char *const smooth_keys[] = {"label_smooth_val", "num_classes", "mode", "reduction", "loss_weight", NULL};
  if (ic_check_keys(c, "head.loss", type, strcmp(type, "LabelSmoothLoss") == 0 ? smooth_keys : cross_entropy_keys) != 0)
    return -1;
  loss->loss_weight = (float)ic_float(c, "head.loss.loss_weight", 1.0, 0.0, 1e6);
  const char *reduction = ic_str(c, "head.loss.reduction", "mean");
  if (c->failed) return -1;
  if (strcmp(reduction, "mean") != 0) return ic_fail(c, "'head.loss.reduction' is '%s'; use 'mean'", reduction);
  if (ic_has(c, "head.loss.class_weight")) return ic_fail(c, "'head.loss.class_weight' is not supported yet");
  if (strcmp(type, "CrossEntropyLoss") == 0) {
    if (ic_bool(c, "head.loss.use_sigmoid", 0))
      return ic_fail(c, "'head.loss.use_sigmoid' = True is not supported: the heads here are softmax heads");
    ic_bool(c, "head.loss.use_soft", 0); /* soft labels equal hard ones for class-index targets */
    return c->failed ? -1 : 0;
  }
  /* LabelSmoothLoss */
  if (!ic_has(c, "head.loss.label_smooth_val"))
    return ic_fail(c, "'head.loss.label_smooth_val' is required for LabelSmoothLoss");
  const double smooth = ic_float(c, "head.loss.label_smooth_val", 0.0, 0.0, 1.0);
  loss->num_classes = (int)ic_int(c, "head.loss.num_classes", 0, 1, 1 << 20);
  const char *mode = ic_str(c, "head.loss.mode", "original");
  if (c->failed) return -1;
  if (strcmp(mode, "original") == 0) {
    loss->smooth = (float)smooth;
  } else if (strcmp(mode, "classy_vision") == 0) {
    loss->smooth = (float)(smooth / (1.0 + smooth));
  } else {
    return ic_fail(c, "'head.loss.mode' is '%s'; use 'original' or 'classy_vision'", mode);
  }
  return 0;
}

/* head.in_channels, which must equal the channels reaching the head. */
static int read_in_channels(ic_config *c, const pl_net *net, int in) {
  if (!ic_has(c, "head.in_channels")) return ic_fail(c, "'head.in_channels' is required");
  const int in_channels = (int)ic_int(c, "head.in_channels", 0, 1, 1 << 28);
  if (c->failed) return -1;
  if (net->tensors[in].c >= 0 && in_channels != net->tensors[in].c) /* -1 after a Flatten: checked when bound */
    return ic_fail(c, "'head.in_channels' is %d but the %s gives %d channels", in_channels,
                   ic_has(c, "neck") ? "neck" : "backbone", net->tensors[in].c);
  return in_channels;
}

/* head.num_classes, required. */
static int read_num_classes(ic_config *c) {
  if (!ic_has(c, "head.num_classes")) return ic_fail(c, "'head.num_classes' is required");
  return (int)ic_int(c, "head.num_classes", 0, 1, 1 << 20);
}

/* A Linear initialised as mmcls's heads do: Normal(std 0.01), bias 0. */
static int head_linear(pl_net *net, const char *name, int x, int in, int out) {
  x = pl_net_linear(net, name, x, in, out, 1);
  if (x >= 0) {
    net->nodes[net->node_count - 1].init = PL_INIT_NORMAL;
    net->nodes[net->node_count - 1].init_std = 0.01f;
  }
  return x;
}

int ic_build_head(ic_config *c, pl_net *net, int in, ic_loss *loss, int *topk, int *topk_count) {
  const char *type = ic_str(c, "head.type", NULL);
  if (c->failed) return -1;
  if (type == NULL) return ic_fail(c, "'head' must be a dict with a 'type'");
  if (strcmp(type, "ClsHead") != 0 && strcmp(type, "LinearClsHead") != 0 && strcmp(type, "StackedLinearClsHead") != 0)
    return ic_fail(c, "'head.type' is '%s', not a head Pacer has (ClsHead, LinearClsHead, StackedLinearClsHead)",
                   type);
  static const char *const cls_keys[] = {"loss", "topk", "cal_acc", "init_cfg", NULL};
  static const char *const linear_keys[] = {"loss", "topk", "cal_acc", "init_cfg", "num_classes", "in_channels", NULL};
  static const char *const stacked_keys[] = {"loss", "topk", "cal_acc", "init_cfg", "num_classes", "in_channels",
                                             "mid_channels", "dropout_rate", "norm_cfg", "act_cfg", NULL};
  static const char *const no_keys[] = {NULL};
  const char *const *keys = strcmp(type, "LinearClsHead") == 0 ? linear_keys
                            : strcmp(type, "StackedLinearClsHead") == 0 ? stacked_keys : cls_keys;
  if (ic_check_keys(c, "head", type, keys) != 0 || ic_check_keys(c, "head.act_cfg", "act_cfg", no_keys) != 0 ||
      ic_check_keys(c, "head.norm_cfg", "norm_cfg", no_keys) != 0)
    return -1;
  topk[0] = 1;
  *topk_count = ic_ints(c, "head.topk", topk, 8, 1, 1, 1 << 20);
  ic_bool(c, "head.cal_acc", 0); /* the val step always reports accuracy */
  if (read_loss(c, loss) != 0) return -1;
  if (ic_has(c, "head.init_cfg")) return ic_fail(c, "'head.init_cfg' is not supported yet; remove it");
  int x = in;
  if (strcmp(type, "ClsHead") == 0) {
    /* The input is the logits. */
  } else if (strcmp(type, "LinearClsHead") == 0) {
    const int classes = read_num_classes(c);
    const int in_channels = read_in_channels(c, net, in);
    if (c->failed) return -1;
    x = head_linear(net, "head.fc", x, in_channels, classes);
  } else { /* StackedLinearClsHead */
    const int classes = read_num_classes(c);
    int width = read_in_channels(c, net, in);
    int mid[64];
    const int mids = ic_ints(c, "head.mid_channels", mid, 64, 0, 1, 1 << 24);
    if (!c->failed && mids == 0) return ic_fail(c, "'head.mid_channels' is required: a list of widths");
    const float dropout = (float)ic_float(c, "head.dropout_rate", 0.0, 0.0, 1.0);
    const char *norm = ic_has(c, "head.norm_cfg") ? ic_str(c, "head.norm_cfg.type", "?") : NULL;
    const char *act = ic_has(c, "head.act_cfg") ? ic_str(c, "head.act_cfg.type", "?") : "ReLU";
    if (c->failed) return -1;
    int act_kind = 0;
    if (act != NULL) {
      act_kind = strcmp(act, "ReLU") == 0 ? PL_RELU : strcmp(act, "ReLU6") == 0 ? PL_RELU6
                 : strcmp(act, "Tanh") == 0 ? PL_TANH : strcmp(act, "Sigmoid") == 0 ? PL_SIGMOID
                 : strcmp(act, "GELU") == 0 ? PL_GELU : 0;
      if (act_kind == 0)
        return ic_fail(c, "'head.act_cfg.type' is '%s'; use ReLU, ReLU6, Tanh, Sigmoid or GELU", act);
    }
    if (norm != NULL && strcmp(norm, "BN1d") != 0 && strcmp(norm, "BN") != 0)
      return ic_fail(c, "'head.norm_cfg.type' is '%s'; only 'BN1d' is supported", norm);
    for (int i = 0; i <= mids; i++) {
      const int last = i == mids, out = last ? classes : mid[i];
      char name[64];
      snprintf(name, sizeof name, "head.layers.%d.fc", i);
      x = head_linear(net, name, x, width, out);
      if (!last) {
        if (norm != NULL) {
          snprintf(name, sizeof name, "head.layers.%d.norm", i);
          x = pl_net_batchnorm(net, name, x, out, 1e-5f, 0.1f);
        }
        if (act_kind != 0) x = pl_net_activation(net, x, act_kind);
        if (dropout > 0.0f) x = pl_net_dropout(net, x, dropout);
      }
      width = out;
    }
  }
  if (c->failed) return -1;
  return x < 0 ? ic_fail(c, "out of memory building the head") : x;
}
