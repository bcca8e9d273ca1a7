/*
 * CNNClassifier: a convolutional classifier model plugin for Pacer, in C11.
 *
 *   img [N, in_channels, image_size, image_size]
 *     -> per entry of `channels`: Conv2d(k, padding, stride 1) -> ReLU -> MaxPool 2x2
 *     -> flatten -> (Linear -> ReLU) per entry of `hidden` -> Linear -> logits
 *   loss = mean softmax cross-entropy against gt_label [N]
 *
 * The same network as this PyTorch module, parameter for parameter:
 *
 *   conv<i> = nn.Conv2d(c_in, c_out, k, padding=p)      "conv<i>.weight" [out, in, k, k]
 *   x = F.max_pool2d(F.relu(conv<i>(x)), 2)              "conv<i>.bias"   [out]
 *   x = x.flatten(1)                                     (channel-major, as PyTorch)
 *   fc<j> = nn.Linear(...), ReLU between them            "fc<j>.weight" [out, in], "fc<j>.bias"
 *
 * How it computes: activations are kept channels-last (NHWC), so im2col
 * copies runs of contiguous channels and a convolution is an sgemm: col
 * [rows, k*k*C] times the weight, whose columns are put in (kh, kw, c) order
 * by a small per-step permutation. A block works through the batch a chunk
 * of images at a time (about CHUNK_ROWS im2col rows), so its im2col rows and
 * convolution output stay in cache from the copy through the product to the
 * pooling; backward copies a chunk's rows again rather than keep the whole
 * batch's. Bias, ReLU and 2x2 max pooling share one pass over the
 * convolution output: max commutes with adding a per-channel bias and with
 * ReLU, so the pass pools the raw product and applies bias and ReLU to the
 * pooled value only.
 *
 * A step runs on the plugin's own team of threads (mk_team.h), as many as
 * OpenBLAS was set to use: each member takes a slice of the batch through
 * forward and backward with OpenBLAS held at one thread, into its own
 * chunk buffers and weight gradients, so the members never wait on each
 * other inside a step and OpenBLAS's threads never spin against them. The
 * members' gradients are then summed in member order, each member summing
 * a share of the parameters, so a run is deterministic for a given thread
 * count. The loss runs on the whole batch between the two halves.
 *
 * The plugin owns parameters and gradients; the host's optimizer reads the
 * gradients and writes the parameters in place. The chunk buffers are
 * allocated with the model; activations and their gradients live in one
 * scratch block that is reallocated only when a batch larger than any
 * before arrives, so the plugin allocates nothing per iteration.
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>
#include <pacer/pacer.h>

#include "mk_team.h"
#include "model_kit.h"

/* ------------------------------------------------------------------------
 * The instance */

/* One block: Conv2d -> ReLU -> MaxPool 2x2, channels-last throughout. */
typedef struct conv {
  int in_c, out_c, k, pad;
  int in_h, in_w;     /* input extent */
  int out_h, out_w;   /* convolution output: in + 2 pad - k + 1 */
  int pool_h, pool_w; /* after pooling: out / 2, rounded down as PyTorch does */
  float *w, *b;       /* [out_c, in_c, k, k] and [out_c]: slices of cnn.params */
  float *dw, *db;     /* same shapes: slices of cnn.grads */
  float *wt;          /* [out_c, k, k, in_c]: w with columns in im2col's order (cnn.weight_work) */
  int chunk;          /* images a chunk holds */
  float *work;        /* every member's conv_work, one after the other (cnn.weight_work) */
  size_t work_floats; /* floats of one member's conv_work */
  /* Slices of cnn.scratch, sized for cnn.cap samples: */
  float *p, *dp;   /* [N, pool_h, pool_w, out_c] block output relu(max + b) and its gradient */
  uint8_t *winner; /* [N, pool_h, pool_w, out_c] which cell of the 2x2 window held the max */
} conv;

/* One team member's working memory for a block: slices of conv.work. */
typedef struct conv_work {
  float *dwt; /* [out_c, k, k, in_c]: the member's dw with columns in im2col's order */
  float *col; /* [chunk*out_h*out_w, k*k*in_c] im2col rows; in backward, their gradient */
  float *z;   /* [chunk, out_h, out_w, out_c] the product col wt^T; in backward, its gradient */
} conv_work;

/* What param_at reports for one parameter. */
typedef struct param {
  char name[32]; /* "conv<i>.weight", "fc<j>.bias": fits for any int */
  int32_t ndim;
  int64_t shape[4];
  uint64_t numel;
  float *data, *grad;
} param;

typedef struct cnn {
  const pacer_host_api *api;
  int in_c, image_size;
  int num_convs, num_fcs;
  conv *convs;
  mk_dense *fcs; /* the head (model_kit.h): fc1 .. fc<num_fcs> */
  uint32_t num_params;
  param *param_list;
  float *params, *grads;
  size_t param_floats; /* floats of params, of grads and of each member's private gradients */
  mk_team *team;       /* NULL when a step runs on the caller alone */
  int threads;         /* members of the team, 1 without one */
  float *member_grads; /* [threads - 1][param_floats]: members 1.. write their gradients here */
  float *weight_work;  /* wt and every member's conv_work, for every block */
  int flat;           /* features after the last block: out_c * pool_h * pool_w */
  float *x;           /* [N, image_size, image_size, in_c]: the batch, channels-last */
  float *flat_x, *flat_dx; /* [N, flat]: the last block's output in PyTorch's flatten order */
  size_t floats_per_sample, bytes_per_sample;
  float *scratch;
  uint8_t *scratch_bytes;
  int cap; /* samples the scratch holds */
} cnn;

/* The registry name, which also starts every error message. */
#define TYPE_NAME "CNNClassifier"

/* Formats a one-line message, prefixed with the type name, into the host's
 * error slot and returns code. */
#define fail(api, err, code, ...) mk_fail((api), (err), (code), TYPE_NAME, __VA_ARGS__)

/* A block's chunk is as many images as make about this many im2col rows
 * (at least one image): 4 images for a 14x14 output, 1 for 28x28. Large
 * enough for sgemm to run at speed (784 rows), small enough for the
 * chunk's rows and output to stay in the caches: the second block's
 * columns, 784 x 288 floats, are 0.9 MB, where 3136 rows made 3.6 MB and
 * cost about 5 % more CPU time a step (four alternating rounds). */
enum { CHUNK_ROWS = 784 };

/* ------------------------------------------------------------------------
 * Layout changes
 *
 * The batch arrives as NCHW and fc1 expects PyTorch's channel-major
 * flatten; in between everything is channels-last. Per sample, NCHW to NHWC
 * is a [C, HW] -> [HW, C] transpose and NHWC to NCHW the reverse. */

static void nchw_to_nhwc(const float *restrict src, float *restrict dst, int n, int c, int hw) {
  for (int s = 0; s < n; s++, src += (size_t)c * hw, dst += (size_t)c * hw)
    for (int i = 0; i < hw; i++)
      for (int j = 0; j < c; j++) dst[(size_t)i * c + j] = src[(size_t)j * hw + i];
}

static void nhwc_to_nchw(const float *restrict src, float *restrict dst, int n, int c, int hw) {
  for (int s = 0; s < n; s++, src += (size_t)c * hw, dst += (size_t)c * hw)
    for (int j = 0; j < c; j++)
      for (int i = 0; i < hw; i++) dst[(size_t)j * hw + i] = src[(size_t)i * c + j];
}

/* ------------------------------------------------------------------------
 * Convolution blocks: each forward next to its backward */

/* The weight [out, in, kh, kw] as wt [out, kh, kw, in], the column order of
 * im2col's rows. 18k floats for a 64x32x3x3 layer: negligible per step. */
static void permute_weight(const conv *l) {
  const int kk = l->k * l->k;
  for (int o = 0; o < l->out_c; o++)
    for (int c = 0; c < l->in_c; c++)
      for (int t = 0; t < kk; t++)
        l->wt[((size_t)o * kk + t) * l->in_c + c] = l->w[((size_t)o * l->in_c + c) * kk + t];
}

/* The reverse, for a member's gradient: dwt [out, kh, kw, in] into dw [out, in, kh, kw]. */
static void unpermute_weight_grad(const conv *l, const float *restrict dwt, float *restrict dw) {
  const int kk = l->k * l->k;
  for (int o = 0; o < l->out_c; o++)
    for (int c = 0; c < l->in_c; c++)
      for (int t = 0; t < kk; t++)
        dw[((size_t)o * l->in_c + c) * kk + t] = dwt[((size_t)o * kk + t) * l->in_c + c];
}

/* Member `member`'s slices of the block's work. */
static conv_work work_of(const conv *l, int member) {
  conv_work w;
  w.dwt = l->work + (size_t)member * l->work_floats;
  w.col = w.dwt + (size_t)l->out_c * l->in_c * l->k * l->k;
  w.z = w.col + (size_t)l->chunk * l->out_h * l->out_w * l->k * l->k * l->in_c;
  return w;
}

/* The kernel row kh of output column ow covers input columns
 * ow - pad .. ow - pad + k - 1. Of its k taps, [*lo, *hi) fall inside the
 * image; the rest read the zero padding. */
static void tap_range(const conv *l, int ow, int *lo, int *hi) {
  const int first = ow - l->pad;
  *lo = first < 0 ? -first : 0;
  *hi = first + l->k > l->in_w ? l->in_w - first : l->k;
  if (*hi < *lo) *hi = *lo;
}

/* Kernel rows of fewer floats than this (k * in_c: 3 for the first block
 * of a grey image) are gathered a tap at a time (im2col_thin): a memcpy call
 * per 3 floats costs more than the copy. */
enum { SHORT_RUN = 8 };

/* im2col for kernel rows shorter than SHORT_RUN: for each output row and
 * each tap (kh, kw, c), one strided pass down that column of col. */
static void im2col_thin(const conv *l, const float *x, int n, float *col) {
  const int c = l->in_c, k = l->k, cols = k * k * c;
  for (int s = 0; s < n; s++) {
    const float *image = x + (size_t)s * l->in_h * l->in_w * c;
    for (int oh = 0; oh < l->out_h; oh++) {
      float *rows = col + ((size_t)s * l->out_h + oh) * l->out_w * cols;
      for (int kh = 0; kh < k; kh++) {
        const int ih = oh - l->pad + kh, inside = ih >= 0 && ih < l->in_h;
        for (int kw = 0; kw < k; kw++) {
          /* Output columns whose tap kw reads inside the image: [from, to). */
          const int shift = kw - l->pad;
          const int from = inside ? (shift < 0 ? -shift : 0) : l->out_w;
          int to = l->in_w - shift < l->out_w ? l->in_w - shift : l->out_w;
          if (to < from) to = from;
          for (int ci = 0; ci < c; ci++) {
            float *restrict dst = rows + ((size_t)kh * k + kw) * c + ci;
            int ow = 0;
            for (; ow < from; ow++) dst[(size_t)ow * cols] = 0.0f;
            for (; ow < to; ow++) dst[(size_t)ow * cols] = image[((size_t)ih * l->in_w + ow + shift) * c + ci];
            for (; ow < l->out_w; ow++) dst[(size_t)ow * cols] = 0.0f;
          }
        }
      }
    }
  }
}

/* col[row (n, oh, ow)] = the k x k x in_c input patch under that output
 * pixel, in (kh, kw, c) order, zero where it hangs over the edge. Channels
 * are contiguous and so are neighbouring taps of one kernel row, so each
 * kernel row is at most one memcpy between two memsets (im2col_thin when
 * the row is short). */
static void im2col(const conv *l, const float *x, int n, float *col) {
  const int c = l->in_c, k = l->k;
  if (k * c < SHORT_RUN) {
    im2col_thin(l, x, n, col);
    return;
  }
  float *dst = col;
  for (int s = 0; s < n; s++) {
    const float *image = x + (size_t)s * l->in_h * l->in_w * c;
    for (int oh = 0; oh < l->out_h; oh++)
      for (int ow = 0; ow < l->out_w; ow++) {
        int lo, hi;
        tap_range(l, ow, &lo, &hi);
        for (int kh = 0; kh < k; kh++, dst += (size_t)k * c) {
          const int ih = oh - l->pad + kh;
          if (ih < 0 || ih >= l->in_h || lo == hi) {
            memset(dst, 0, sizeof(float) * (size_t)k * c);
            continue;
          }
          const float *src = image + ((size_t)ih * l->in_w + (ow - l->pad + lo)) * c;
          if (lo > 0) memset(dst, 0, sizeof(float) * (size_t)lo * c);
          memcpy(dst + (size_t)lo * c, src, sizeof(float) * (size_t)(hi - lo) * c);
          if (hi < k) memset(dst + (size_t)hi * c, 0, sizeof(float) * (size_t)(k - hi) * c);
        }
      }
  }
}

/* The adjoint of im2col: dx = 0, then every row of dcol is added back onto
 * the input patch it was copied from. Padding taps drop out. */
static void col2im(const conv *l, const float *dcol, float *dx, int n) {
  const int c = l->in_c, k = l->k;
  const size_t image_size = (size_t)l->in_h * l->in_w * c;
  memset(dx, 0, sizeof(float) * image_size * (size_t)n);
  const float *src = dcol;
  for (int s = 0; s < n; s++) {
    float *image = dx + (size_t)s * image_size;
    for (int oh = 0; oh < l->out_h; oh++)
      for (int ow = 0; ow < l->out_w; ow++) {
        int lo, hi;
        tap_range(l, ow, &lo, &hi);
        for (int kh = 0; kh < k; kh++, src += (size_t)k * c) {
          const int ih = oh - l->pad + kh;
          if (ih < 0 || ih >= l->in_h) continue;
          float *restrict to = image + ((size_t)ih * l->in_w + (ow - l->pad + lo)) * c;
          const float *restrict from = src + (size_t)lo * c;
          const size_t count = (size_t)(hi - lo) * c;
          for (size_t i = 0; i < count; i++) to[i] += from[i];
        }
      }
  }
}

/* Floats (or winner bytes) of one image's pooled block output. */
static size_t pooled_size(const conv *l) { return (size_t)l->pool_h * l->pool_w * l->out_c; }

/* For the n images of a chunk starting at image `first` of the batch,
 * whose convolution output is in z: p = relu(max over each 2x2 window of z, plus b), and
 * which cell won. The bias and the ReLU commute with the max, so adding
 * them after pooling gives PyTorch's maxpool(relu(conv + b)) on a quarter
 * of the values. A trailing odd row or column is dropped, as in
 * F.max_pool2d. */
static void pool_forward(const conv *l, const float *z, int first, int n) {
  const int c = l->out_c;
  const size_t row = (size_t)l->out_w * c; /* floats in one image row of z */
  const float *restrict b = l->b;
  float *restrict out = l->p + (size_t)first * pooled_size(l);
  uint8_t *restrict win = l->winner + (size_t)first * pooled_size(l);
  for (int s = 0; s < n; s++)
    for (int ph = 0; ph < l->pool_h; ph++)
      for (int pw = 0; pw < l->pool_w; pw++, out += c, win += c) {
        const float *z00 = z + (((size_t)s * l->out_h + 2 * ph) * l->out_w + 2 * pw) * c;
        const float *z01 = z00 + c, *z10 = z00 + row, *z11 = z10 + c;
        for (int j = 0; j < c; j++) {
          /* A small tournament, written with comparison flags so that it
           * compiles to max instructions rather than branches (the winner
           * is data: a branch would mispredict half the time). Ties go to
           * the earlier cell in row-major order, as in PyTorch. */
          const int right_top = z01[j] > z00[j], right_bottom = z11[j] > z10[j];
          const float top = z01[j] > z00[j] ? z01[j] : z00[j];
          const float bottom = z11[j] > z10[j] ? z11[j] : z10[j];
          const int lower = bottom > top;
          const float best = bottom > top ? bottom : top;
          const float v = best + b[j];
          out[j] = mk_keep_if(v, v > 0.0f);
          win[j] = (uint8_t)(lower * (2 + right_bottom) + (1 - lower) * right_top);
        }
      }
}

/* One 2x2 window of c channels backward: g = dout through the ReLU (zero
 * where out = 0), added into db, and stored in the winning cell, zero in
 * the other three. A function of its own so that every pointer is a
 * restrict parameter: clang then vectorizes the channel loop without the
 * runtime overlap checks that, inline, sent it down its scalar path. */
static inline void pool_window_backward(int c, const float *restrict out, const float *restrict dout,
                                        const uint8_t *restrict win, float *restrict db,
                                        float *restrict dz00, float *restrict dz01,
                                        float *restrict dz10, float *restrict dz11) {
  for (int j = 0; j < c; j++) {
    const float g = mk_keep_if(dout[j], out[j] > 0.0f);
    db[j] += g;
    dz00[j] = mk_keep_if(g, win[j] == 0);
    dz01[j] = mk_keep_if(g, win[j] == 1);
    dz10[j] = mk_keep_if(g, win[j] == 2);
    dz11[j] = mk_keep_if(g, win[j] == 3);
  }
}

/* For the n images of a chunk starting at image `first` of the batch,
 * given dp, the gradient at the block output: through the ReLU, into db,
 * and routed to the winning cell of each window of dz (pool_window_backward).
 * Overwrites dz, each cell of a window once (a trailing odd row or column,
 * which no window covers, is zeroed first). */
static void pool_backward(const conv *l, float *z, float *db, int first, int n) {
  const int c = l->out_c;
  const size_t row = (size_t)l->out_w * c;
  if (l->out_h % 2 != 0 || l->out_w % 2 != 0) memset(z, 0, sizeof(float) * (size_t)n * l->out_h * row);
  const size_t skip = (size_t)first * pooled_size(l);
  const float *out = l->p + skip, *dout = l->dp + skip;
  const uint8_t *win = l->winner + skip;
  for (int s = 0; s < n; s++)
    for (int ph = 0; ph < l->pool_h; ph++)
      for (int pw = 0; pw < l->pool_w; pw++, out += c, dout += c, win += c) {
        float *dz00 = z + (((size_t)s * l->out_h + 2 * ph) * l->out_w + 2 * pw) * c;
        pool_window_backward(c, out, dout, win, db, dz00, dz00 + c, dz00 + row, dz00 + row + c);
      }
}

/* Floats of one image of the block's input. */
static size_t input_size(const conv *l) { return (size_t)l->in_h * l->in_w * l->in_c; }

/* x (channels-last, the whole batch) -> p for the count images from image
 * `first`, a chunk at a time: im2col, one sgemm, then the fused pool +
 * bias + ReLU pass. Expects wt permuted (permute_weight). */
static void conv_forward(const conv *l, conv_work w, const float *x, int first, int count) {
  const int cols = l->k * l->k * l->in_c;
  for (int done = 0; done < count; done += l->chunk) {
    const int at = first + done, images = count - done < l->chunk ? count - done : l->chunk;
    const int rows = images * l->out_h * l->out_w;
    im2col(l, x + (size_t)at * input_size(l), images, w.col);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, l->out_c, cols,
                1.0f, w.col, cols, l->wt, cols, 0.0f, w.z, l->out_c);
    pool_forward(l, w.z, at, images);
  }
}

/* Given the block's input x and dp, for the count images from image
 * `first`, a chunk at a time: dz, db, the chunk's im2col rows again,
 * dW += dz^T col and, unless dx is NULL (the first block, whose input is the
 * batch), dx = col2im(dz W), where dcol overwrites col, which dW no longer
 * needs. db and dw are the member's own and are overwritten, never
 * accumulated across steps (zero when count is 0). */
static void conv_backward(const conv *l, conv_work w, float *db, float *dw, const float *x, float *dx,
                          int first, int count) {
  const int cols = l->k * l->k * l->in_c;
  memset(db, 0, sizeof(float) * (size_t)l->out_c);
  if (count == 0) memset(w.dwt, 0, sizeof(float) * (size_t)l->out_c * cols);
  for (int done = 0; done < count; done += l->chunk) {
    const int at = first + done, images = count - done < l->chunk ? count - done : l->chunk;
    const int rows = images * l->out_h * l->out_w;
    pool_backward(l, w.z, db, at, images);
    im2col(l, x + (size_t)at * input_size(l), images, w.col);
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, l->out_c, cols, rows,
                1.0f, w.z, l->out_c, w.col, cols, done == 0 ? 0.0f : 1.0f, w.dwt, cols);
    if (dx == NULL) continue;
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, rows, cols, l->out_c,
                1.0f, w.z, l->out_c, l->wt, cols, 0.0f, w.col, cols);
    col2im(l, w.col, dx + (size_t)at * input_size(l), images);
  }
  unpermute_weight_grad(l, w.dwt, dw);
}

/* ------------------------------------------------------------------------
 * The network */

/* One step's job for the team: the batch (NCHW) and its size. */
typedef struct step {
  cnn *m;
  const float *img;
  int n;
} step;

/* Member `member`'s images of a batch of n: [*first, *first + *count). */
static void slice_of(int n, int member, int threads, int *first, int *count) {
  const int lo = (int)((int64_t)n * member / threads), hi = (int)((int64_t)n * (member + 1) / threads);
  *first = lo;
  *count = hi - lo;
}

/* Where a gradient of cnn.grads lies in member `member`'s gradients
 * (cnn.grads itself for member 0). */
static float *grad_of(const cnn *m, int member, float *grad) {
  if (member == 0) return grad;
  return m->member_grads + (size_t)(member - 1) * m->param_floats + (grad - m->grads);
}

/* Dense layer j as member `member` sees it: its rows of y and dy from
 * image `first` on, and its own dw and db. */
static mk_dense dense_of(const cnn *m, int j, int member, int first) {
  mk_dense d = m->fcs[j];
  d.y += (size_t)first * d.out;
  d.dy += (size_t)first * d.out;
  d.dw = grad_of(m, member, d.dw);
  d.db = grad_of(m, member, d.db);
  return d;
}

/* The forward pass of one member's slice, up to the logits in the last
 * dense layer's y. */
static void forward_job(void *context, int member, int threads) {
  const step *st = context;
  cnn *m = st->m;
  int first, count;
  slice_of(st->n, member, threads, &first, &count);
  if (count == 0) return;
  const size_t image = (size_t)m->in_c * m->image_size * m->image_size;
  nchw_to_nhwc(st->img + first * image, m->x + first * image, count, m->in_c, m->image_size * m->image_size);
  const float *x = m->x;
  for (int i = 0; i < m->num_convs; i++) {
    conv_forward(&m->convs[i], work_of(&m->convs[i], member), x, first, count);
    x = m->convs[i].p;
  }
  const conv *last = &m->convs[m->num_convs - 1];
  nhwc_to_nchw(last->p + first * pooled_size(last), m->flat_x + (size_t)first * m->flat, count, last->out_c,
               last->pool_h * last->pool_w);
  x = m->flat_x + (size_t)first * m->flat;
  for (int j = 0; j < m->num_fcs; j++) {
    const mk_dense d = dense_of(m, j, member, first);
    mk_dense_forward(&d, x, count, j + 1 < m->num_fcs);
    x = d.y;
  }
}

/* cnn.grads = the members' gradients summed in member order, member
 * `member` summing its share of the parameters. */
static void sum_grads(const cnn *m, int member, int threads) {
  const size_t lo = m->param_floats * (size_t)member / (size_t)threads;
  const size_t hi = m->param_floats * (size_t)(member + 1) / (size_t)threads;
  float *restrict total = m->grads;
  for (int t = 1; t < threads; t++) {
    const float *restrict part = m->member_grads + (size_t)(t - 1) * m->param_floats;
    for (size_t i = lo; i < hi; i++) total[i] += part[i];
  }
}

/* The backward pass of one member's slice into its own gradients (the
 * classifier's dy filled by mk_softmax_xent), then, once every member is
 * through, its share of the sum. */
static void backward_job(void *context, int member, int threads) {
  const step *st = context;
  cnn *m = st->m;
  int first, count;
  slice_of(st->n, member, threads, &first, &count);
  if (count > 0) {
    for (int j = m->num_fcs - 1; j >= 0; j--) {
      const mk_dense d = dense_of(m, j, member, first);
      const float *x = j > 0 ? m->fcs[j - 1].y + (size_t)first * d.in : m->flat_x + (size_t)first * m->flat;
      float *dx = j > 0 ? m->fcs[j - 1].dy + (size_t)first * d.in : m->flat_dx + (size_t)first * m->flat;
      mk_dense_backward(&d, x, dx, count, j + 1 < m->num_fcs);
    }
    const conv *last = &m->convs[m->num_convs - 1];
    nchw_to_nhwc(m->flat_dx + (size_t)first * m->flat, last->dp + first * pooled_size(last), count,
                 last->out_c, last->pool_h * last->pool_w);
    for (int i = m->num_convs - 1; i >= 0; i--) {
      const conv *l = &m->convs[i];
      conv_backward(l, work_of(l, member), grad_of(m, member, l->db), grad_of(m, member, l->dw),
                    i > 0 ? m->convs[i - 1].p : m->x, i > 0 ? m->convs[i - 1].dp : NULL, first, count);
    }
  } else {
    memset(grad_of(m, member, m->grads), 0, sizeof(float) * m->param_floats);
  }
  if (threads == 1) return;
  mk_team_barrier(m->team);
  sum_grads(m, member, threads);
}

/* The logits of the batch img of n images into the last dense layer's y. */
static void forward(cnn *m, const float *img, int n) {
  for (int i = 0; i < m->num_convs; i++) permute_weight(&m->convs[i]);
  step st = {m, img, n};
  mk_team_run(m->team, forward_job, &st);
}

/* The gradients of the batch of n whose forward ran last, given the
 * classifier's dy filled by mk_softmax_xent. */
static void backward(cnn *m, int n) {
  step st = {m, NULL, n};
  mk_team_run(m->team, backward_job, &st);
}

/* Makes the scratch hold n samples, growing it only past the largest batch
 * so far. */
static pacer_status reserve(cnn *m, int n, pacer_error *err) {
  if (n <= m->cap) return PACER_OK;
  if (m->floats_per_sample > SIZE_MAX / sizeof(float) / (size_t)n)
    return fail(m->api, err, PACER_E_NO_MEMORY, "a batch of %d samples does not fit in memory", n);
  /* calloc, not malloc: sgemm with beta = 0 need not read C, but nothing
   * here should ever see uninitialised floats. */
  float *block = calloc((size_t)n * m->floats_per_sample, sizeof(float));
  uint8_t *bytes = calloc((size_t)n * m->bytes_per_sample, 1);
  if (block == NULL || bytes == NULL) {
    free(block);
    free(bytes);
    return fail(m->api, err, PACER_E_NO_MEMORY,
                "cannot allocate activations for %d samples (%zu MB)", n,
                ((size_t)n * m->floats_per_sample * sizeof(float)) >> 20);
  }
  free(m->scratch);
  free(m->scratch_bytes);
  m->scratch = block;
  m->scratch_bytes = bytes;
  m->cap = n;
  const size_t count = (size_t)n;
  m->x = block;
  block += count * m->image_size * m->image_size * m->in_c;
  for (int i = 0; i < m->num_convs; i++) {
    conv *l = &m->convs[i];
    l->p = block;
    block += count * pooled_size(l);
    l->dp = block;
    block += count * pooled_size(l);
    l->winner = bytes;
    bytes += count * pooled_size(l);
  }
  m->flat_x = block;
  block += count * m->flat;
  m->flat_dx = block;
  block += count * m->flat;
  for (int j = 0; j < m->num_fcs; j++) {
    mk_dense *l = &m->fcs[j];
    l->y = block;
    block += count * l->out;
    l->dy = block;
    block += count * l->out;
  }
  return PACER_OK;
}

/* Checks the batch against the network and returns its images, labels and
 * size, with the scratch ready for it. A bad batch is an error, never a
 * crash. */
static pacer_status bind_batch(cnn *m, const pacer_batch *batch, const float **img,
                               const int64_t **labels, int *n, pacer_error *err) {
  const int classes = m->fcs[m->num_fcs - 1].out, side = m->image_size;
  if (!PACER_HAS_FIELD(batch, pacer_batch, fields) ||
      (batch->field_count > 0 && batch->fields == NULL) ||
      (batch->field_count > 1 && batch->field_stride < offsetof(pacer_tensor, grad)))
    return fail(m->api, err, PACER_E_INVALID_ARG, "malformed batch");

  const pacer_tensor *x = mk_find_field(batch, "img");
  if (x == NULL)
    return fail(m->api, err, PACER_E_INVALID_ARG, "batch has no 'img' field");
  if (x->dtype != PACER_DTYPE_F32)
    return fail(m->api, err, PACER_E_INVALID_ARG, "'img' must be F32");
  if (x->ndim != 4 || x->shape == NULL || x->shape[0] < 1 || x->shape[0] > INT_MAX ||
      x->shape[1] != m->in_c || x->shape[2] != side || x->shape[3] != side)
    return fail(m->api, err, PACER_E_INVALID_ARG,
                "'img' must have shape [N, %d, %d, %d] (N >= 1; in_channels, image_size)",
                m->in_c, side, side);
  const int64_t count = x->shape[0];
  const uint64_t per_sample = (uint64_t)m->in_c * (uint64_t)side * (uint64_t)side;
  if (x->numel != (uint64_t)count * per_sample)
    return fail(m->api, err, PACER_E_INVALID_ARG, "'img' has numel %llu, its shape says %llu",
                (unsigned long long)x->numel, (unsigned long long)((uint64_t)count * per_sample));
  if (x->data == NULL)
    return fail(m->api, err, PACER_E_INVALID_ARG, "'img' has no data");

  pacer_status status = mk_labels(m->api, err, TYPE_NAME, batch, count, classes, labels);
  if (status != PACER_OK) return status;
  status = reserve(m, (int)count, err);
  if (status != PACER_OK) return status;
  *img = x->data;
  *n = (int)count;
  return PACER_OK;
}

static pacer_status cnn_train_step(void *self, pacer_ctx *ctx, const pacer_batch *batch,
                                   pacer_step_output *out, pacer_error *err) {
  (void)ctx;
  cnn *m = self;
  const float *img;
  const int64_t *labels;
  int n;
  pacer_status status = bind_batch(m, batch, &img, &labels, &n, err);
  if (status != PACER_OK) return status;
  forward(m, img, n);
  mk_dense *top = &m->fcs[m->num_fcs - 1];
  int64_t correct;
  double loss = mk_softmax_xent(top->y, labels, n, top->out, top->dy, &correct) / n;
  backward(m, n);
  mk_report(out, loss, n);
  return PACER_OK;
}

static pacer_status cnn_val_step(void *self, pacer_ctx *ctx, const pacer_batch *batch,
                                 pacer_step_output *out, pacer_error *err) {
  cnn *m = self;
  const float *img;
  const int64_t *labels;
  int n;
  pacer_status status = bind_batch(m, batch, &img, &labels, &n, err);
  if (status != PACER_OK) return status;
  forward(m, img, n);
  const mk_dense *top = &m->fcs[m->num_fcs - 1];
  int64_t correct;
  double loss = mk_softmax_xent(top->y, labels, n, top->out, NULL, &correct) / n;
  return mk_report_val(m->api, ctx, err, TYPE_NAME, out, loss, correct, top->y, n, top->out);
}

/* ------------------------------------------------------------------------
 * Parameters */

static uint32_t cnn_param_count(void *self) {
  const cnn *m = self;
  return m->num_params;
}

/* conv<i>.weight, conv<i>.bias for every block, then fc<j>.weight, fc<j>.bias. */
static pacer_status cnn_param_at(void *self, uint32_t index, pacer_tensor *out) {
  const cnn *m = self;
  if (index >= m->num_params || out == NULL) return PACER_E_NOT_FOUND;
  const param *p = &m->param_list[index];
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

/* ------------------------------------------------------------------------
 * Life cycle */

static void cnn_destroy(void *self) {
  cnn *m = self;
  free(m->scratch);
  free(m->scratch_bytes);
  mk_team_free(m->team);
  free(m->weight_work);
  free(m->member_grads);
  free(m->grads);
  free(m->params);
  free(m->param_list);
  free(m->fcs);
  free(m->convs);
  free(m);
}

/* Reads the list `key` of positive integers (each at most 65536) into a new
 * array, or the defaults when the key is absent. *count may be 0 only when
 * allow_empty. */
static pacer_status read_widths(const pacer_host_api *api, const pacer_config *cfg, const char *key,
                                const int *defaults, int default_count, int allow_empty,
                                int **out, int *count, pacer_error *err) {
  uint64_t len;
  pacer_status status = api->cfg_get_len(cfg, key, &len);
  const int use_default = status == PACER_E_NOT_FOUND;
  if (use_default)
    len = (uint64_t)default_count;
  else if (status != PACER_OK || len > 64 || (len == 0 && !allow_empty))
    return fail(api, err, PACER_E_INVALID_ARG, "'%s' must be a %slist of at most 64 positive integers",
                key, allow_empty ? "" : "non-empty ");
  int *widths = calloc(len > 0 ? len : 1, sizeof *widths);
  if (widths == NULL) return fail(api, err, PACER_E_NO_MEMORY, "out of memory");
  for (uint64_t i = 0; i < len; i++) {
    int64_t v = use_default ? defaults[i] : 0; /* 0 fails: a missing entry is an error */
    char item[48];
    snprintf(item, sizeof item, "%s.%d", key, (int)i);
    if (mk_read_int(api, cfg, item, 1, 65536, &v) != PACER_OK || v == 0) {
      free(widths);
      return fail(api, err, PACER_E_INVALID_ARG,
                  "'%s' must be a list of positive integers (at most 65536); entry %d is not",
                  key, (int)i);
    }
    widths[i] = (int)v;
  }
  *out = widths;
  *count = (int)len;
  return PACER_OK;
}

/* Adds a parameter to the list. */
static void add_param(cnn *m, const char *layer, int index, const char *kind, int32_t ndim,
                      const int64_t *shape, float *data, float *grad) {
  param *p = &m->param_list[m->num_params++];
  snprintf(p->name, sizeof p->name, "%s%d.%s", layer, index, kind);
  p->ndim = ndim;
  p->numel = 1;
  for (int32_t d = 0; d < ndim; d++) {
    p->shape[d] = shape[d];
    p->numel *= (uint64_t)shape[d];
  }
  p->data = data;
  p->grad = grad;
}

static pacer_status cnn_create(const pacer_plugin_desc *desc, const pacer_host_api *api,
                               const pacer_config *cfg, void **out_self, pacer_error *err) {
  (void)desc;
  int64_t in_channels = 1, image_size = 28, kernel_size = 3, num_classes = 10, init_seed = 0;
  if (mk_read_int(api, cfg, "in_channels", 1, 65536, &in_channels) != PACER_OK)
    return fail(api, err, PACER_E_INVALID_ARG, "'in_channels' must be an integer in [1, 65536]");
  if (mk_read_int(api, cfg, "image_size", 1, 16384, &image_size) != PACER_OK)
    return fail(api, err, PACER_E_INVALID_ARG, "'image_size' must be an integer in [1, 16384]");
  if (mk_read_int(api, cfg, "kernel_size", 1, 64, &kernel_size) != PACER_OK)
    return fail(api, err, PACER_E_INVALID_ARG, "'kernel_size' must be an integer in [1, 64]");
  int64_t padding = (kernel_size - 1) / 2; /* "same" for odd kernels */
  if (mk_read_int(api, cfg, "padding", 0, kernel_size - 1, &padding) != PACER_OK)
    return fail(api, err, PACER_E_INVALID_ARG,
                "'padding' must be an integer in [0, kernel_size - 1 = %d]", (int)kernel_size - 1);
  if (mk_read_int(api, cfg, "num_classes", 1, 1 << 20, &num_classes) != PACER_OK)
    return fail(api, err, PACER_E_INVALID_ARG, "'num_classes' must be an integer in [1, 1048576]");
  if (mk_read_int(api, cfg, "init_seed", INT64_MIN, INT64_MAX, &init_seed) != PACER_OK)
    return fail(api, err, PACER_E_INVALID_ARG, "'init_seed' must be an integer");

  static const int default_channels[] = {32, 64}, default_hidden[] = {128};
  int *channels = NULL, *hidden = NULL, num_channels, num_hidden;
  pacer_status status = read_widths(api, cfg, "channels", default_channels, 2, 0, &channels,
                                    &num_channels, err);
  if (status != PACER_OK) return status;
  status = read_widths(api, cfg, "hidden", default_hidden, 1, 1, &hidden, &num_hidden, err);
  if (status != PACER_OK) {
    free(channels);
    return status;
  }

  cnn *m = calloc(1, sizeof *m);
  if (m != NULL) {
    m->convs = calloc((size_t)num_channels, sizeof *m->convs);
    m->fcs = calloc((size_t)num_hidden + 1, sizeof *m->fcs);
    m->param_list = calloc(2 * ((size_t)num_channels + (size_t)num_hidden + 1), sizeof *m->param_list);
  }
  if (m == NULL || m->convs == NULL || m->fcs == NULL || m->param_list == NULL) {
    if (m != NULL) cnn_destroy(m);
    free(channels);
    free(hidden);
    return fail(api, err, PACER_E_NO_MEMORY, "out of memory");
  }
  m->api = api;
  m->in_c = (int)in_channels;
  m->image_size = (int)image_size;
  m->num_convs = num_channels;
  m->num_fcs = num_hidden + 1;
  m->threads = mk_blas_threads();

  /* Chain the shapes: each block keeps the extent (up to padding) and then
   * halves it; the image must stay at least 2x2 for every pooling. */
  int c = m->in_c, side = m->image_size;
  size_t param_floats = 0, work_floats = 0;
  for (int i = 0; i < num_channels; i++) {
    conv *l = &m->convs[i];
    l->in_c = c;
    l->out_c = channels[i];
    l->k = (int)kernel_size;
    l->pad = (int)padding;
    l->in_h = l->in_w = side;
    l->out_h = l->out_w = side + 2 * l->pad - l->k + 1;
    if (l->out_h < 2) {
      const int extent = l->out_h;
      cnn_destroy(m);
      free(channels);
      free(hidden);
      return fail(api, err, PACER_E_INVALID_ARG,
                  "'channels' has %d conv blocks, but block %d turns its %dx%d input into %dx%d "
                  "(kernel_size %d, padding %d), too small for 2x2 max pooling; use fewer blocks, "
                  "a larger 'image_size' or more 'padding'",
                  num_channels, i + 1, side, side, extent, extent, (int)kernel_size, (int)padding);
    }
    l->pool_h = l->pool_w = l->out_h / 2;
    const int pixels = l->out_h * l->out_w; /* below (16384 + 64)^2: fits an int */
    l->chunk = pixels < CHUNK_ROWS ? CHUNK_ROWS / pixels : 1;
    const size_t wn = (size_t)l->out_c * l->in_c * l->k * l->k;
    param_floats += wn + (size_t)l->out_c;
    /* Each term is below 2^62 (int factors), and threads at most 64. */
    l->work_floats = wn + (size_t)l->chunk * pixels * ((size_t)l->k * l->k * l->in_c + l->out_c);
    if (l->work_floats > (SIZE_MAX / 8 - work_floats - wn) / (size_t)m->threads) {
      cnn_destroy(m);
      free(channels);
      free(hidden);
      return fail(api, err, PACER_E_NO_MEMORY, "block %d needs more memory than there is", i + 1);
    }
    work_floats += wn + (size_t)m->threads * l->work_floats;
    m->floats_per_sample += 2 * pooled_size(l);
    m->bytes_per_sample += pooled_size(l);
    c = l->out_c;
    side = l->pool_h;
  }
  const conv *last = &m->convs[num_channels - 1];
  const size_t flat = (size_t)last->out_c * last->pool_h * last->pool_w;
  if (flat > INT_MAX / 2) {
    cnn_destroy(m);
    free(channels);
    free(hidden);
    return fail(api, err, PACER_E_INVALID_ARG, "the last conv block has %zu features; at most %d",
                flat, INT_MAX / 2);
  }
  m->flat = (int)flat;
  m->floats_per_sample += (size_t)m->image_size * m->image_size * m->in_c + 2 * flat;
  int width = m->flat;
  for (int j = 0; j < m->num_fcs; j++) {
    mk_dense *l = &m->fcs[j];
    l->in = width;
    l->out = j < num_hidden ? hidden[j] : (int)num_classes;
    param_floats += (size_t)l->out * l->in + (size_t)l->out;
    m->floats_per_sample += 2 * (size_t)l->out;
    width = l->out;
  }
  free(channels);
  free(hidden);

  /* One block for all parameters, one for all gradients, one for the
   * other members' gradients, one for the permuted conv weights and the
   * members' chunk buffers. */
  m->param_floats = param_floats;
  m->params = calloc(param_floats, sizeof(float));
  m->grads = calloc(param_floats, sizeof(float));
  m->member_grads = calloc(param_floats * (size_t)(m->threads - 1) + 1, sizeof(float));
  m->weight_work = calloc(work_floats, sizeof(float));
  if (m->params == NULL || m->grads == NULL || m->member_grads == NULL || m->weight_work == NULL) {
    cnn_destroy(m);
    return fail(api, err, PACER_E_NO_MEMORY, "cannot allocate %zu parameters", param_floats);
  }
  if (m->threads > 1) {
    m->team = mk_team_new(m->threads);
    if (m->team == NULL) m->threads = 1; /* no threads to be had: steps run on the caller */
  }

  /* PyTorch's default init for Conv2d and Linear: weight and bias uniform in
   * +-1/sqrt(fan_in), fan_in = in_c * k * k or in. Drawn in parameter order
   * from one stream. */
  uint64_t rng = (uint64_t)init_seed;
  float *p = m->params, *g = m->grads, *work = m->weight_work;
  for (int i = 0; i < m->num_convs; i++) {
    conv *l = &m->convs[i];
    const size_t wn = (size_t)l->out_c * l->in_c * l->k * l->k;
    l->w = p;
    l->dw = g;
    l->b = p + wn;
    l->db = g + wn;
    p += wn + (size_t)l->out_c;
    g += wn + (size_t)l->out_c;
    l->wt = work;
    l->work = work + wn;
    work += wn + (size_t)m->threads * l->work_floats;
    const int64_t w_shape[4] = {l->out_c, l->in_c, l->k, l->k}, b_shape[1] = {l->out_c};
    add_param(m, "conv", i + 1, "weight", 4, w_shape, l->w, l->dw);
    add_param(m, "conv", i + 1, "bias", 1, b_shape, l->b, l->db);
    const float bound = (float)(1.0 / sqrt((double)l->in_c * l->k * l->k));
    for (size_t t = 0; t < wn; t++) l->w[t] = mk_uniform(&rng, bound);
    for (int t = 0; t < l->out_c; t++) l->b[t] = mk_uniform(&rng, bound);
  }
  for (int j = 0; j < m->num_fcs; j++) {
    mk_dense *l = &m->fcs[j];
    const size_t wn = (size_t)l->out * l->in;
    l->w = p;
    l->dw = g;
    l->b = p + wn;
    l->db = g + wn;
    p += wn + (size_t)l->out;
    g += wn + (size_t)l->out;
    const int64_t w_shape[2] = {l->out, l->in}, b_shape[1] = {l->out};
    add_param(m, "fc", j + 1, "weight", 2, w_shape, l->w, l->dw);
    add_param(m, "fc", j + 1, "bias", 1, b_shape, l->b, l->db);
    const float bound = (float)(1.0 / sqrt((double)l->in));
    for (size_t t = 0; t < wn; t++) l->w[t] = mk_uniform(&rng, bound);
    for (int t = 0; t < l->out; t++) l->b[t] = mk_uniform(&rng, bound);
  }

  *out_self = m;
  return PACER_OK;
}

/* ------------------------------------------------------------------------
 * Registration */

static const pacer_model_vtable cnn_vtable = {
    .struct_size = sizeof(pacer_model_vtable),
    .param_count = cnn_param_count,
    .param_at = cnn_param_at,
    .buffer_count = NULL, /* no running statistics */
    .buffer_at = NULL,
    .train_step = cnn_train_step,
    .val_step = cnn_val_step,
    .save_state = NULL, /* the host checkpoints the parameters itself */
    .load_state = NULL,
};

static const pacer_plugin_desc cnn_desc = {
    .struct_size = sizeof(pacer_plugin_desc),
    .kind = PACER_KIND_MODEL,
    .type_name = TYPE_NAME,
    .version = "1.0.0",
    .description = "Convolutional classifier: Conv+ReLU+MaxPool blocks (im2col + sgemm), "
                   "Linear+ReLU head, softmax cross-entropy",
    .default_priority = PACER_PRIORITY_NORMAL,
    .required_features = 0,
    .create = cnn_create,
    .destroy = cnn_destroy,
    .vtable = &cnn_vtable,
};

PACER_LIBRARY(&cnn_desc)
