/*
 * layers.h: the layer library of the ImageClassifier model plugin, in C11 on
 * OpenBLAS. Each layer is a small struct holding its hyper-parameters, its
 * shapes and pointers into memory the network owns; its forward and its
 * backward sit side by side in one file per family (conv.c, norm.c,
 * linear.c, activation.c, pool.c, dropout.c, residual.c).
 *
 * Conventions, the same for every layer:
 *  - Activations are NCHW and contiguous, PyTorch's layout; a [N, C] tensor
 *    is NCHW with H = W = 1. Weights have PyTorch's shapes and layouts.
 *  - forward(x) overwrites y. backward(x, y, dy) overwrites the layer's own
 *    parameter gradients and ADDS the input gradient into dx (dx may be
 *    NULL: nothing is propagated), so a tensor read by two layers (a
 *    residual block's input) gets the sum. The caller zeroes every dx
 *    before a backward pass, except where it asks a layer to store dx
 *    instead (pl_conv2d's overwrite_dx, the overwrite flags of
 *    pl_batchnorm_grad_apply, pl_add_gradient, pl_activation_backward and
 *    pl_avgpool2d_backward): network.c does so for the first layer to
 *    write each gradient.
 *  - Nothing here allocates: scratch (im2col columns, BatchNorm statistics,
 *    pooling winners, dropout masks) is handed in by the caller, sized by
 *    the *_floats/_bytes functions for the largest batch it will run.
 */
#ifndef PACER_IMAGE_CLASSIFIER_LAYERS_H
#define PACER_IMAGE_CLASSIFIER_LAYERS_H

#include <stddef.h>
#include <stdint.h>

/* ---- Conv2d ------------------------------------------------------------ */

/* nn.Conv2d(in_c, out_c, (kh, kw), stride, padding, dilation, groups, bias).
 * A batch runs `chunk` images at a time: their im2col columns side by side
 * make one product per group and chunk, wide enough for OpenBLAS to run at
 * speed even where one image's product is a thin matrix. Two shapes skip
 * the columns (conv.c): a thin convolution with stride 1 (at most 16
 * filters per group: LeNet5's first two, ResNet_CIFAR's first stage) reads
 * its input in place, image by image, and `chunk` is the images whose
 * output gradients its backward spreads at once; a kernel that covers the
 * whole unpadded input (LeNet5's last) is a Linear over the images. */
typedef struct pl_conv2d {
  int in_c, out_c, kh, kw, stride_h, stride_w, pad_h, pad_w, dil_h, dil_w, groups, has_bias;
  int in_h, in_w, out_h, out_w; /* set by pl_conv2d_shape */
  int chunk;      /* images per product (see above), set by pl_conv2d_shape for a batch size */
  float *w, *b;   /* [out_c, in_c / groups, kh, kw] and [out_c] (b NULL without bias) */
  float *gw, *gb; /* their gradients, same shapes */
  float *col;     /* scratch of pl_conv2d_col_floats floats: a chunk's columns and padded planes (or padded images),
                     and a same-size layer's flipped weights */
  float *yt;      /* scratch of pl_conv2d_out_floats floats: a chunk's product or spread output gradient */
  int overwrite_dx; /* backward stores the input gradient into dx instead of adding it (dx need not be zeroed) */
} pl_conv2d;

/* Sets in_h, in_w, the output extent as PyTorch computes it and the chunk
 * for batches of up to n images; returns 0, or -1 when the output would be
 * empty. */
int pl_conv2d_shape(pl_conv2d *l, int in_h, int in_w, int n);
/* Weight floats: out_c * in_c / groups * kh * kw. */
size_t pl_conv2d_weight_floats(const pl_conv2d *l);
/* Floats of the column scratch (one group of a chunk, and the padded input
 * planes im2col and its adjoint work in) and of the product scratch (one
 * group of a chunk); 0 each for a Linear-like layer. */
size_t pl_conv2d_col_floats(const pl_conv2d *l);
size_t pl_conv2d_out_floats(const pl_conv2d *l);
void pl_conv2d_forward(const pl_conv2d *l, const float *x, float *y, int n);
void pl_conv2d_backward(const pl_conv2d *l, const float *x, const float *dy, float *dx, int n);

/* ---- BatchNorm1d / BatchNorm2d ------------------------------------------ */

/* nn.BatchNorm2d(c, eps, momentum), or BatchNorm1d over [N, C] (hw = 1). In
 * training the batch's statistics normalise and the running ones move by
 * momentum (the variance unbiased, as PyTorch keeps it); in eval the
 * running ones normalise. */
typedef struct pl_batchnorm {
  int c;
  float eps, momentum;
  float *w, *b, *gw, *gb;          /* gamma and beta, [c], and their gradients */
  float *running_mean, *running_var; /* buffers, [c] */
  float *mean, *invstd;            /* scratch, [c] each: what the last forward used */
  int64_t batches_tracked;         /* PyTorch's num_batches_tracked */
} pl_batchnorm;

void pl_batchnorm_forward(pl_batchnorm *l, const float *x, float *y, int n, int hw, int training);
/* `training` must be what the forward used. */
void pl_batchnorm_backward(const pl_batchnorm *l, const float *x, const float *dy, float *dx, int n, int hw,
                           int training);

/* The two functions above in parts, for a batch whose images are spread
 * over threads (network.c): each thread sums its images, the totals are
 * combined in a fixed order, and each thread applies them to its images.
 *   forward:  shift (from the batch's first image, the same on every
 *             thread) -> moments around it -> statistics (update != 0 on
 *             exactly one thread: it moves the running ones and
 *             batches_tracked) -> apply
 *   backward: grad_sums (reads l->mean and l->invstd) -> grad_apply
 * shift, sum, squares and the grad sums are [c] doubles, the sums over the
 * n images given. */
void pl_batchnorm_shift(const pl_batchnorm *l, const float *batch, int hw, double *shift);
/* sum[c] and squares[c]: the sum of x - shift[c] and of its squares over
 * channel c, in one read. Around a value of the channel's own, the squares
 * about the mean follow from them without cancelling its digits away. */
void pl_batchnorm_moments(const pl_batchnorm *l, const float *x, int n, int hw, const double *shift, double *sum,
                          double *squares);
/* The mean and inverse deviation to normalise with: the batch's from the
 * moments over count values in training, else the running ones (shift,
 * sum and squares unread). */
void pl_batchnorm_statistics(pl_batchnorm *l, const double *shift, const double *sum, const double *squares,
                             double count, int training, int update, float *use_mean, float *use_invstd);
/* y = the normalised x, or with relu != 0 max(that, 0): a ReLU after the
 * BatchNorm in the same pass. */
void pl_batchnorm_apply(const pl_batchnorm *l, const float *mean, const float *invstd, const float *x, float *y,
                        int n, int hw, int relu);
/* Where a ReLU after the BatchNorm masks dy in its backward: none; one
 * whose output relu_y is given (fused into an addition after the
 * BatchNorm: dy counts where relu_y > 0); or the ReLU fused into this
 * BatchNorm's own apply, whose output need not be read: x * scale + shift,
 * the apply's own value to the bit, tells where it passed. relu_y is read
 * with PL_BN_RELU_GIVEN alone. */
enum { PL_BN_NO_RELU, PL_BN_RELU_GIVEN, PL_BN_RELU_OWN };
void pl_batchnorm_grad_sums(const pl_batchnorm *l, const float *x, const float *dy, int relu, const float *relu_y,
                            int n, int hw, double *sum_dy, double *sum_dy_xhat);
/* Adds (overwrite != 0: stores) the input gradient of n images into dx,
 * from the totals over the whole batch of count values; dy, relu and
 * relu_y as for grad_sums. */
void pl_batchnorm_grad_apply(const pl_batchnorm *l, const double *sum_dy, const double *sum_dy_xhat,
                             double count, const float *x, const float *dy, int relu, const float *relu_y, float *dx,
                             int n, int hw, int training, int overwrite);
/* With narrow != 0 the BatchNorm loops keep to the compiler's baseline
 * vectors even where the CPU has AVX2 (the gradient checks run both; the
 * two give the same bits). */
void pl_batchnorm_narrow_only(int narrow);

/* ---- Linear ------------------------------------------------------------ */

/* nn.Linear(in, out, bias): y = x W^T + b over [N, in] (any NCHW tensor of
 * in = C*H*W floats per sample: nn.Flatten is free in NCHW). */
typedef struct pl_linear {
  int in, out, has_bias;
  float *w, *b, *gw, *gb; /* [out, in] and [out] */
} pl_linear;

void pl_linear_forward(const pl_linear *l, const float *x, float *y, int n);
void pl_linear_backward(const pl_linear *l, const float *x, const float *dy, float *dx, int n);

/* ---- Activations -------------------------------------------------------- */

enum { PL_RELU = 1, PL_RELU6, PL_TANH, PL_SIGMOID, PL_GELU };

/* y = f(x) over count floats; backward adds f'(x) dy into dx (reading y
 * where that is cheaper), or with `overwrite` writes it there (dx need not
 * be zeroed: the network passes it where the activation is the first to
 * write that gradient). GELU is the exact erf form (nn.GELU()). */
void pl_activation_forward(int kind, const float *x, float *y, size_t count);
void pl_activation_backward(int kind, const float *x, const float *y, const float *dy, float *dx, size_t count,
                            int overwrite);

/* ---- Pooling ------------------------------------------------------------ */

/* nn.MaxPool2d / nn.AvgPool2d(kernel, stride, padding), floor mode; the
 * average counts padding (count_include_pad=True, PyTorch's default). */
typedef struct pl_pool2d {
  int c, kh, kw, stride_h, stride_w, pad_h, pad_w;
  int in_h, in_w, out_h, out_w; /* set by pl_pool2d_shape */
  int32_t *argmax;              /* max pooling's scratch: N*c*out_h*out_w winners */
} pl_pool2d;

/* Sets in_h, in_w and the output extent; -1 when empty or padding exceeds
 * half the kernel (PyTorch refuses it too). */
int pl_pool2d_shape(pl_pool2d *l, int in_h, int in_w);
void pl_maxpool2d_forward(const pl_pool2d *l, const float *x, float *y, int n);
void pl_maxpool2d_backward(const pl_pool2d *l, const float *dy, float *dx, int n);
void pl_avgpool2d_forward(const pl_pool2d *l, const float *x, float *y, int n);
/* Whether every input pixel lies in exactly one window (kernel = stride,
 * no padding, extents a multiple of the kernel: LeNet5's 2x2 pools). */
int pl_avgpool2d_tiles(const pl_pool2d *l);
/* Adds each output's gradient share into dx, or with `overwrite` (only
 * where pl_avgpool2d_tiles) writes it there. */
void pl_avgpool2d_backward(const pl_pool2d *l, const float *dy, float *dx, int n, int overwrite);

/* nn.AdaptiveAvgPool2d((out_h, out_w)): cell i covers floor(i*H/out) up to
 * ceil((i+1)*H/out); (1, 1) is global average pooling. */
void pl_adaptive_avgpool2d_forward(const float *x, float *y, int nc, int in_h, int in_w, int out_h, int out_w);
void pl_adaptive_avgpool2d_backward(const float *dy, float *dx, int nc, int in_h, int in_w, int out_h, int out_w);

/* ---- Dropout ------------------------------------------------------------ */

/* nn.Dropout(p): in training each value is kept with probability 1 - p and
 * scaled by 1 / (1 - p); in eval it passes. The keep decisions come from
 * `*stream`, a splitmix64 state the network checkpoints, so a resumed run
 * draws the same masks. */
void pl_dropout_forward(float p, uint64_t *stream, const float *x, float *y, uint8_t *mask, size_t count,
                        int training);
void pl_dropout_backward(float p, const uint8_t *mask, const float *dy, float *dx, size_t count, int training);

/* ---- Residual addition --------------------------------------------------- */

/* y = a + b; backward adds dy into da and into db. */
void pl_add_forward(const float *a, const float *b, float *y, size_t count);
void pl_add_backward(const float *dy, float *da, float *db, size_t count);
/* y = max(a + b, 0): the addition and a ReLU after it in one pass. */
void pl_add_relu_forward(const float *a, const float *b, float *y, size_t count);
/* The addition's gradient g = dy, or with relu_y (the output of a ReLU
 * fused into the addition) dy where relu_y > 0, written into da and then
 * into db (either may be NULL), each added, or stored where its
 * overwrite flag is set. da and db may be the same tensor (y = a + a):
 * then at most da's flag may be set. */
void pl_add_gradient(const float *dy, const float *relu_y, float *da, int overwrite_a, float *db, int overwrite_b,
                     size_t count);

/* ---- Random numbers for initialisation and dropout ----------------------- */

/* The next 64 bits of a splitmix64 stream. */
uint64_t pl_next(uint64_t *state);
/* Moves a stream past `draws` values of pl_next at once (a thread's share
 * of a dropout mask starts where the ones before it end). */
void pl_skip(uint64_t *state, uint64_t draws);
/* Uniform in [-bound, bound). */
float pl_uniform(uint64_t *state, float bound);
/* Normal with mean 0 and standard deviation std (Box-Muller). */
float pl_normal(uint64_t *state, float std);

#endif /* PACER_IMAGE_CLASSIFIER_LAYERS_H */
