/* MaxPool2d, AvgPool2d and AdaptiveAvgPool2d; see layers.h. */
#include <float.h>
#include <string.h>

#include "layers.h"

int pl_pool2d_shape(pl_pool2d *l, int in_h, int in_w) {
  l->in_h = in_h;
  l->in_w = in_w;
  if (2 * l->pad_h > l->kh || 2 * l->pad_w > l->kw) return -1;
  const int room_h = in_h + 2 * l->pad_h - l->kh, room_w = in_w + 2 * l->pad_w - l->kw;
  if (room_h < 0 || room_w < 0) return -1;
  l->out_h = room_h / l->stride_h + 1;
  l->out_w = room_w / l->stride_w + 1;
  return 0;
}

/* A 2x2 window with stride 2 and no padding (LeNet5's, and the common
 * case): no bounds to check. */
static int plain_2x2(const pl_pool2d *l) {
  return l->kh == 2 && l->kw == 2 && l->stride_h == 2 && l->stride_w == 2 && l->pad_h == 0 && l->pad_w == 0;
}

void pl_maxpool2d_forward(const pl_pool2d *l, const float *x, float *y, int n) {
  const size_t planes = (size_t)n * l->c;
  int32_t *win = l->argmax;
  if (plain_2x2(l)) {
    for (size_t p = 0; p < planes; p++) {
      const float *in = x + p * l->in_h * l->in_w;
      for (int oh = 0; oh < l->out_h; oh++) {
        const int32_t row = 2 * oh * l->in_w;
        const float *restrict top = in + row, *restrict bottom = top + l->in_w;
        for (int ow = 0; ow < l->out_w; ow++) {
          /* ties: the first in row-major order, as PyTorch */
          float best = top[2 * ow];
          int32_t where = row + 2 * ow;
          if (top[2 * ow + 1] > best) best = top[2 * ow + 1], where = row + 2 * ow + 1;
          if (bottom[2 * ow] > best) best = bottom[2 * ow], where = row + l->in_w + 2 * ow;
          if (bottom[2 * ow + 1] > best) best = bottom[2 * ow + 1], where = row + l->in_w + 2 * ow + 1;
          *y++ = best;
          *win++ = where;
        }
      }
    }
    return;
  }
  for (size_t p = 0; p < planes; p++) {
    const float *in = x + p * l->in_h * l->in_w;
    for (int oh = 0; oh < l->out_h; oh++)
      for (int ow = 0; ow < l->out_w; ow++) {
        float best = -FLT_MAX;
        int32_t where = -1;
        for (int i = 0; i < l->kh; i++) {
          const int ih = oh * l->stride_h - l->pad_h + i;
          if (ih < 0 || ih >= l->in_h) continue;
          for (int j = 0; j < l->kw; j++) {
            const int iw = ow * l->stride_w - l->pad_w + j;
            if (iw < 0 || iw >= l->in_w) continue;
            const float v = in[ih * l->in_w + iw];
            if (where < 0 || v > best) { /* ties: the first in row-major order, as PyTorch */
              best = v;
              where = ih * l->in_w + iw;
            }
          }
        }
        *y++ = best;
        *win++ = where;
      }
  }
}

void pl_maxpool2d_backward(const pl_pool2d *l, const float *dy, float *dx, int n) {
  const size_t planes = (size_t)n * l->c, cells = (size_t)l->out_h * l->out_w;
  const int32_t *win = l->argmax;
  for (size_t p = 0; p < planes; p++) {
    float *plane = dx + p * l->in_h * l->in_w;
    for (size_t i = 0; i < cells; i++) plane[*win++] += *dy++;
  }
}

void pl_avgpool2d_forward(const pl_pool2d *l, const float *x, float *y, int n) {
  const size_t planes = (size_t)n * l->c;
  const float scale = 1.0f / (float)(l->kh * l->kw);
  if (plain_2x2(l)) {
    for (size_t p = 0; p < planes; p++) {
      const float *in = x + p * l->in_h * l->in_w;
      for (int oh = 0; oh < l->out_h; oh++) {
        const float *restrict top = in + (size_t)(2 * oh) * l->in_w, *restrict bottom = top + l->in_w;
        float *restrict out = y + ((size_t)p * l->out_h + oh) * l->out_w;
        for (int ow = 0; ow < l->out_w; ow++)
          out[ow] = ((top[2 * ow] + top[2 * ow + 1]) + (bottom[2 * ow] + bottom[2 * ow + 1])) * scale;
      }
    }
    return;
  }
  for (size_t p = 0; p < planes; p++) {
    const float *in = x + p * l->in_h * l->in_w;
    for (int oh = 0; oh < l->out_h; oh++)
      for (int ow = 0; ow < l->out_w; ow++) {
        float sum = 0.0f;
        for (int i = 0; i < l->kh; i++) {
          const int ih = oh * l->stride_h - l->pad_h + i;
          if (ih < 0 || ih >= l->in_h) continue;
          for (int j = 0; j < l->kw; j++) {
            const int iw = ow * l->stride_w - l->pad_w + j;
            if (iw >= 0 && iw < l->in_w) sum += in[ih * l->in_w + iw];
          }
        }
        *y++ = sum * scale;
      }
  }
}

int pl_avgpool2d_tiles(const pl_pool2d *l) {
  return l->kh == l->stride_h && l->kw == l->stride_w && l->pad_h == 0 && l->pad_w == 0 &&
         l->in_h == l->out_h * l->kh && l->in_w == l->out_w * l->kw;
}

/* One input pixel's share of a window's gradient: stored (`overwrite`)
 * or added. */
static inline void take_share(float *pixel, float share, int overwrite) {
  *pixel = overwrite ? share : *pixel + share;
}

void pl_avgpool2d_backward(const pl_pool2d *l, const float *dy, float *dx, int n, int overwrite) {
  const size_t planes = (size_t)n * l->c;
  const float scale = 1.0f / (float)(l->kh * l->kw);
  if (plain_2x2(l)) { /* overwrite comes only where these windows tile the input (layers.h) */
    for (size_t p = 0; p < planes; p++) {
      float *plane = dx + p * l->in_h * l->in_w;
      for (int oh = 0; oh < l->out_h; oh++) {
        float *restrict top = plane + (size_t)(2 * oh) * l->in_w, *restrict bottom = top + l->in_w;
        const float *restrict g = dy + ((size_t)p * l->out_h + oh) * l->out_w;
        for (int ow = 0; ow < l->out_w; ow++) {
          const float share = g[ow] * scale;
          take_share(&top[2 * ow], share, overwrite);
          take_share(&top[2 * ow + 1], share, overwrite);
          take_share(&bottom[2 * ow], share, overwrite);
          take_share(&bottom[2 * ow + 1], share, overwrite);
        }
      }
    }
    return;
  }
  if (overwrite) /* other tiling windows: zero, then add below */
    memset(dx, 0, sizeof(float) * planes * l->in_h * l->in_w);
  for (size_t p = 0; p < planes; p++) {
    float *plane = dx + p * l->in_h * l->in_w;
    for (int oh = 0; oh < l->out_h; oh++)
      for (int ow = 0; ow < l->out_w; ow++) {
        const float g = *dy++ * scale;
        for (int i = 0; i < l->kh; i++) {
          const int ih = oh * l->stride_h - l->pad_h + i;
          if (ih < 0 || ih >= l->in_h) continue;
          for (int j = 0; j < l->kw; j++) {
            const int iw = ow * l->stride_w - l->pad_w + j;
            if (iw >= 0 && iw < l->in_w) plane[ih * l->in_w + iw] += g;
          }
        }
      }
  }
}

/* The input rows [*lo, *hi) adaptive pooling averages for output row i. */
static void adaptive_range(int i, int in, int out, int *lo, int *hi) {
  *lo = (int)(((int64_t)i * in) / out);
  *hi = (int)(((int64_t)(i + 1) * in + out - 1) / out);
}

void pl_adaptive_avgpool2d_forward(const float *x, float *y, int nc, int in_h, int in_w, int out_h, int out_w) {
  for (int p = 0; p < nc; p++) {
    const float *in = x + (size_t)p * in_h * in_w;
    for (int oh = 0; oh < out_h; oh++) {
      int h0, h1;
      adaptive_range(oh, in_h, out_h, &h0, &h1);
      for (int ow = 0; ow < out_w; ow++) {
        int w0, w1;
        adaptive_range(ow, in_w, out_w, &w0, &w1);
        float sum = 0.0f;
        for (int ih = h0; ih < h1; ih++)
          for (int iw = w0; iw < w1; iw++) sum += in[ih * in_w + iw];
        *y++ = sum / (float)((h1 - h0) * (w1 - w0));
      }
    }
  }
}

void pl_adaptive_avgpool2d_backward(const float *dy, float *dx, int nc, int in_h, int in_w, int out_h, int out_w) {
  for (int p = 0; p < nc; p++) {
    float *plane = dx + (size_t)p * in_h * in_w;
    for (int oh = 0; oh < out_h; oh++) {
      int h0, h1;
      adaptive_range(oh, in_h, out_h, &h0, &h1);
      for (int ow = 0; ow < out_w; ow++) {
        int w0, w1;
        adaptive_range(ow, in_w, out_w, &w0, &w1);
        const float g = *dy++ / (float)((h1 - h0) * (w1 - w0));
        for (int ih = h0; ih < h1; ih++)
          for (int iw = w0; iw < w1; iw++) plane[ih * in_w + iw] += g;
      }
    }
  }
}
