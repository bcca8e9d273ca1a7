/*
 * mmcls.h: MMClassification 0.x's model parts, built by name from the
 * model's config into a network (network.h): backbones (LeNet5,
 * ResNet_CIFAR, ResNet, MobileNetV2, Sequential), the GlobalAveragePooling
 * neck and the heads (ClsHead, LinearClsHead, StackedLinearClsHead) with
 * their losses.
 * Module paths, and so parameter names, are mmcls's state_dict keys.
 */
#ifndef PACER_IMAGE_CLASSIFIER_MMCLS_H
#define PACER_IMAGE_CLASSIFIER_MMCLS_H

#include <pacer/pacer.h>

#include "network.h"

/* The registry name, which starts every error message. */
#define IC_TYPE_NAME "ImageClassifier"

/* Reading one config during create. The first failure stores its message
 * (one line naming the dotted key) in `err` and sets `failed`; every
 * reader then does nothing, so a builder checks once at its end. */
typedef struct ic_config {
  const pacer_host_api *api;
  const pacer_config *cfg;
  pacer_error *err;
  int failed;
} ic_config;

/* Stores a one-line error, "ImageClassifier: <message>", unless one is
 * stored already. Returns -1. */
__attribute__((format(printf, 2, 3))) int ic_fail(ic_config *c, const char *fmt, ...);

/* Readers of the key `path` (dotted, "backbone.depth"): each stores the
 * default when the key is absent or None, and fails naming the key when its
 * value has another type or lies outside [lo, hi]. */
int64_t ic_int(ic_config *c, const char *path, int64_t fallback, int64_t lo, int64_t hi);
double ic_float(ic_config *c, const char *path, double fallback, double lo, double hi);
int ic_bool(ic_config *c, const char *path, int fallback);
/* The string at path, or `fallback` (which may be NULL) when absent. */
const char *ic_str(ic_config *c, const char *path, const char *fallback);
/* An int or a list of ints at path, into out[0..max) (an int fills every
 * entry); returns how many entries the value gave, `fallback_count` with
 * out untouched when absent. */
int ic_ints(ic_config *c, const char *path, int *out, int max, int fallback_count, int64_t lo, int64_t hi);
/* 1 when the key holds a non-None value. */
int ic_has(ic_config *c, const char *path);
/* 1 when the key is there and holds None (where None means something other
 * than the default, as act_cfg=None means no activation). */
int ic_is_none(ic_config *c, const char *path);

/* Refuses any key of the dict at `path` ("backbone", "backbone.layers.2",
 * "" for the model's own dict) that is neither "type" nor in `allowed`
 * (NULL-terminated), naming it, `owner` (the type whose options those are)
 * and the closest allowed key. `allowed` NULL: nothing to check. */
int ic_check_keys(ic_config *c, const char *path, const char *owner, const char *const *allowed);

/* What the head computes the loss and accuracy with. */
typedef struct ic_loss {
  float loss_weight;
  float smooth;    /* the label smoothing, 0 for plain cross-entropy */
  int num_classes; /* LabelSmoothLoss's num_classes, 0 when not given */
} ic_loss;

/* Builds `model.backbone` into net, whose input tensor's channels are set
 * from the backbone's in_channels; returns the output tensor. */
int ic_build_backbone(ic_config *c, pl_net **net);
/* Builds `model.neck` (absent or None: nothing) after tensor `in`. */
int ic_build_neck(ic_config *c, pl_net *net, int in);
/* Builds `model.head` after tensor `in`: its layers, its loss and topk. */
int ic_build_head(ic_config *c, pl_net *net, int in, ic_loss *loss, int *topk, int *topk_count);

#endif /* PACER_IMAGE_CLASSIFIER_MMCLS_H */
