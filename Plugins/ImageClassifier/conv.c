/* Conv2d: im2col over a chunk of images + one sgemm per group and chunk;
 * see layers.h. */
#include <string.h>

#include <cblas.h>

#include "layers.h"

/* A chunk's columns stay within about this many floats (4 MiB). */
enum { CHUNK_FLOATS = 1 << 20 };

int pl_conv2d_shape(pl_conv2d *l, int in_h, int in_w, int n) {
  l->in_h = in_h;
  l->in_w = in_w;
  const int span_h = l->dil_h * (l->kh - 1) + 1, span_w = l->dil_w * (l->kw - 1) + 1;
  const int room_h = in_h + 2 * l->pad_h - span_h, room_w = in_w + 2 * l->pad_w - span_w;
  if (room_h < 0 || room_w < 0) return -1;
  l->out_h = room_h / l->stride_h + 1;
  l->out_w = room_w / l->stride_w + 1;
  const size_t per_image = (size_t)(l->in_c / l->groups) * l->kh * l->kw * l->out_h * l->out_w;
  const size_t fit = per_image >= CHUNK_FLOATS ? 1 : CHUNK_FLOATS / per_image;
  l->chunk = fit < (size_t)n ? (int)fit : n;
  if (l->chunk < 1) l->chunk = 1;
  return 0;
}

size_t pl_conv2d_weight_floats(const pl_conv2d *l) {
  return (size_t)l->out_c * (size_t)(l->in_c / l->groups) * (size_t)l->kh * (size_t)l->kw;
}

size_t pl_conv2d_col_floats(const pl_conv2d *l) {
  return (size_t)(l->in_c / l->groups) * l->kh * l->kw * (size_t)l->chunk * l->out_h * l->out_w;
}

size_t pl_conv2d_out_floats(const pl_conv2d *l) {
  return (size_t)(l->out_c / l->groups) * (size_t)l->chunk * l->out_h * l->out_w;
}

/* col[(c, i, j), (oh, ow)] = x[c, oh*s - p + i*d, ow*s - p + j*d], zero in
 * the padding: Caffe's im2col for `channels` planes of one image, into
 * rows `ld` floats apart (the chunk's other images fill the rest). */
static void im2col(const pl_conv2d *l, const float *x, int channels, float *col, size_t ld) {
  for (int c = 0; c < channels; c++)
    for (int i = 0; i < l->kh; i++)
      for (int j = 0; j < l->kw; j++) {
        float *row = col + ((size_t)(c * l->kh + i) * l->kw + j) * ld;
        const float *plane = x + (size_t)c * l->in_h * l->in_w;
        for (int oh = 0; oh < l->out_h; oh++) {
          const int ih = oh * l->stride_h - l->pad_h + i * l->dil_h;
          float *out = row + (size_t)oh * l->out_w;
          if (ih < 0 || ih >= l->in_h) {
            memset(out, 0, sizeof(float) * (size_t)l->out_w);
            continue;
          }
          const float *in = plane + (size_t)ih * l->in_w;
          const int shift = j * l->dil_w - l->pad_w; /* iw = ow * stride + shift */
          if (l->stride_w == 1) {
            /* a run of contiguous pixels between two runs of padding */
            int lo = -shift > 0 ? -shift : 0, hi = l->in_w - shift < l->out_w ? l->in_w - shift : l->out_w;
            if (hi < lo) hi = lo;
            if (lo > 0) memset(out, 0, sizeof(float) * (size_t)lo);
            if (hi > lo) memcpy(out + lo, in + lo + shift, sizeof(float) * (size_t)(hi - lo));
            if (hi < l->out_w) memset(out + hi, 0, sizeof(float) * (size_t)(l->out_w - hi));
          } else {
            for (int ow = 0; ow < l->out_w; ow++) {
              const int iw = ow * l->stride_w + shift;
              out[ow] = iw >= 0 && iw < l->in_w ? in[iw] : 0.0f;
            }
          }
        }
      }
}

/* The adjoint of im2col: each column entry (rows `ld` floats apart) is
 * added back onto the input pixel it was read from; padding drops out. */
static void col2im_add(const pl_conv2d *l, const float *col, int channels, float *dx, size_t ld) {
  for (int c = 0; c < channels; c++)
    for (int i = 0; i < l->kh; i++)
      for (int j = 0; j < l->kw; j++) {
        const float *row = col + ((size_t)(c * l->kh + i) * l->kw + j) * ld;
        float *plane = dx + (size_t)c * l->in_h * l->in_w;
        const int shift = j * l->dil_w - l->pad_w;
        for (int oh = 0; oh < l->out_h; oh++) {
          const int ih = oh * l->stride_h - l->pad_h + i * l->dil_h;
          if (ih < 0 || ih >= l->in_h) continue;
          const float *restrict in = row + (size_t)oh * l->out_w;
          float *restrict out = plane + (size_t)ih * l->in_w;
          if (l->stride_w == 1) {
            int lo = -shift > 0 ? -shift : 0, hi = l->in_w - shift < l->out_w ? l->in_w - shift : l->out_w;
            for (int ow = lo; ow < hi; ow++) out[ow + shift] += in[ow];
          } else {
            for (int ow = 0; ow < l->out_w; ow++) {
              const int iw = ow * l->stride_w + shift;
              if (iw >= 0 && iw < l->in_w) out[iw] += in[ow];
            }
          }
        }
      }
}

void pl_conv2d_forward(const pl_conv2d *l, const float *x, float *y, int n) {
  const int cg = l->in_c / l->groups, og = l->out_c / l->groups;
  const int pixels = l->out_h * l->out_w, k = cg * l->kh * l->kw;
  const size_t in_image = (size_t)l->in_c * l->in_h * l->in_w, out_image = (size_t)l->out_c * pixels;
  const size_t in_group = (size_t)cg * l->in_h * l->in_w, group_w = (size_t)og * k;
  for (int first = 0; first < n; first += l->chunk) {
    const int count = n - first < l->chunk ? n - first : l->chunk;
    const size_t cols = (size_t)count * pixels;
    for (int g = 0; g < l->groups; g++) {
      for (int s = 0; s < count; s++)
        im2col(l, x + (size_t)(first + s) * in_image + g * in_group, cg, l->col + (size_t)s * pixels, cols);
      /* yt [og, count*P] = W_g [og, k] col [k, count*P] */
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, og, (int)cols, k, 1.0f, l->w + g * group_w, k, l->col,
                  (int)cols, 0.0f, l->yt, (int)cols);
      for (int s = 0; s < count; s++)
        for (int o = 0; o < og; o++) {
          const float bias = l->b != NULL ? l->b[g * og + o] : 0.0f;
          const float *restrict from = l->yt + (size_t)o * cols + (size_t)s * pixels;
          float *restrict to = y + (size_t)(first + s) * out_image + (size_t)(g * og + o) * pixels;
          for (int p = 0; p < pixels; p++) to[p] = from[p] + bias;
        }
    }
  }
}

void pl_conv2d_backward(const pl_conv2d *l, const float *x, const float *dy, float *dx, int n) {
  const int cg = l->in_c / l->groups, og = l->out_c / l->groups;
  const int pixels = l->out_h * l->out_w, k = cg * l->kh * l->kw;
  const size_t in_image = (size_t)l->in_c * l->in_h * l->in_w, out_image = (size_t)l->out_c * pixels;
  const size_t in_group = (size_t)cg * l->in_h * l->in_w, group_w = (size_t)og * k;
  memset(l->gw, 0, sizeof(float) * pl_conv2d_weight_floats(l));
  if (l->gb != NULL) memset(l->gb, 0, sizeof(float) * (size_t)l->out_c);
  for (int first = 0; first < n; first += l->chunk) {
    const int count = n - first < l->chunk ? n - first : l->chunk;
    const size_t cols = (size_t)count * pixels;
    for (int g = 0; g < l->groups; g++) {
      /* dyt [og, count*P]: the chunk's output gradient side by side, and db */
      for (int s = 0; s < count; s++)
        for (int o = 0; o < og; o++) {
          const float *restrict from = dy + (size_t)(first + s) * out_image + (size_t)(g * og + o) * pixels;
          float *restrict to = l->yt + (size_t)o * cols + (size_t)s * pixels;
          float sum = 0.0f;
          for (int p = 0; p < pixels; p++) {
            to[p] = from[p];
            sum += from[p];
          }
          if (l->gb != NULL) l->gb[g * og + o] += sum;
        }
      for (int s = 0; s < count; s++)
        im2col(l, x + (size_t)(first + s) * in_image + g * in_group, cg, l->col + (size_t)s * pixels, cols);
      /* dW_g [og, k] += dyt [og, count*P] col^T [count*P, k] */
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, og, k, (int)cols, 1.0f, l->yt, (int)cols, l->col,
                  (int)cols, 1.0f, l->gw + g * group_w, k);
      if (dx == NULL) continue;
      /* dcol [k, count*P] = W_g^T [k, og] dyt [og, count*P], then back onto the images */
      cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, k, (int)cols, og, 1.0f, l->w + g * group_w, k, l->yt,
                  (int)cols, 0.0f, l->col, (int)cols);
      for (int s = 0; s < count; s++)
        col2im_add(l, l->col + (size_t)s * pixels, cg, dx + (size_t)(first + s) * in_image + g * in_group, cols);
    }
  }
}
