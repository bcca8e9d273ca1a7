/*
 * ImageClassifier: mmcls 0.x's ImageClassifier as a Pacer model plugin.
 *
 *   model = dict(type='ImageClassifier',
 *                backbone=dict(type='ResNet_CIFAR', depth=18, ...),
 *                neck=dict(type='GlobalAveragePooling'),
 *                head=dict(type='LinearClsHead', num_classes=10, in_channels=512,
 *                          loss=dict(type='CrossEntropyLoss', loss_weight=1.0), topk=(1, 5)))
 *
 * create() builds the backbone, neck and head by name (mmcls.h) into one
 * network of layers (network.h, layers.h), draws the initial weights and
 * refuses a config that cannot work with one line naming the key. The
 * first batch binds the network to its image size, which allocates every
 * buffer; later steps of that shape allocate nothing.
 *
 * The loss is mmcls's: softmax cross-entropy with optional label smoothing
 * (LabelSmoothLoss), times loss_weight, averaged over the batch. A val step
 * reports top-1 "accuracy" (and "accuracy_top-<k>" for each other k of
 * topk) and each sample's softmax scores.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pacer/pacer.h>

#include "mmcls.h"
#include "model_kit.h"

typedef struct ic_model {
  const pacer_host_api *api;
  pl_net *net;
  ic_loss loss;
  int topk[8], topk_count;
} ic_model;

#define fail(api, err, code, ...) mk_fail((api), (err), (code), IC_TYPE_NAME, __VA_ARGS__)

/* ------------------------------------------------------------------------
 * The loss */

/* Mean (over n rows) of loss_weight * cross-entropy of softmax(logits)
 * against the labels smoothed by loss->smooth, in double; counts in
 * hits[k] the rows whose label is among the topk[k] largest logits (ties
 * counted in the label's favour) and in *top1 those whose label has the
 * largest. When
 * dlogits is non-NULL it receives the gradient of the mean loss. */
static double softmax_loss(const ic_model *m, const float *logits, const int64_t *labels, int n, int classes,
                           float *dlogits, int64_t *hits, int64_t *top1) {
  const double eps = m->loss.smooth, weight = m->loss.loss_weight;
  double total = 0.0;
  for (int k = 0; k < m->topk_count; k++) hits[k] = 0;
  *top1 = 0;
  for (int i = 0; i < n; i++) {
    const float *z = logits + (size_t)i * classes;
    const int y = (int)labels[i];
    float max = z[0];
    for (int j = 1; j < classes; j++) max = z[j] > max ? z[j] : max;
    double sum = 0.0, mean_z = 0.0;
    for (int j = 0; j < classes; j++) {
      sum += exp((double)z[j] - max);
      mean_z += z[j];
    }
    mean_z /= classes;
    const double lse = log(sum) + max;
    /* target = (1 - eps) onehot + eps / classes */
    total += lse - (1.0 - eps) * z[y] - eps * mean_z;
    int above = 0; /* logits strictly above the label's: its rank */
    for (int j = 0; j < classes; j++) above += z[j] > z[y];
    for (int k = 0; k < m->topk_count; k++) hits[k] += above < m->topk[k];
    *top1 += above == 0;
    if (dlogits != NULL) {
      float *dz = dlogits + (size_t)i * classes;
      for (int j = 0; j < classes; j++) {
        const double target = (j == y ? 1.0 - eps : 0.0) + eps / classes;
        dz[j] = (float)(weight * (exp((double)z[j] - lse) - target) / n);
      }
    }
  }
  return weight * total / n;
}

/* ------------------------------------------------------------------------
 * Steps */

/* Checks the batch, binds the network to its shape and finds the labels. */
static pacer_status bind_batch(ic_model *m, const pacer_batch *batch, const float **img, const int64_t **labels,
                               int *n, int *classes, pacer_error *err) {
  pl_net *net = m->net;
  if (!PACER_HAS_FIELD(batch, pacer_batch, fields) || (batch->field_count > 0 && batch->fields == NULL) ||
      (batch->field_count > 1 && batch->field_stride < offsetof(pacer_tensor, grad)))
    return fail(m->api, err, PACER_E_INVALID_ARG, "malformed batch");
  const pacer_tensor *x = mk_find_field(batch, "img");
  if (x == NULL) return fail(m->api, err, PACER_E_INVALID_ARG, "batch has no 'img' field");
  if (x->dtype != PACER_DTYPE_F32) return fail(m->api, err, PACER_E_INVALID_ARG, "'img' must be F32");
  const int channels = net->tensors[0].c;
  if (x->ndim != 4 || x->shape == NULL || x->shape[0] < 1 || x->shape[0] > INT_MAX / 4 || x->shape[1] != channels ||
      x->shape[2] < 1 || x->shape[2] > 16384 || x->shape[3] < 1 || x->shape[3] > 16384)
    return fail(m->api, err, PACER_E_INVALID_ARG,
                "'img' must have shape [N, %d, H, W] (the backbone's in_channels is %d)", channels, channels);
  const int64_t count = x->shape[0];
  if (x->numel != (uint64_t)count * (uint64_t)channels * (uint64_t)x->shape[2] * (uint64_t)x->shape[3] ||
      x->data == NULL)
    return fail(m->api, err, PACER_E_INVALID_ARG, "'img' has no data or a numel its shape does not give");
  char why[300];
  const int bound = pl_net_bind(net, (int)count, (int)x->shape[2], (int)x->shape[3], why, sizeof why);
  if (bound == -1)
    return fail(m->api, err, PACER_E_INVALID_ARG, "%dx%d images do not fit the model: %s", (int)x->shape[2],
                (int)x->shape[3], why);
  if (bound != 0) return fail(m->api, err, PACER_E_NO_MEMORY, "out of memory for batches of %d", (int)count);
  const int c = pl_net_output_features(net);
  if (m->loss.num_classes > 0 && m->loss.num_classes != c)
    return fail(m->api, err, PACER_E_INVALID_ARG, "head.loss.num_classes is %d but the head gives %d scores",
                m->loss.num_classes, c);
  for (int k = 0; k < m->topk_count; k++)
    if (m->topk[k] > c)
      return fail(m->api, err, PACER_E_INVALID_ARG, "head.topk has %d, more than the %d classes", m->topk[k], c);
  pacer_status status = mk_labels(m->api, err, IC_TYPE_NAME, batch, count, c, labels);
  if (status != PACER_OK) return status;
  *img = x->data;
  *n = (int)count;
  *classes = c;
  return PACER_OK;
}

static pacer_status ic_train_step(void *self, pacer_ctx *ctx, const pacer_batch *batch, pacer_step_output *out,
                                  pacer_error *err) {
  (void)ctx;
  ic_model *m = self;
  const float *img;
  const int64_t *labels;
  int n, classes;
  pacer_status status = bind_batch(m, batch, &img, &labels, &n, &classes, err);
  if (status != PACER_OK) return status;
  m->net->training = 1;
  pl_net_forward(m->net, img, n);
  int64_t hits[8], top1;
  const double loss =
      softmax_loss(m, pl_net_output(m->net), labels, n, classes, pl_net_output_grad(m->net), hits, &top1);
  pl_net_backward(m->net, n);
  mk_report(out, loss, n);
  return PACER_OK;
}

static pacer_status ic_val_step(void *self, pacer_ctx *ctx, const pacer_batch *batch, pacer_step_output *out,
                                pacer_error *err) {
  ic_model *m = self;
  const float *img;
  const int64_t *labels;
  int n, classes;
  pacer_status status = bind_batch(m, batch, &img, &labels, &n, &classes, err);
  if (status != PACER_OK) return status;
  m->net->training = 0;
  pl_net_forward(m->net, img, n);
  int64_t hits[8], top1;
  const float *logits = pl_net_output(m->net);
  const double loss = softmax_loss(m, logits, labels, n, classes, NULL, hits, &top1);
  for (int k = 0; k < m->topk_count; k++) {
    if (m->topk[k] == 1) continue; /* top-1 is "accuracy" */
    char name[32];
    snprintf(name, sizeof name, "accuracy_top-%d", m->topk[k]);
    status = m->api->ctx_output_put(ctx, name, (double)hits[k] / n);
    if (status != PACER_OK) return fail(m->api, err, status, "the host refused the '%s' output", name);
  }
  return mk_report_val(m->api, ctx, err, IC_TYPE_NAME, out, loss, top1, logits, n, classes);
}

/* ------------------------------------------------------------------------
 * Parameters and buffers */

static uint32_t ic_param_count(void *self) { return ((ic_model *)self)->net->param_count; }
static uint32_t ic_buffer_count(void *self) { return ((ic_model *)self)->net->buffer_count; }

static pacer_status view_of(const pl_param *p, pacer_tensor *out) {
  const pacer_tensor view = {
      .struct_size = sizeof(pacer_tensor),
      .dtype = PACER_DTYPE_F32,
      .name = p->name,
      .ndim = p->ndim,
      .shape = p->shape,
      .numel = p->numel,
      .data = p->data,
      .grad = p->grad,
  };
  return mk_write_tensor(out, &view);
}

static pacer_status ic_param_at(void *self, uint32_t index, pacer_tensor *out) {
  const pl_net *net = ((ic_model *)self)->net;
  if (index >= net->param_count || out == NULL) return PACER_E_NOT_FOUND;
  return view_of(&net->params[index], out);
}

static pacer_status ic_buffer_at(void *self, uint32_t index, pacer_tensor *out) {
  const pl_net *net = ((ic_model *)self)->net;
  if (index >= net->buffer_count || out == NULL) return PACER_E_NOT_FOUND;
  return view_of(&net->buffers[index], out);
}

/* ------------------------------------------------------------------------
 * Life cycle */

static void ic_destroy(void *self) {
  ic_model *m = self;
  pl_net_free(m->net);
  free(m);
}

static pacer_status ic_create(const pacer_plugin_desc *desc, const pacer_host_api *api, const pacer_config *cfg,
                              void **out_self, pacer_error *err) {
  (void)desc;
  ic_config c = {.api = api, .cfg = cfg, .err = err};
  ic_model *m = calloc(1, sizeof *m);
  if (m == NULL) return fail(api, err, PACER_E_NO_MEMORY, "out of memory");
  m->api = api;
  /* Reading the config as JSON (for the keys inside backbone, neck and
   * head) stops the host refusing unknown top-level keys: refuse them here. */
  static const char *const keys[] = {"backbone", "neck", "head", "init_cfg", "pretrained", "train_cfg",
                                     "init_seed", "priority", NULL};
  ic_check_keys(&c, "", IC_TYPE_NAME, keys);
  const int64_t seed = ic_int(&c, "init_seed", 0, INT64_MIN, INT64_MAX);
  if (ic_has(&c, "init_cfg")) ic_fail(&c, "'init_cfg' is not supported yet; remove it (use load_from for weights)");
  if (ic_has(&c, "pretrained")) ic_fail(&c, "'pretrained' is not supported; use load_from with a safetensors file");
  if (ic_has(&c, "train_cfg")) ic_fail(&c, "'train_cfg' (Mixup, CutMix) is not supported yet; remove it");
  if (!c.failed && !ic_has(&c, "backbone")) ic_fail(&c, "'backbone' is required");
  if (!c.failed && !ic_has(&c, "head")) ic_fail(&c, "'head' is required");
  int x = c.failed ? -1 : ic_build_backbone(&c, &m->net);
  if (!c.failed) x = ic_build_neck(&c, m->net, x);
  if (!c.failed) x = ic_build_head(&c, m->net, x, &m->loss, m->topk, &m->topk_count);
  if (!c.failed && pl_net_finish(m->net) != 0) ic_fail(&c, "out of memory for the parameters");
  if (c.failed) {
    ic_destroy(m);
    return PACER_E_INVALID_ARG;
  }
  pl_net_init(m->net, (uint64_t)seed);
  *out_self = m;
  return PACER_OK;
}

/* ------------------------------------------------------------------------
 * Registration */

static const pacer_model_vtable ic_vtable = {
    .struct_size = sizeof(pacer_model_vtable),
    .param_count = ic_param_count,
    .param_at = ic_param_at,
    .buffer_count = ic_buffer_count,
    .buffer_at = ic_buffer_at,
    .train_step = ic_train_step,
    .val_step = ic_val_step,
    .save_state = NULL, /* BatchNorm statistics and the dropout stream are buffers */
    .load_state = NULL,
};

static const pacer_plugin_desc ic_desc = {
    .struct_size = sizeof(pacer_plugin_desc),
    .kind = PACER_KIND_MODEL,
    .type_name = IC_TYPE_NAME,
    .version = "0.1.0",
    .description = "mmcls 0.x ImageClassifier: backbone (LeNet5, ResNet, ResNet_CIFAR, MobileNetV2, Sequential), neck "
                   "(GlobalAveragePooling), head (ClsHead, LinearClsHead, StackedLinearClsHead) on OpenBLAS",
    .default_priority = PACER_PRIORITY_NORMAL,
    .required_features = 0,
    .create = ic_create,
    .destroy = ic_destroy,
    .vtable = &ic_vtable,
};

PACER_LIBRARY(&ic_desc)
