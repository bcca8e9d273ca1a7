/* The layer graph: building, binding to a batch shape, forward and
 * backward; see network.h. */
#include "network.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mk_team.h"

/* Doubles per channel of a thread's BatchNorm sums: forward its shift and
 * the sum and squares around it, backward its two gradient sums. */
enum { PARTIAL_SUMS = 3 };

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
  mk_team_free(net->team);
  free(net->scratch);
  free(net->scratch_bytes);
  free(net->lanes);
  free(net->bn_totals);
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

/* The number of nodes reading tensor t. */
static int readers(const pl_net *net, int t) {
  int count = 0;
  for (int i = 0; i < net->node_count; i++) count += (net->nodes[i].in == t) + (net->nodes[i].in2 == t);
  return count;
}

/* Whether a node's backward can store its input gradient: a convolution,
 * a BatchNorm, an addition, an activation and an average pooling whose
 * windows tile its input (once bound: it writes each pixel's one share)
 * can; the others add into a zeroed gradient. */
static int stores_input_gradient(const pl_node *node) {
  switch (node->kind) {
  case PL_NODE_CONV:
  case PL_NODE_BATCHNORM:
  case PL_NODE_ADD:
  case PL_NODE_ACTIVATION:
    return 1;
  case PL_NODE_AVGPOOL:
    return pl_avgpool2d_tiles(&node->pool);
  default:
    return 0;
  }
}

/* Fuses a ReLU into the BatchNorm or addition before it where that node's
 * output is read by the ReLU alone, and decides for each tensor's gradient
 * whether its first writer in backward (the last node in forward order to
 * read it) stores it or adds into it, zeroed first. */
static void plan_passes(pl_net *net) {
  for (int i = 0; i < net->node_count; i++) {
    pl_node *node = &net->nodes[i];
    node->relu_after = node->skipped = node->overwrite_dx = node->overwrite_dx2 = 0;
    node->leaves_dx = node->leaves_dx2 = 0;
    node->dy_tensor = node->out;
    node->relu_mask = -1;
  }
  for (int i = 0; i + 1 < net->node_count; i++) {
    pl_node *node = &net->nodes[i], *next = &net->nodes[i + 1];
    if ((node->kind == PL_NODE_BATCHNORM || node->kind == PL_NODE_ADD) && !node->skipped &&
        next->kind == PL_NODE_ACTIVATION && next->activation == PL_RELU && next->in == node->out &&
        readers(net, node->out) == 1) {
      node->relu_after = 1;
      next->skipped = 1;
      node->dy_tensor = node->relu_mask = next->out;
    }
  }
  /* An addition with a ReLU whose addend is made by a BatchNorm (without
   * one) for it alone: the BatchNorm reads the ReLU's gradient and output
   * itself, and the addition leaves that addend's gradient unformed. */
  for (int i = 0; i < net->node_count; i++) {
    pl_node *add = &net->nodes[i];
    if (add->kind != PL_NODE_ADD || !add->relu_after || add->in == add->in2) continue;
    for (int side = 0; side < 2; side++) {
      const int t = side == 0 ? add->in : add->in2;
      if (t == 0 || readers(net, t) != 1) continue;
      pl_node *maker = NULL;
      for (int j = 0; j < i; j++)
        if (net->nodes[j].out == t) maker = &net->nodes[j];
      if (maker == NULL || maker->kind != PL_NODE_BATCHNORM || maker->relu_after) continue;
      maker->dy_tensor = maker->relu_mask = add->relu_mask;
      if (side == 0)
        add->leaves_dx = 1;
      else
        add->leaves_dx2 = 1;
    }
  }
  for (int t = 0; t < net->tensor_count; t++) {
    pl_shape *shape = &net->tensors[t];
    /* the image has no gradient; the last tensor's is the caller's */
    shape->zero_dx = 0;
    if (t == 0 || t == net->tensor_count - 1) continue;
    int first = -1;
    for (int i = 0; i < net->node_count; i++)
      if (net->nodes[i].in == t || net->nodes[i].in2 == t) first = i;
    if (first < 0) {
      shape->zero_dx = 1; /* read by no one: its producer reads zeros */
    } else if (net->nodes[first].skipped) {
      continue; /* a fused ReLU's input: its gradient is never formed */
    } else if (stores_input_gradient(&net->nodes[first])) {
      if (net->nodes[first].in == t)
        net->nodes[first].overwrite_dx = 1;
      else
        net->nodes[first].overwrite_dx2 = 1;
    } else {
      shape->zero_dx = 1;
    }
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

static void free_execution(pl_net *net) {
  free(net->scratch);
  free(net->scratch_bytes);
  free(net->lanes);
  free(net->bn_totals);
  net->scratch = NULL;
  net->scratch_bytes = NULL;
  net->lanes = NULL;
  net->bn_totals = NULL;
}

int pl_net_bind(pl_net *net, int n, int h, int w, char *why, size_t why_size) {
  if (net->scratch != NULL && h == net->bound_h && w == net->bound_w && n <= net->bound_n) return 0;
  if (net->threads == 0) {
    net->threads = mk_blas_threads();
    if (net->threads > 1) {
      net->team = mk_team_new(net->threads);
      if (net->team == NULL) net->threads = 1;
    }
  }
  const int threads = net->threads;
  const int slice = (n + threads - 1) / threads; /* the most images a thread gets */
  if (infer_extents(net, slice, h, w, why, why_size) != 0) return -1;
  plan_passes(net);
  /* Floats: every tensor's x and dx (a flatten aliases its input) and the
   * BatchNorm statistics; bytes: pooling winners (int32) and dropout
   * masks; per thread (a lane): private gradients, a slice's im2col
   * columns and product, BatchNorm mean and inverse deviation. */
  size_t floats = 0, col = 0, product = 0, bytes = 0;
  int bn_channels = 1;
  for (int t = 0; t < net->tensor_count; t++) floats += 2 * tensor_floats(&net->tensors[t], n);
  for (int i = 0; i < net->node_count; i++) {
    const pl_node *node = &net->nodes[i];
    const size_t out = tensor_floats(&net->tensors[node->out], n);
    if (node->kind == PL_NODE_CONV) {
      col = max_size(col, pl_conv2d_col_floats(&node->conv));
      product = max_size(product, pl_conv2d_out_floats(&node->conv));
    }
    if (node->kind == PL_NODE_BATCHNORM) {
      floats += 2 * (size_t)node->bn.c;
      if (node->bn.c > bn_channels) bn_channels = node->bn.c;
    }
    if (node->kind == PL_NODE_MAXPOOL) bytes += out * sizeof(int32_t);
    if (node->kind == PL_NODE_DROPOUT) bytes += out;
  }
  size_t grads = 0;
  for (uint32_t p = 0; threads > 1 && p < net->param_count; p++) grads += net->params[p].numel;
  /* Lanes start 16 floats apart so threads do not share cache lines. */
  const size_t lane = (grads + col + product + 2 * (size_t)bn_channels + 15) / 16 * 16;
  free_execution(net);
  net->scratch = calloc(floats + 1, sizeof(float));
  net->scratch_bytes = calloc(bytes + sizeof(int32_t), 1);
  net->lanes = calloc(lane * (size_t)threads + 16, sizeof(float));
  net->bn_totals = calloc(2 * (size_t)threads * PARTIAL_SUMS * (size_t)bn_channels, sizeof(double));
  if (net->scratch == NULL || net->scratch_bytes == NULL || net->lanes == NULL || net->bn_totals == NULL) {
    free_execution(net);
    return -2;
  }
  net->lane_floats = lane;
  net->lane_col = col;
  net->lane_product = product;
  net->bn_channels = bn_channels;
  float *f = net->scratch;
  uint8_t *b = net->scratch_bytes;
  for (int t = 0; t < net->tensor_count; t++) {
    pl_shape *shape = &net->tensors[t];
    shape->x = f;
    shape->dx = f + tensor_floats(shape, n);
    f += 2 * tensor_floats(shape, n);
  }
  for (int i = 0; i < net->node_count; i++) {
    pl_node *node = &net->nodes[i];
    const size_t out = tensor_floats(&net->tensors[node->out], n);
    switch (node->kind) {
    case PL_NODE_CONV: /* each thread's lane holds its columns and product */
      node->conv.col = NULL;
      node->conv.yt = NULL;
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
 * Forward and backward, each thread on its slice of the batch */

/* One step's job for the team. */
typedef struct step {
  pl_net *net;
  int n;
  const float *img;
  uint64_t stream; /* the dropout stream before the step */
} step;

/* Thread `member`'s images [*first, *first + *count). */
static void slice_of(int n, int member, int threads, int *first, int *count) {
  const int lo = (int)((int64_t)n * member / threads), hi = (int)((int64_t)n * (member + 1) / threads);
  *first = lo;
  *count = hi - lo;
}

static size_t image_floats(const pl_shape *t) { return (size_t)t->c * t->h * t->w; }

/* Thread `member`'s lane: private gradients (the network's own with one
 * thread), conv columns and product, BatchNorm statistics. */
typedef struct lane {
  float *grads, *col, *product, *mean, *invstd;
} lane;

static lane lane_of(const pl_net *net, int member, int threads) {
  float *base = net->lanes + (size_t)member * net->lane_floats;
  size_t grads = 0;
  for (uint32_t p = 0; threads > 1 && p < net->param_count; p++) grads += net->params[p].numel;
  lane l;
  l.grads = threads > 1 ? base : net->grad_block;
  l.col = base + grads;
  l.product = l.col + net->lane_col;
  l.mean = l.product + net->lane_product;
  l.invstd = l.mean + net->bn_channels;
  return l;
}

/* Where a gradient slot of the network lies in a lane's private block. */
static float *private_grad(const pl_net *net, const lane *l, float *grad) {
  return grad == NULL ? NULL : l->grads + (grad - net->grad_block);
}

/* The per-thread BatchNorm sums of set `set` for thread `member`: PARTIAL_SUMS * c doubles. */
static double *bn_partial(const pl_net *net, int set, int member, int threads) {
  return net->bn_totals + ((size_t)set * threads + member) * PARTIAL_SUMS * (size_t)net->bn_channels;
}

/* out[c] = sum over threads in order of their partials at `offset`, for c channels. */
static void combine(const pl_net *net, int set, int threads, size_t offset, int c, double *out) {
  for (int k = 0; k < c; k++) out[k] = 0.0;
  for (int t = 0; t < threads; t++) {
    const double *part = bn_partial(net, set, t, threads) + offset;
    for (int k = 0; k < c; k++) out[k] += part[k];
  }
}

/* The batch's moments around the shift of the first thread with images,
 * from each thread's [shift | sum | squares] around its own: with d its
 * shift less that one over its m values, sum += S + m d and squares += Q +
 * 2 d S + m d^2, in thread order. */
static void combine_moments(const pl_net *net, int set, int n, int hw, int threads, int c, double *shift,
                            double *sum, double *squares) {
  int reference = threads - 1;
  for (int t = threads - 1; t >= 0; t--) {
    int first, count;
    slice_of(n, t, threads, &first, &count);
    if (count > 0) reference = t;
  }
  memcpy(shift, bn_partial(net, set, reference, threads), sizeof(double) * (size_t)c);
  for (int k = 0; k < c; k++) sum[k] = squares[k] = 0.0;
  for (int t = 0; t < threads; t++) {
    int first, count;
    slice_of(n, t, threads, &first, &count);
    if (count == 0) continue;
    const double *part = bn_partial(net, set, t, threads), values = (double)count * hw;
    for (int k = 0; k < c; k++) {
      const double d = part[k] - shift[k], partial_sum = part[c + k];
      sum[k] += partial_sum + values * d;
      squares[k] += part[2 * c + k] + 2.0 * d * partial_sum + values * d * d;
    }
  }
}

/* A BatchNorm in training over the whole batch: each thread's moments
 * around its first image's values (its own output: another thread's may
 * not be written yet), meeting the other threads once, then statistics.
 * Successive BatchNorms use the two sets of sums in turn (`set`), so a
 * thread ahead never writes a set another is still reading. */
static void batchnorm_forward(pl_net *net, pl_node *node, const lane *ln, const float *x, float *y, int first,
                              int count, int hw, int n, int member, int threads, int set, int training) {
  /* y is the fused ReLU's output where node->relu_after is set */
  pl_batchnorm *l = &node->bn;
  const size_t image = (size_t)l->c * hw;
  const double values = (double)n * hw;
  double shift[l->c], sum[l->c], squares[l->c];
  if (training) {
    double *part = bn_partial(net, set, member, threads); /* [shift | sum | squares] */
    if (count > 0)
      pl_batchnorm_shift(l, x + first * image, hw, part);
    else
      for (int c = 0; c < l->c; c++) part[c] = 0.0;
    pl_batchnorm_moments(l, x + first * image, count, hw, part, part + l->c, part + 2 * l->c);
    if (threads > 1) mk_team_barrier(net->team);
    combine_moments(net, set, n, hw, threads, l->c, shift, sum, squares);
  }
  pl_batchnorm_statistics(l, shift, sum, squares, values, training, member == 0, ln->mean, ln->invstd);
  if (member == 0) {
    memcpy(l->mean, ln->mean, sizeof(float) * (size_t)l->c);
    memcpy(l->invstd, ln->invstd, sizeof(float) * (size_t)l->c);
  }
  pl_batchnorm_apply(l, ln->mean, ln->invstd, x + first * image, y + first * image, count, hw, node->relu_after);
}

static void forward_job(void *context, int member, int threads) {
  const step *st = context;
  pl_net *net = st->net;
  int first, count;
  slice_of(st->n, member, threads, &first, &count);
  const lane ln = lane_of(net, member, threads);
  const size_t in0 = image_floats(&net->tensors[0]);
  memcpy(net->tensors[0].x + first * in0, st->img + first * in0, sizeof(float) * count * in0);
  uint64_t stream = st->stream;
  int sets = 0; /* BatchNorms in training so far */
  for (int i = 0; i < net->node_count; i++) {
    pl_node *node = &net->nodes[i];
    if (node->skipped) continue;
    const pl_shape *in = &net->tensors[node->in];
    pl_shape *out = &net->tensors[node->relu_after ? net->nodes[i + 1].out : node->out];
    const size_t in_image = image_floats(in), out_image = image_floats(out);
    const float *x = in->x + first * in_image;
    float *y = out->x + first * out_image;
    const size_t values = (size_t)count * out_image;
    switch (node->kind) {
    case PL_NODE_CONV: {
      pl_conv2d l = node->conv;
      l.col = ln.col;
      l.yt = ln.product;
      pl_conv2d_forward(&l, x, y, count);
      break;
    }
    case PL_NODE_BATCHNORM: { /* reads and writes from the batch's start */
      /* only a BatchNorm in training meets the other threads, so only those take the sets in turn */
      const int training = net->training && !node->norm_eval;
      batchnorm_forward(net, node, &ln, in->x, out->x, first, count, in->h * in->w, st->n, member, threads,
                        training ? sets++ % 2 : 0, training);
      break;
    }
    case PL_NODE_LINEAR:
      pl_linear_forward(&node->fc, x, y, count);
      break;
    case PL_NODE_ACTIVATION:
      pl_activation_forward(node->activation, x, y, values);
      break;
    case PL_NODE_MAXPOOL: {
      pl_pool2d l = node->pool;
      l.argmax += first * out_image;
      pl_maxpool2d_forward(&l, x, y, count);
      break;
    }
    case PL_NODE_AVGPOOL:
      pl_avgpool2d_forward(&node->pool, x, y, count);
      break;
    case PL_NODE_ADAPTIVE_AVGPOOL:
      pl_adaptive_avgpool2d_forward(x, y, count * in->c, in->h, in->w, out->h, out->w);
      break;
    case PL_NODE_DROPOUT: {
      const int draws = net->training && node->dropout_p > 0.0f;
      uint64_t mine = stream;
      if (draws) pl_skip(&mine, (uint64_t)first * out_image);
      pl_dropout_forward(node->dropout_p, &mine, x, y, node->mask + first * out_image, values, net->training);
      if (draws) pl_skip(&stream, (uint64_t)st->n * out_image);
      break;
    }
    case PL_NODE_ADD:
      if (node->relu_after)
        pl_add_relu_forward(x, net->tensors[node->in2].x + first * in_image, y, values);
      else
        pl_add_forward(x, net->tensors[node->in2].x + first * in_image, y, values);
      break;
    case PL_NODE_FLATTEN:
      memcpy(y, x, sizeof(float) * values);
      break;
    default:
      break;
    }
  }
  if (member == 0 && net->dropout_stream != NULL && net->training) write_stream(net->dropout_stream, stream);
}

void pl_net_forward(pl_net *net, const float *img, int n) {
  step st = {net, n, img, net->dropout_stream != NULL ? read_stream(net->dropout_stream) : 0};
  mk_team_run(net->team, forward_job, &st);
}

/* A BatchNorm's backward over the whole batch: gradient sums, meeting the
 * other threads once; thread 0 keeps the parameter gradients. */
static void batchnorm_backward(pl_net *net, pl_node *node, const lane *ln, const float *x, const float *dy,
                               const float *relu_y, float *dx, int first, int count, int hw, int n, int member,
                               int threads, int set, int training) {
  /* dy and relu_y (NULL without one) are the fused ReLU's gradient and output; a ReLU fused into this
   * BatchNorm's own apply is recomputed from x rather than read */
  const pl_batchnorm *l = &node->bn;
  const size_t image = (size_t)l->c * hw;
  const int relu = relu_y == NULL ? PL_BN_NO_RELU : node->relu_after ? PL_BN_RELU_OWN : PL_BN_RELU_GIVEN;
  const float *mask = relu == PL_BN_RELU_GIVEN ? relu_y + first * image : NULL;
  double *part = bn_partial(net, set, member, threads);
  pl_batchnorm_grad_sums(l, x + first * image, dy + first * image, relu, mask, count, hw, part, part + l->c);
  if (threads > 1) mk_team_barrier(net->team);
  double sum_dy[l->c], sum_dy_xhat[l->c];
  combine(net, set, threads, 0, l->c, sum_dy);
  combine(net, set, threads, (size_t)l->c, l->c, sum_dy_xhat);
  float *gw = private_grad(net, ln, l->gw), *gb = private_grad(net, ln, l->gb);
  for (int c = 0; c < l->c; c++) {
    gb[c] = member == 0 ? (float)sum_dy[c] : 0.0f;
    gw[c] = member == 0 ? (float)sum_dy_xhat[c] : 0.0f;
  }
  if (dx != NULL)
    pl_batchnorm_grad_apply(l, sum_dy, sum_dy_xhat, (double)n * hw, x + first * image, dy + first * image, relu,
                            mask, dx + first * image, count, hw, training, node->overwrite_dx);
}

static void backward_job(void *context, int member, int threads) {
  const step *st = context;
  pl_net *net = st->net;
  int first, count;
  slice_of(st->n, member, threads, &first, &count);
  const lane ln = lane_of(net, member, threads);
  const int last = net->tensor_count - 1;
  for (int t = 0; t < last; t++) {
    if (!net->tensors[t].zero_dx) continue;
    const size_t image = image_floats(&net->tensors[t]);
    memset(net->tensors[t].dx + first * image, 0, sizeof(float) * count * image);
  }
  int sets = 0; /* BatchNorms so far: successive ones use the two sets of sums in turn */
  for (int i = net->node_count - 1; i >= 0; i--) {
    pl_node *node = &net->nodes[i];
    if (node->skipped) continue;
    const pl_shape *in = &net->tensors[node->in];
    const pl_shape *out = &net->tensors[node->dy_tensor];
    const pl_shape *mask = node->relu_mask >= 0 ? &net->tensors[node->relu_mask] : NULL;
    const size_t in_image = image_floats(in), out_image = image_floats(out);
    const float *x = in->x + first * in_image;
    const float *dy = out->dx + first * out_image;
    const float *relu_y = mask != NULL ? mask->x + first * out_image : NULL; /* a fused ReLU's output */
    float *dx = node->in == 0 ? NULL : in->dx + first * in_image; /* the image needs no gradient */
    const size_t values = (size_t)count * out_image;
    switch (node->kind) {
    case PL_NODE_CONV: {
      pl_conv2d l = node->conv;
      l.col = ln.col;
      l.yt = ln.product;
      l.gw = private_grad(net, &ln, l.gw);
      l.gb = private_grad(net, &ln, l.gb);
      l.overwrite_dx = node->overwrite_dx;
      pl_conv2d_backward(&l, x, dy, dx, count);
      break;
    }
    case PL_NODE_BATCHNORM:
      batchnorm_backward(net, node, &ln, in->x, out->dx, mask != NULL ? mask->x : NULL,
                         node->in == 0 ? NULL : in->dx, first, count, in->h * in->w, st->n, member, threads,
                         sets++ % 2, net->training && !node->norm_eval);
      break;
    case PL_NODE_LINEAR: {
      pl_linear l = node->fc;
      l.gw = private_grad(net, &ln, l.gw);
      l.gb = private_grad(net, &ln, l.gb);
      if (count > 0) {
        pl_linear_backward(&l, x, dy, dx, count);
      } else { /* no images: a zero share (sgemm leaves C alone when k is 0) */
        memset(l.gw, 0, sizeof(float) * (size_t)l.in * (size_t)l.out);
        if (l.gb != NULL) memset(l.gb, 0, sizeof(float) * (size_t)l.out);
      }
      break;
    }
    case PL_NODE_ACTIVATION:
      if (dx != NULL)
        pl_activation_backward(node->activation, x, out->x + first * out_image, dy, dx, values,
                               node->overwrite_dx);
      break;
    case PL_NODE_MAXPOOL:
      if (dx != NULL) {
        pl_pool2d l = node->pool;
        l.argmax += first * out_image;
        pl_maxpool2d_backward(&l, dy, dx, count);
      }
      break;
    case PL_NODE_AVGPOOL:
      if (dx != NULL) pl_avgpool2d_backward(&node->pool, dy, dx, count, node->overwrite_dx);
      break;
    case PL_NODE_ADAPTIVE_AVGPOOL:
      if (dx != NULL) pl_adaptive_avgpool2d_backward(dy, dx, count * in->c, in->h, in->w, out->h, out->w);
      break;
    case PL_NODE_DROPOUT:
      if (dx != NULL)
        pl_dropout_backward(node->dropout_p, node->mask + first * out_image, dy, dx, values, net->training);
      break;
    case PL_NODE_ADD: {
      float *other = node->in2 == 0 || node->leaves_dx2 ? NULL : net->tensors[node->in2].dx + first * in_image;
      pl_add_gradient(dy, relu_y, node->leaves_dx ? NULL : dx, node->overwrite_dx, other, node->overwrite_dx2,
                      values);
      break;
    }
    case PL_NODE_FLATTEN:
      if (dx != NULL)
        for (size_t k = 0; k < values; k++) dx[k] += dy[k];
      break;
    default:
      break;
    }
  }
  if (threads == 1) return;
  /* The gradients: the threads' blocks summed in thread order, each thread
   * summing its share of the parameters. */
  mk_team_barrier(net->team);
  size_t total = 0;
  for (uint32_t p = 0; p < net->param_count; p++) total += net->params[p].numel;
  const size_t lo = total * (size_t)member / threads, hi = total * (size_t)(member + 1) / threads;
  float *restrict to = net->grad_block;
  memcpy(to + lo, lane_of(net, 0, threads).grads + lo, sizeof(float) * (hi - lo));
  for (int t = 1; t < threads; t++) {
    const float *restrict from = lane_of(net, t, threads).grads;
    for (size_t k = lo; k < hi; k++) to[k] += from[k];
  }
}

void pl_net_backward(pl_net *net, int n) {
  step st = {net, n, NULL, 0};
  mk_team_run(net->team, backward_job, &st);
  for (int i = 0; i < net->node_count; i++) {
    pl_node *node = &net->nodes[i];
    if (!node->frozen) continue;
    if (node->kind == PL_NODE_CONV) {
      memset(node->conv.gw, 0, sizeof(float) * pl_conv2d_weight_floats(&node->conv));
      if (node->conv.gb != NULL) memset(node->conv.gb, 0, sizeof(float) * (size_t)node->conv.out_c);
    }
    if (node->kind == PL_NODE_BATCHNORM) {
      memset(node->bn.gw, 0, sizeof(float) * (size_t)node->bn.c);
      memset(node->bn.gb, 0, sizeof(float) * (size_t)node->bn.c);
    }
  }
}

float *pl_net_output(const pl_net *net) { return net->tensors[net->tensor_count - 1].x; }
float *pl_net_output_grad(const pl_net *net) { return net->tensors[net->tensor_count - 1].dx; }

int pl_net_output_features(const pl_net *net) {
  const pl_shape *t = &net->tensors[net->tensor_count - 1];
  return t->c * t->h * t->w;
}
