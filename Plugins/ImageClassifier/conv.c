/* Conv2d: im2col + one sgemm per group and image; see layers.h. */
#include <string.h>

#include <cblas.h>

#include "layers.h"

int pl_conv2d_shape(pl_conv2d *l, int in_h, int in_w) {
  l->in_h = in_h;
  l->in_w = in_w;
  const int span_h = l->dil_h * (l->kh - 1) + 1, span_w = l->dil_w * (l->kw - 1) + 1;
  const int room_h = in_h + 2 * l->pad_h - span_h, room_w = in_w + 2 * l->pad_w - span_w;
  if (room_h < 0 || room_w < 0) return -1;
  l->out_h = room_h / l->stride_h + 1;
  l->out_w = room_w / l->stride_w + 1;
  return 0;
}

size_t pl_conv2d_weight_floats(const pl_conv2d *l) {
  return (size_t)l->out_c * (size_t)(l->in_c / l->groups) * (size_t)l->kh * (size_t)l->kw;
}

/* A 1x1 convolution with stride 1 and no padding reads its input as the
 * columns directly. */
static int is_pointwise(const pl_conv2d *l) {
  return l->kh == 1 && l->kw == 1 && l->stride_h == 1 && l->stride_w == 1 && l->pad_h == 0 && l->pad_w == 0;
}

size_t pl_conv2d_col_floats(const pl_conv2d *l) {
  if (is_pointwise(l)) return 0;
  return (size_t)(l->in_c / l->groups) * (size_t)l->kh * (size_t)l->kw * (size_t)l->out_h * (size_t)l->out_w;
}

/* col[(c, i, j), (oh, ow)] = x[c, oh*s - p + i*d, ow*s - p + j*d], zero in
 * the padding: Caffe's im2col for `channels` planes of one image. */
static void im2col(const pl_conv2d *l, const float *x, int channels, float *col) {
  const int pixels = l->out_h * l->out_w;
  for (int c = 0; c < channels; c++)
    for (int i = 0; i < l->kh; i++)
      for (int j = 0; j < l->kw; j++) {
        float *row = col + ((size_t)(c * l->kh + i) * l->kw + j) * pixels;
        const float *plane = x + (size_t)c * l->in_h * l->in_w;
        for (int oh = 0; oh < l->out_h; oh++) {
          const int ih = oh * l->stride_h - l->pad_h + i * l->dil_h;
          float *out = row + (size_t)oh * l->out_w;
          if (ih < 0 || ih >= l->in_h) {
            memset(out, 0, sizeof(float) * (size_t)l->out_w);
            continue;
          }
          const float *in = plane + (size_t)ih * l->in_w;
          for (int ow = 0; ow < l->out_w; ow++) {
            const int iw = ow * l->stride_w - l->pad_w + j * l->dil_w;
            out[ow] = iw >= 0 && iw < l->in_w ? in[iw] : 0.0f;
          }
        }
      }
}

/* The adjoint of im2col: each column entry is added back onto the input
 * pixel it was read from; padding entries drop out. */
static void col2im_add(const pl_conv2d *l, const float *col, int channels, float *dx) {
  const int pixels = l->out_h * l->out_w;
  for (int c = 0; c < channels; c++)
    for (int i = 0; i < l->kh; i++)
      for (int j = 0; j < l->kw; j++) {
        const float *row = col + ((size_t)(c * l->kh + i) * l->kw + j) * pixels;
        float *plane = dx + (size_t)c * l->in_h * l->in_w;
        for (int oh = 0; oh < l->out_h; oh++) {
          const int ih = oh * l->stride_h - l->pad_h + i * l->dil_h;
          if (ih < 0 || ih >= l->in_h) continue;
          const float *in = row + (size_t)oh * l->out_w;
          float *out = plane + (size_t)ih * l->in_w;
          for (int ow = 0; ow < l->out_w; ow++) {
            const int iw = ow * l->stride_w - l->pad_w + j * l->dil_w;
            if (iw >= 0 && iw < l->in_w) out[iw] += in[ow];
          }
        }
      }
}

void pl_conv2d_forward(const pl_conv2d *l, const float *x, float *y, int n) {
  const int cg = l->in_c / l->groups, og = l->out_c / l->groups;
  const int pixels = l->out_h * l->out_w, k = cg * l->kh * l->kw;
  const size_t in_image = (size_t)l->in_c * l->in_h * l->in_w, out_image = (size_t)l->out_c * pixels;
  const size_t group_w = (size_t)og * k;
  for (int s = 0; s < n; s++)
    for (int g = 0; g < l->groups; g++) {
      const float *xg = x + s * in_image + (size_t)g * cg * l->in_h * l->in_w;
      float *yg = y + s * out_image + (size_t)g * og * pixels;
      const float *col = xg;
      if (!is_pointwise(l)) {
        im2col(l, xg, cg, l->col);
        col = l->col;
      }
      /* y_g [og, P] = W_g [og, k] col [k, P] */
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, og, pixels, k, 1.0f, l->w + g * group_w, k, col,
                  pixels, 0.0f, yg, pixels);
      if (l->b != NULL)
        for (int o = 0; o < og; o++) {
          const float bias = l->b[g * og + o];
          float *row = yg + (size_t)o * pixels;
          for (int p = 0; p < pixels; p++) row[p] += bias;
        }
    }
}

void pl_conv2d_backward(const pl_conv2d *l, const float *x, const float *dy, float *dx, int n) {
  const int cg = l->in_c / l->groups, og = l->out_c / l->groups;
  const int pixels = l->out_h * l->out_w, k = cg * l->kh * l->kw;
  const size_t in_image = (size_t)l->in_c * l->in_h * l->in_w, out_image = (size_t)l->out_c * pixels;
  const size_t group_w = (size_t)og * k;
  memset(l->gw, 0, sizeof(float) * pl_conv2d_weight_floats(l));
  if (l->gb != NULL) memset(l->gb, 0, sizeof(float) * (size_t)l->out_c);
  for (int s = 0; s < n; s++)
    for (int g = 0; g < l->groups; g++) {
      const float *xg = x + s * in_image + (size_t)g * cg * l->in_h * l->in_w;
      const float *dyg = dy + s * out_image + (size_t)g * og * pixels;
      if (l->gb != NULL)
        for (int o = 0; o < og; o++) {
          const float *row = dyg + (size_t)o * pixels;
          float sum = 0.0f;
          for (int p = 0; p < pixels; p++) sum += row[p];
          l->gb[g * og + o] += sum;
        }
      const float *col = xg;
      if (!is_pointwise(l)) {
        im2col(l, xg, cg, l->col);
        col = l->col;
      }
      /* dW_g [og, k] += dy_g [og, P] col^T [P, k] */
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, og, k, pixels, 1.0f, dyg, pixels, col, pixels, 1.0f,
                  l->gw + g * group_w, k);
      if (dx == NULL) continue;
      float *dxg = dx + s * in_image + (size_t)g * cg * l->in_h * l->in_w;
      if (is_pointwise(l)) {
        /* dx_g [k, P] += W_g^T [k, og] dy_g [og, P] */
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, k, pixels, og, 1.0f, l->w + g * group_w, k, dyg,
                    pixels, 1.0f, dxg, pixels);
      } else {
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, k, pixels, og, 1.0f, l->w + g * group_w, k, dyg,
                    pixels, 0.0f, l->col, pixels);
        col2im_add(l, l->col, cg, dxg);
      }
    }
}
