/* The layer graph: building, binding to a batch shape, forward and
 * backward; see network.h. */
#include "network.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------
 * Building */

pl_net *pl_net_new(int channels) {
  pl_net *net = calloc(1, sizeof *net);
  if (net == NULL) return NULL;
  net->tensor_capacity = 64;
  net->node_capacity = 64;
  net->tensors = calloc((size_t)net->tensor_capacity, sizeof *net->tensors);
  net->nodes = calloc((size_t)net->node_capacity, sizeof *net->nodes);
  if (net->tensors == NULL || net->nodes == NULL) {
    pl_net_free(net);
    return NULL;
  }
  net->tensors[0].c = channels;
  net->tensor_count = 1;
  return net;
}

void pl_net_free(pl_net *net) {
  if (net == NULL) return;
  free(net->scratch);
  free(net->scratch_bytes);
  free(net->param_block);
  free(net->grad_block);
  free(net->buffer_block);
  free(net->params);
  free(net->buffers);
  free(net->nodes);
  free(net->tensors);
  free(net);
}

/* A new node reading `in` into a new tensor of `channels`, or NULL. */
static pl_node *append(pl_net *net, int kind, const char *name, int in, int channels) {
  if (net->out_of_memory || in < 0 || in >= net->tensor_count) {
    net->out_of_memory = 1;
    return NULL;
  }
  if (net->node_count == net->node_capacity) {
    pl_node *grown = realloc(net->nodes, sizeof *grown * (size_t)net->node_capacity * 2);
    if (grown == NULL) return net->out_of_memory = 1, NULL;
    memset(grown + net->node_capacity, 0, sizeof *grown * (size_t)net->node_capacity);
    net->nodes = grown;
    net->node_capacity *= 2;
  }
  if (net->tensor_count == net->tensor_capacity) {
    pl_shape *grown = realloc(net->tensors, sizeof *grown * (size_t)net->tensor_capacity * 2);
    if (grown == NULL) return net->out_of_memory = 1, NULL;
    memset(grown + net->tensor_capacity, 0, sizeof *grown * (size_t)net->tensor_capacity);
    net->tensors = grown;
    net->tensor_capacity *= 2;
  }
  pl_node *node = &net->nodes[net->node_count++];
  node->kind = kind;
  node->in = in;
  node->in2 = -1;
  node->out = net->tensor_count++;
  node->bn_gamma = 1.0f;
  snprintf(node->name, sizeof node->name, "%s", name != NULL ? name : "");
  net->tensors[node->out].c = channels;
  return node;
}

int pl_net_conv(pl_net *net, const char *name, int in, int out_c, int kh, int kw, int sh, int sw, int ph, int pw,
                int dh, int dw, int groups, int bias) {
  const int in_c = in >= 0 && in < net->tensor_count ? net->tensors[in].c : 0;
  pl_node *node = append(net, PL_NODE_CONV, name, in, out_c);
  if (node == NULL) return -1;
  node->conv = (pl_conv2d){.in_c = in_c, .out_c = out_c, .kh = kh, .kw = kw, .stride_h = sh, .stride_w = sw,
                           .pad_h = ph, .pad_w = pw, .dil_h = dh, .dil_w = dw, .groups = groups,
                           .has_bias = bias};
  return node->out;
}

int pl_net_batchnorm(pl_net *net, const char *name, int in, int channels, float eps, float momentum) {
  const int c = channels;
  pl_node *node = append(net, PL_NODE_BATCHNORM, name, in, c);
  if (node == NULL) return -1;
  node->bn = (pl_batchnorm){.c = c, .eps = eps, .momentum = momentum};
  return node->out;
}

int pl_net_linear(pl_net *net, const char *name, int in, int in_features, int out_features, int bias) {
  pl_node *node = append(net, PL_NODE_LINEAR, name, in, out_features);
  if (node == NULL) return -1;
  node->fc = (pl_linear){.in = in_features, .out = out_features, .has_bias = bias};
  return node->out;
}

/* The channels of tensor `in`, 0 when there is no such tensor. */
static int channels_of(const pl_net *net, int in) {
  return in >= 0 && in < net->tensor_count ? net->tensors[in].c : 0;
}

int pl_net_activation(pl_net *net, int in, int kind) {
  pl_node *node = append(net, PL_NODE_ACTIVATION, NULL, in, channels_of(net, in));
  if (node == NULL) return -1;
  node->activation = kind;
  return node->out;
}

int pl_net_pool(pl_net *net, int kind, int in, int kh, int kw, int sh, int sw, int ph, int pw) {
  const int c = channels_of(net, in);
  pl_node *node = append(net, kind, NULL, in, c);
  if (node == NULL) return -1;
  node->pool = (pl_pool2d){.c = c, .kh = kh, .kw = kw, .stride_h = sh, .stride_w = sw, .pad_h = ph, .pad_w = pw};
  return node->out;
}

int pl_net_adaptive_avgpool(pl_net *net, int in, int out_h, int out_w) {
  pl_node *node = append(net, PL_NODE_ADAPTIVE_AVGPOOL, NULL, in, channels_of(net, in));
  if (node == NULL) return -1;
  node->adaptive_h = out_h;
  node->adaptive_w = out_w;
  return node->out;
}

int pl_net_dropout(pl_net *net, int in, float p) {
  pl_node *node = append(net, PL_NODE_DROPOUT, NULL, in, channels_of(net, in));
  if (node == NULL) return -1;
  node->dropout_p = p;
  return node->out;
}

int pl_net_add(pl_net *net, int a, int b) {
  pl_node *node = append(net, PL_NODE_ADD, NULL, a, channels_of(net, a));
  if (node == NULL) return -1;
  node->in2 = b;
  return node->out;
}

int pl_net_flatten(pl_net *net, int in) {
  /* Features are C*H*W, known once bound: until then -1. */
  pl_node *node = append(net, PL_NODE_FLATTEN, NULL, in, -1);
  return node == NULL ? -1 : node->out;
}

/* ------------------------------------------------------------------------
 * Parameters */

/* Visits every parameter (trained) or buffer (untrained) of every node in
 * PyTorch's state_dict order, calling `visit` with its name suffix, shape
 * and the node's pointer slots to fill. A frozen node's weights are
 * buffers: saved and loaded by name, never handed to the optimizer (as
 * torch's SGD skips mmcls's requires_grad=False parameters). */
typedef void (*visit_fn)(pl_net *net, pl_node *node, const char *suffix, int ndim, const int64_t *shape,
                         float **data, float **grad, void *context);

static void visit_tensors(pl_net *net, int trained, visit_fn visit, void *context) {
  for (int i = 0; i < net->node_count; i++) {
    pl_node *node = &net->nodes[i];
    const int weights = trained == !node->frozen; /* this pass lists the node's weights */
    switch (node->kind) {
    case PL_NODE_CONV: {
      if (!weights) break;
      const pl_conv2d *l = &node->conv;
      const int64_t w[4] = {l->out_c, l->in_c / l->groups, l->kh, l->kw}, b[1] = {l->out_c};
      visit(net, node, "weight", 4, w, &node->conv.w, &node->conv.gw, context);
      if (l->has_bias) visit(net, node, "bias", 1, b, &node->conv.b, &node->conv.gb, context);
      break;
    }
    case PL_NODE_BATCHNORM: {
      const int64_t c[1] = {node->bn.c};
      if (weights) {
        visit(net, node, "weight", 1, c, &node->bn.w, &node->bn.gw, context);
        visit(net, node, "bias", 1, c, &node->bn.b, &node->bn.gb, context);
      }
      if (!trained) {
        visit(net, node, "running_mean", 1, c, &node->bn.running_mean, NULL, context);
        visit(net, node, "running_var", 1, c, &node->bn.running_var, NULL, context);
      }
      break;
    }
    case PL_NODE_LINEAR: {
      if (!weights) break;
      const int64_t w[2] = {node->fc.out, node->fc.in}, b[1] = {node->fc.out};
      visit(net, node, "weight", 2, w, &node->fc.w, &node->fc.gw, context);
      if (node->fc.has_bias) visit(net, node, "bias", 1, b, &node->fc.b, &node->fc.gb, context);
      break;
    }
    default:
      break;
    }
  }
}

typedef struct tally {
  uint32_t count;
  size_t floats, grad_floats; /* grad_floats: of the tensors with a gradient slot */
} tally;

static void count_tensor(pl_net *net, pl_node *node, const char *suffix, int ndim, const int64_t *shape,
                         float **data, float **grad, void *context) {
  (void)net, (void)node, (void)suffix, (void)data, (void)grad;
  tally *t = context;
  size_t numel = 1;
  for (int d = 0; d < ndim; d++) numel *= (size_t)shape[d];
  t->count++;
  t->floats += numel;
  if (grad != NULL) t->grad_floats += numel;
}

typedef struct placing {
  pl_param *list;
  uint32_t count;
  float *data, *grad; /* next free floats */
  int lists_grad;     /* 0 for buffers: a frozen weight's gradient slot is filled but not listed */
} placing;

static void place_tensor(pl_net *net, pl_node *node, const char *suffix, int ndim, const int64_t *shape,
                         float **data, float **grad, void *context) {
  (void)net;
  placing *p = context;
  pl_param *param = &p->list[p->count++];
  snprintf(param->name, sizeof param->name, "%s.%s", node->name, suffix);
  param->ndim = ndim;
  param->numel = 1;
  for (int d = 0; d < ndim; d++) {
    param->shape[d] = shape[d];
    param->numel *= (uint64_t)shape[d];
  }
  *data = param->data = p->data;
  p->data += param->numel;
  if (grad != NULL) {
    *grad = p->grad;
    param->grad = p->lists_grad ? p->grad : NULL;
    p->grad += param->numel;
  }
}

int pl_net_finish(pl_net *net) {
  if (net->out_of_memory) return -1;
  int dropouts = 0;
  for (int i = 0; i < net->node_count; i++) dropouts += net->nodes[i].kind == PL_NODE_DROPOUT;
  tally trained = {0, 0, 0}, untrained = {0, 0, 0};
  visit_tensors(net, 1, count_tensor, &trained);
  visit_tensors(net, 0, count_tensor, &untrained);
  const uint32_t buffer_count = untrained.count + (dropouts > 0);
  const size_t buffer_floats = untrained.floats + (dropouts > 0 ? 4 : 0);
  net->params = calloc(trained.count + 1, sizeof *net->params);
  net->buffers = calloc(buffer_count + 1, sizeof *net->buffers);
  net->param_block = calloc(trained.floats + 1, sizeof(float));
  net->grad_block = calloc(trained.floats + untrained.grad_floats + 1, sizeof(float));
  net->buffer_block = calloc(buffer_floats + 1, sizeof(float));
  if (net->params == NULL || net->buffers == NULL || net->param_block == NULL || net->grad_block == NULL ||
      net->buffer_block == NULL)
    return -1;
  placing p = {net->params, 0, net->param_block, net->grad_block, 1};
  visit_tensors(net, 1, place_tensor, &p);
  net->param_count = p.count;
  placing b = {net->buffers, 0, net->buffer_block, net->grad_block + trained.floats, 0};
  visit_tensors(net, 0, place_tensor, &b);
  if (dropouts > 0) {
    pl_param *stream = &b.list[b.count++];
    snprintf(stream->name, sizeof stream->name, "dropout_stream");
    stream->ndim = 1;
    stream->shape[0] = 4;
    stream->numel = 4;
    stream->data = net->dropout_stream = b.data;
  }
  net->buffer_count = b.count;
  return 0;
}

/* The dropout stream as the uint64 its four 16-bit floats hold, and back:
 * floats of integers below 2^16 are exact, so a checkpoint keeps it. */
static uint64_t read_stream(const float *pieces) {
  uint64_t value = 0;
  for (int i = 0; i < 4; i++) value |= (uint64_t)(uint16_t)pieces[i] << (16 * i);
  return value;
}

static void write_stream(float *pieces, uint64_t value) {
  for (int i = 0; i < 4; i++) pieces[i] = (float)(uint16_t)(value >> (16 * i));
}

void pl_net_init(pl_net *net, uint64_t seed) {
  uint64_t rng = seed;
  for (int i = 0; i < net->node_count; i++) {
    pl_node *node = &net->nodes[i];
    float *w = NULL, *b = NULL;
    size_t wn = 0, bn = 0;
    double fan_in = 0, fan_out = 0;
    if (node->kind == PL_NODE_CONV) {
      const pl_conv2d *l = &node->conv;
      w = l->w, b = l->b, wn = pl_conv2d_weight_floats(l), bn = l->b != NULL ? (size_t)l->out_c : 0;
      fan_in = (double)(l->in_c / l->groups) * l->kh * l->kw;
      fan_out = (double)l->out_c * l->kh * l->kw;
    } else if (node->kind == PL_NODE_LINEAR) {
      const pl_linear *l = &node->fc;
      w = l->w, b = l->b, wn = (size_t)l->out * l->in, bn = l->b != NULL ? (size_t)l->out : 0;
      fan_in = l->in;
      fan_out = l->out;
    } else if (node->kind == PL_NODE_BATCHNORM) {
      for (int c = 0; c < node->bn.c; c++) {
        node->bn.w[c] = node->bn_gamma;
        node->bn.b[c] = 0.0f;
        node->bn.running_mean[c] = 0.0f;
        node->bn.running_var[c] = 1.0f;
      }
      continue;
    } else {
      continue;
    }
    switch (node->init) {
    case PL_INIT_KAIMING_FAN_OUT: {
      const float std = (float)sqrt(2.0 / fan_out);
      for (size_t t = 0; t < wn; t++) w[t] = pl_normal(&rng, std);
      for (size_t t = 0; t < bn; t++) b[t] = 0.0f;
      break;
    }
    case PL_INIT_NORMAL:
      for (size_t t = 0; t < wn; t++) w[t] = pl_normal(&rng, node->init_std);
      for (size_t t = 0; t < bn; t++) b[t] = 0.0f;
      break;
    default: {
      const float bound = (float)(1.0 / sqrt(fan_in));
      for (size_t t = 0; t < wn; t++) w[t] = pl_uniform(&rng, bound);
      for (size_t t = 0; t < bn; t++) b[t] = pl_uniform(&rng, bound);
      break;
    }
    }
  }
  if (net->dropout_stream != NULL) write_stream(net->dropout_stream, pl_next(&rng));
}

/* ------------------------------------------------------------------------
 * Binding to a batch shape */

static size_t max_size(size_t a, size_t b) { return a > b ? a : b; }

/* Computes every tensor's extent for h x w images; fills `why` and returns
 * -1 at the first layer whose input does not fit. */
static int infer_extents(pl_net *net, int n, int h, int w, char *why, size_t why_size) {
  net->tensors[0].h = h;
  net->tensors[0].w = w;
  for (int i = 0; i < net->node_count; i++) {
    pl_node *node = &net->nodes[i];
    const pl_shape *in = &net->tensors[node->in];
    pl_shape *out = &net->tensors[node->out];
    const char *label = node->name[0] != '\0' ? node->name : "a layer";
    out->c = in->c; /* for the layers that keep channels; the others set their own below */
    switch (node->kind) {
    case PL_NODE_CONV:
      out->c = node->conv.out_c;
      if (in->c != node->conv.in_c) {
        snprintf(why, why_size, "%s (Conv2d) expects %d channels but gets %d", label, node->conv.in_c, in->c);
        return -1;
      }
      if (pl_conv2d_shape(&node->conv, in->h, in->w, n) != 0) {
        snprintf(why, why_size, "%s (Conv2d %dx%d, padding %d) gets a %dx%d input, smaller than its kernel",
                 label, node->conv.kh, node->conv.kw, node->conv.pad_h, in->h, in->w);
        return -1;
      }
      out->h = node->conv.out_h;
      out->w = node->conv.out_w;
      break;
    case PL_NODE_MAXPOOL:
    case PL_NODE_AVGPOOL:
      if (pl_pool2d_shape(&node->pool, in->h, in->w) != 0) {
        snprintf(why, why_size, "a %dx%d pooling after %s gets a %dx%d input: too small", node->pool.kh,
                 node->pool.kw, i > 0 ? net->nodes[i - 1].name : "the input", in->h, in->w);
        return -1;
      }
      out->h = node->pool.out_h;
      out->w = node->pool.out_w;
      break;
    case PL_NODE_ADAPTIVE_AVGPOOL:
      out->h = node->adaptive_h;
      out->w = node->adaptive_w;
      break;
    case PL_NODE_BATCHNORM:
      if (in->c != node->bn.c) {
        snprintf(why, why_size, "%s (BatchNorm) has %d features but gets %d", label, node->bn.c, in->c);
        return -1;
      }
      out->h = in->h;
      out->w = in->w;
      break;
    case PL_NODE_LINEAR:
      out->c = node->fc.out;
      if ((int64_t)in->c * in->h * in->w != node->fc.in) {
        snprintf(why, why_size, "%s (Linear) expects %d input features but gets %d (%d channels of %dx%d)",
                 label, node->fc.in, in->c * in->h * in->w, in->c, in->h, in->w);
        return -1;
      }
      out->h = out->w = 1;
      break;
    case PL_NODE_FLATTEN:
      out->c = in->c * in->h * in->w;
      out->h = out->w = 1;
      break;
    case PL_NODE_ADD: {
      const pl_shape *other = &net->tensors[node->in2];
      if (other->c != in->c || other->h != in->h || other->w != in->w) {
        snprintf(why, why_size, "the residual addition after %s adds %dx%dx%d to %dx%dx%d",
                 i > 0 ? net->nodes[i - 1].name : "the input", in->c, in->h, in->w, other->c, other->h,
                 other->w);
        return -1;
      }
      out->h = in->h;
      out->w = in->w;
      break;
    }
    default:
      out->h = in->h;
      out->w = in->w;
      break;
    }
  }
  return 0;
}

static size_t tensor_floats(const pl_shape *t, int n) { return (size_t)n * t->c * t->h * t->w; }

int pl_net_bind(pl_net *net, int n, int h, int w, char *why, size_t why_size) {
  if (net->scratch != NULL && h == net->bound_h && w == net->bound_w && n <= net->bound_n) return 0;
  if (infer_extents(net, n, h, w, why, why_size) != 0) return -1;
  /* Floats: every tensor's x and dx (a flatten aliases its input), the
   * shared im2col columns, BatchNorm statistics; bytes: pooling winners
   * (int32) and dropout masks. */
  size_t floats = 0, col = 0, product = 0, bytes = 0;
  for (int t = 0; t < net->tensor_count; t++) floats += 2 * tensor_floats(&net->tensors[t], n);
  for (int i = 0; i < net->node_count; i++) {
    const pl_node *node = &net->nodes[i];
    const size_t out = tensor_floats(&net->tensors[node->out], n);
    if (node->kind == PL_NODE_CONV) {
      col = max_size(col, pl_conv2d_col_floats(&node->conv));
      product = max_size(product, pl_conv2d_out_floats(&node->conv));
    }
    if (node->kind == PL_NODE_BATCHNORM) floats += 2 * (size_t)node->bn.c;
    if (node->kind == PL_NODE_MAXPOOL) bytes += out * sizeof(int32_t);
    if (node->kind == PL_NODE_DROPOUT) bytes += out;
  }
  floats += col + product;
  free(net->scratch);
  free(net->scratch_bytes);
  net->scratch = calloc(floats + 1, sizeof(float));
  net->scratch_bytes = calloc(bytes + sizeof(int32_t), 1);
  if (net->scratch == NULL || net->scratch_bytes == NULL) {
    free(net->scratch);
    free(net->scratch_bytes);
    net->scratch = NULL;
    net->scratch_bytes = NULL;
    return -2;
  }
  float *f = net->scratch;
  uint8_t *b = net->scratch_bytes;
  for (int t = 0; t < net->tensor_count; t++) {
    pl_shape *shape = &net->tensors[t];
    shape->x = f;
    shape->dx = f + tensor_floats(shape, n);
    f += 2 * tensor_floats(shape, n);
  }
  float *columns = f, *products = f + col;
  f += col + product;
  for (int i = 0; i < net->node_count; i++) {
    pl_node *node = &net->nodes[i];
    const size_t out = tensor_floats(&net->tensors[node->out], n);
    switch (node->kind) {
    case PL_NODE_CONV:
      node->conv.col = columns;
      node->conv.yt = products;
      break;
    case PL_NODE_BATCHNORM:
      node->bn.mean = f;
      node->bn.invstd = f + node->bn.c;
      f += 2 * (size_t)node->bn.c;
      break;
    case PL_NODE_MAXPOOL:
      node->pool.argmax = (int32_t *)(void *)b; /* the block starts int32-aligned; maxpools come first */
      b += out * sizeof(int32_t);
      break;
    default:
      break;
    }
  }
  for (int i = 0; i < net->node_count; i++)
    if (net->nodes[i].kind == PL_NODE_DROPOUT) {
      net->nodes[i].mask = b;
      b += tensor_floats(&net->tensors[net->nodes[i].out], n);
    }
  net->bound_n = n;
  net->bound_h = h;
  net->bound_w = w;
  return 0;
}

/* ------------------------------------------------------------------------
 * Forward and backward */

void pl_net_forward(pl_net *net, const float *img, int n) {
  memcpy(net->tensors[0].x, img, sizeof(float) * tensor_floats(&net->tensors[0], n));
  uint64_t stream = net->dropout_stream != NULL ? read_stream(net->dropout_stream) : 0;
  for (int i = 0; i < net->node_count; i++) {
    pl_node *node = &net->nodes[i];
    const pl_shape *in = &net->tensors[node->in];
    pl_shape *out = &net->tensors[node->out];
    const size_t count = tensor_floats(out, n);
    switch (node->kind) {
    case PL_NODE_CONV:
      pl_conv2d_forward(&node->conv, in->x, out->x, n);
      break;
    case PL_NODE_BATCHNORM:
      pl_batchnorm_forward(&node->bn, in->x, out->x, n, in->h * in->w, net->training && !node->norm_eval);
      break;
    case PL_NODE_LINEAR:
      pl_linear_forward(&node->fc, in->x, out->x, n);
      break;
    case PL_NODE_ACTIVATION:
      pl_activation_forward(node->activation, in->x, out->x, count);
      break;
    case PL_NODE_MAXPOOL:
      pl_maxpool2d_forward(&node->pool, in->x, out->x, n);
      break;
    case PL_NODE_AVGPOOL:
      pl_avgpool2d_forward(&node->pool, in->x, out->x, n);
      break;
    case PL_NODE_ADAPTIVE_AVGPOOL:
      pl_adaptive_avgpool2d_forward(in->x, out->x, n * in->c, in->h, in->w, out->h, out->w);
      break;
    case PL_NODE_DROPOUT:
      pl_dropout_forward(node->dropout_p, &stream, in->x, out->x, node->mask, count, net->training);
      break;
    case PL_NODE_ADD:
      pl_add_forward(in->x, net->tensors[node->in2].x, out->x, count);
      break;
    case PL_NODE_FLATTEN:
      memcpy(out->x, in->x, sizeof(float) * count);
      break;
    default:
      break;
    }
  }
  if (net->dropout_stream != NULL && net->training) write_stream(net->dropout_stream, stream);
}

void pl_net_backward(pl_net *net, int n) {
  const int last = net->tensor_count - 1;
  for (int t = 0; t < last; t++) memset(net->tensors[t].dx, 0, sizeof(float) * tensor_floats(&net->tensors[t], n));
  for (int i = net->node_count - 1; i >= 0; i--) {
    pl_node *node = &net->nodes[i];
    const pl_shape *in = &net->tensors[node->in], *out = &net->tensors[node->out];
    float *dx = node->in == 0 ? NULL : in->dx; /* the image needs no gradient */
    const size_t count = tensor_floats(out, n);
    switch (node->kind) {
    case PL_NODE_CONV:
      pl_conv2d_backward(&node->conv, in->x, out->dx, dx, n);
      if (node->frozen) {
        memset(node->conv.gw, 0, sizeof(float) * pl_conv2d_weight_floats(&node->conv));
        if (node->conv.gb != NULL) memset(node->conv.gb, 0, sizeof(float) * (size_t)node->conv.out_c);
      }
      break;
    case PL_NODE_BATCHNORM:
      pl_batchnorm_backward(&node->bn, in->x, out->dx, dx, n, in->h * in->w, net->training && !node->norm_eval);
      if (node->frozen) {
        memset(node->bn.gw, 0, sizeof(float) * (size_t)node->bn.c);
        memset(node->bn.gb, 0, sizeof(float) * (size_t)node->bn.c);
      }
      break;
    case PL_NODE_LINEAR:
      pl_linear_backward(&node->fc, in->x, out->dx, dx, n);
      break;
    case PL_NODE_ACTIVATION:
      if (dx != NULL) pl_activation_backward(node->activation, in->x, out->x, out->dx, dx, count);
      break;
    case PL_NODE_MAXPOOL:
      if (dx != NULL) pl_maxpool2d_backward(&node->pool, out->dx, dx, n);
      break;
    case PL_NODE_AVGPOOL:
      if (dx != NULL) pl_avgpool2d_backward(&node->pool, out->dx, dx, n);
      break;
    case PL_NODE_ADAPTIVE_AVGPOOL:
      if (dx != NULL) pl_adaptive_avgpool2d_backward(out->dx, dx, n * in->c, in->h, in->w, out->h, out->w);
      break;
    case PL_NODE_DROPOUT:
      if (dx != NULL) pl_dropout_backward(node->dropout_p, node->mask, out->dx, dx, count, net->training);
      break;
    case PL_NODE_ADD: {
      float *other = node->in2 == 0 ? NULL : net->tensors[node->in2].dx;
      if (dx != NULL && other != NULL) {
        pl_add_backward(out->dx, dx, other, count);
      } else {
        float *only = dx != NULL ? dx : other;
        if (only != NULL)
          for (size_t k = 0; k < count; k++) only[k] += out->dx[k];
      }
      break;
    }
    case PL_NODE_FLATTEN:
      if (dx != NULL)
        for (size_t k = 0; k < count; k++) dx[k] += out->dx[k];
      break;
    default:
      break;
    }
  }
}

float *pl_net_output(const pl_net *net) { return net->tensors[net->tensor_count - 1].x; }
float *pl_net_output_grad(const pl_net *net) { return net->tensors[net->tensor_count - 1].dx; }

int pl_net_output_features(const pl_net *net) {
  const pl_shape *t = &net->tensors[net->tensor_count - 1];
  return t->c * t->h * t->w;
}
