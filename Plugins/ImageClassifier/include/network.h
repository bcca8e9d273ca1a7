/*
 * network.h: a network as a list of layer nodes over numbered tensors, run
 * in order forward and in reverse backward. The mmcls builders (backbones.c, heads.c)
 * append nodes; the plugin (image_classifier.c) binds the network to a
 * batch shape, which allocates every activation, gradient and scratch
 * buffer once for that shape, and then runs steps that allocate nothing.
 *
 * Tensor 0 is the input image [N, C, H, W]. Every node reads one tensor
 * (two for a residual addition) and writes a new one, so a tensor read by
 * two nodes (a residual block's input) gets the sum of their gradients.
 * Parameters and buffers are named as in the PyTorch module the builders
 * mirror ("backbone.layer1.0.conv1.weight") and laid out as PyTorch lays
 * them out.
 */
#ifndef PACER_IMAGE_CLASSIFIER_NETWORK_H
#define PACER_IMAGE_CLASSIFIER_NETWORK_H

#include <stdint.h>

#include "layers.h"

enum {
  PL_NODE_CONV = 1,
  PL_NODE_BATCHNORM,
  PL_NODE_LINEAR,
  PL_NODE_ACTIVATION,
  PL_NODE_MAXPOOL,
  PL_NODE_AVGPOOL,
  PL_NODE_ADAPTIVE_AVGPOOL,
  PL_NODE_DROPOUT,
  PL_NODE_ADD,
  PL_NODE_FLATTEN,
};

/* One named trained tensor (grad set) or buffer (grad NULL). */
typedef struct pl_param {
  char name[128];
  int32_t ndim;
  int64_t shape[4];
  uint64_t numel;
  float *data, *grad;
} pl_param;

typedef struct pl_node {
  int kind;
  int in, in2, out; /* tensor ids; in2 only for PL_NODE_ADD */
  char name[112];   /* the PyTorch module path: "backbone.features.0" */
  int frozen;       /* weights not trained: listed as buffers, never seen by the optimizer */
  int norm_eval;    /* BatchNorm keeps eval behaviour in training */
  pl_conv2d conv;
  pl_batchnorm bn;
  pl_linear fc;
  pl_pool2d pool;
  int activation;          /* PL_RELU, ... */
  int adaptive_h, adaptive_w;
  float dropout_p;
  uint8_t *mask;           /* dropout's keep decisions, scratch */
  int init;                /* PL_INIT_*: how pl_net_init draws the weights */
  float init_std;          /* PL_INIT_NORMAL's standard deviation */
  float bn_gamma;          /* a BatchNorm's initial weight (mmcls zero-inits residual ends) */
  /* Set by pl_net_bind (network.c's plan_passes): */
  int relu_after;          /* a BatchNorm or addition runs the ReLU node after it in its own passes */
  int skipped;             /* this ReLU runs inside the node before it */
  int overwrite_dx, overwrite_dx2; /* backward writes in's (in2's) gradient first: it stores, not adds */
  int dy_tensor;           /* backward's dy is this tensor's dx: out, or a fused ReLU's output */
  int relu_mask;           /* -1, or the fused ReLU output whose values > 0 let dy through */
  int leaves_dx, leaves_dx2; /* a ReLU-fused addition leaves in's (in2's) gradient to the BatchNorm making it */
} pl_node;

enum {
  PL_INIT_TORCH_DEFAULT = 0, /* nn.Conv2d / nn.Linear: weight and bias uniform in +-1/sqrt(fan_in) */
  PL_INIT_KAIMING_FAN_OUT,   /* mmcv's Kaiming init: normal, std sqrt(2 / fan_out), bias 0 */
  PL_INIT_NORMAL,            /* mmcv's Normal init: normal, std init_std, bias 0 */
};

typedef struct pl_shape {
  int c, h, w; /* per sample; h and w are known once bound, and so is c after a Flatten (-1 before) */
  float *x, *dx;
  int zero_dx; /* backward zeroes dx first: its first writer adds into it, or nothing writes it */
} pl_shape;

typedef struct pl_net {
  pl_node *nodes;
  int node_count, node_capacity;
  pl_shape *tensors;
  int tensor_count, tensor_capacity;
  pl_param *params, *buffers;
  uint32_t param_count, buffer_count;
  float *param_block, *grad_block, *buffer_block;
  int out_of_memory; /* a builder call failed to allocate; checked by pl_net_finish */
  /* Bound shape and its allocations. */
  int bound_n, bound_h, bound_w;
  float *scratch;
  uint8_t *scratch_bytes;
  float *dropout_stream; /* the buffer "dropout_stream": a uint64 as 4 floats of 16 bits */
  int training;
  /* Execution (network.c): the batch's images are split into `threads`
   * contiguous slices, one per member of `team` (NULL for one thread). */
  int threads;
  struct mk_team *team;
  float *lanes;       /* per thread: private gradients (threads > 1), conv scratch, BatchNorm statistics */
  size_t lane_floats; /* floats of one lane */
  size_t lane_col, lane_product; /* a lane's conv columns and product floats */
  double *bn_totals;  /* [2][threads][3 * bn_channels]: per-thread BatchNorm sums, two sets used in turn */
  int bn_channels;    /* the most channels of any BatchNorm */
} pl_net;

/* A network whose input has `channels` channels (tensor 0). NULL when out
 * of memory. */
pl_net *pl_net_new(int channels);
void pl_net_free(pl_net *net);

/* Builders: each appends a node reading tensor `in` (named `name` where the
 * layer has parameters) and returns the new tensor's id, or -1 when out of
 * memory (also recorded in net->out_of_memory). Channels are checked by
 * the callers; extents at pl_net_bind. */
int pl_net_conv(pl_net *net, const char *name, int in, int out_c, int kh, int kw, int sh, int sw, int ph, int pw,
                int dh, int dw, int groups, int bias);
/* A BatchNorm of `channels` features (the input's channels, checked when
 * bound). */
int pl_net_batchnorm(pl_net *net, const char *name, int in, int channels, float eps, float momentum);
/* A Linear over the C*H*W features of `in`, of which there must be
 * in_features when bound. */
int pl_net_linear(pl_net *net, const char *name, int in, int in_features, int out_features, int bias);
int pl_net_activation(pl_net *net, int in, int kind);
int pl_net_pool(pl_net *net, int kind, int in, int kh, int kw, int sh, int sw, int ph, int pw);
int pl_net_adaptive_avgpool(pl_net *net, int in, int out_h, int out_w);
int pl_net_dropout(pl_net *net, int in, float p);
int pl_net_add(pl_net *net, int a, int b);
int pl_net_flatten(pl_net *net, int in);

/* Allocates parameters, gradients and buffers (and the dropout stream when
 * there is a dropout node) and fills the name lists. 0, or -1 when out of
 * memory. After it no node may be added. */
int pl_net_finish(pl_net *net);

/* Draws every parameter as its node's init says from a splitmix64 stream
 * seeded with `seed`, in parameter order; BatchNorm weight bn_gamma, bias
 * 0, running mean 0 and variance 1. */
void pl_net_init(pl_net *net, uint64_t seed);

/* Binds the network to batches of n images of h x w: computes every
 * extent, plans the passes (a ReLU whose input only it reads runs inside
 * the BatchNorm or addition before it, and the first backward writer of a
 * gradient stores it where it can: see pl_node) and (re)allocates
 * activations and scratch when the shape is new or n exceeds what is
 * allocated. The first bind starts the threads: as
 * many as OpenBLAS was set to use (OPENBLAS_NUM_THREADS, else one per
 * core), read once per process; while a step runs on several threads,
 * OpenBLAS is held at one thread so each product runs on its caller. 0 on success; -1 with a one-line reason
 * in `why` when a layer's input does not fit it; -2 when out of memory. */
int pl_net_bind(pl_net *net, int n, int h, int w, char *why, size_t why_size);

/* Forward through every node; `img` is copied into tensor 0. With more
 * than one thread (see pl_net_bind) each runs every node on its slice of
 * the batch; the threads meet only at BatchNorms in training, whose
 * statistics are summed per thread and combined in thread order, so a run
 * gives the same bits every time it runs with the same thread count. */
void pl_net_forward(pl_net *net, const float *img, int n);
/* Backward from the gradient already written into the last tensor's dx
 * (see pl_net_output_grad): zeroes first each dx whose first writer adds
 * into it (the others' first writers store). Each thread
 * writes the parameter gradients of its slice into its own block; the
 * blocks are summed in thread order into the parameters' gradients. */
void pl_net_backward(pl_net *net, int n);
/* The last tensor's output and its gradient, [n, features]. */
float *pl_net_output(const pl_net *net);
float *pl_net_output_grad(const pl_net *net);
/* Features per sample of the last tensor (C*H*W once bound). */
int pl_net_output_features(const pl_net *net);

#endif /* PACER_IMAGE_CLASSIFIER_NETWORK_H */
