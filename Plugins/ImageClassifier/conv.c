/* Conv2d: im2col over a chunk of images + one product per group and chunk
 * (an image whose product is wide enough is its own chunk, made in blocks
 * of output rows and written straight into the output; a pointwise
 * convolution reads its input as columns); a thin convolution with stride
 * 1 reads its (padded) input in place as shifted columns; a kernel that
 * covers its whole input is a Linear over the images' values. Backward,
 * a same-size convolution in OpenBLAS takes its input gradient as the
 * convolution of dy with its weights flipped (see flipped). See layers.h. */
#include <stdlib.h>
#include <string.h>

#include <cblas.h>

#include "layers.h"

/* A chunk's columns stay within about this many floats (256 KiB, half an
 * L2 cache): OpenBLAS then packs them from cache, and the thin kernels
 * below, which read them in place several times, find them there. */
enum { CHUNK_FLOATS = 1 << 16, WIDE_PIXELS = 256 };

/* Where one image is its own chunk, its columns are made in blocks of
 * output rows of about this many floats (128 KiB), which stay in cache. */
enum { BLOCK_FLOATS = 1 << 15 };

/* A shifted layer spreads the output gradients of about this many floats'
 * worth of images at once (64 KiB). */
enum { SPREAD_FLOATS = 1 << 14 };

/* A 1x1 convolution with stride 1 and no padding: its columns are the
 * input itself. */
static int pointwise(const pl_conv2d *l) {
  return l->kh == 1 && l->kw == 1 && l->stride_h == 1 && l->stride_w == 1 && l->pad_h == 0 && l->pad_w == 0;
}

/* A kernel that covers the whole unpadded input in one place (LeNet5's
 * last convolution): each output is a dot product of the weights with a
 * whole image, so the layer is a Linear over C*H*W features. */
static int dense(const pl_conv2d *l) {
  return l->groups == 1 && l->pad_h == 0 && l->pad_w == 0 && l->dil_h == 1 && l->dil_w == 1 && l->kh == l->in_h &&
         l->kw == l->in_w;
}

/* ---- Products with a thin side ------------------------------------------
 * OpenBLAS runs products with 16 or fewer rows (LeNet5's convolutions have
 * 6 and 16 filters, ResNet_CIFAR's first stage 16) far below its speed: it
 * packs both sides for a product too thin to pay that back. With AVX2 and
 * FMA (chosen by the CPU, so one machine always takes the same path) these
 * run instead: a 6-row by 16-column tile of C in registers, no packing,
 * each block of B (or pair of B's rows) read once from L2 for every row
 * tile of A. */

/* At most this many rows in the thin products. */
enum { THIN_ROWS = 16 };

static int wide_vectors(void) {
#if defined(__x86_64__)
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return 0;
#endif
}

/* Where the rows of a product's right-hand side B start: row p = (c, i, j),
 * counted over kc x kh x kw, at b + c * bc + i * bi + j * bj. A plain
 * matrix with rows ld floats apart is {k, 1, 1, ld, 0, 0}; the shifted
 * columns below are the input's planes at the kernel's offsets. */
typedef struct b_rows {
  int kc, kh, kw;
  ptrdiff_t bc, bi, bj;
} b_rows;

static b_rows plain_rows(int k, size_t ld) { return (b_rows){k, 1, 1, (ptrdiff_t)ld, 0, 0}; }

/* Row p of B, for the scalar tails. */
static const float *b_row(const b_rows *g, const float *b, int p) {
  const int j = p % g->kw, i = p / g->kw % g->kh, c = p / g->kw / g->kh;
  return b + c * g->bc + i * g->bi + j * g->bj;
}

#if defined(__x86_64__)
typedef float v8 __attribute__((vector_size(32)));

__attribute__((target("avx2,fma"))) static inline v8 load8(const float *p) {
  v8 v;
  memcpy(&v, p, sizeof v);
  return v;
}

__attribute__((target("avx2,fma"))) static inline void store8(float *p, v8 v) { memcpy(p, &v, sizeof v); }

/* C[rows, 16] (+)= A[rows, k] B[k, 16] for rows <= 6, A(i, p) at
 * a[i * am + p * ak], B's rows where g says: one tile of C in registers. */
__attribute__((target("avx2,fma"), always_inline)) static inline void
tile_nn(const int rows, const b_rows *g, const float *a, size_t am, size_t ak, const float *b, float *c, size_t ldc,
        int add) {
  v8 acc[6][2];
  for (int i = 0; i < rows; i++) acc[i][0] = acc[i][1] = (v8){0};
  int p = 0;
  for (int cc = 0; cc < g->kc; cc++)
    for (int ki = 0; ki < g->kh; ki++) {
      const float *line = b + cc * g->bc + ki * g->bi;
      for (int kj = 0; kj < g->kw; kj++, p++) {
        const float *row = line + kj * g->bj;
        const v8 b0 = load8(row), b1 = load8(row + 8);
        for (int i = 0; i < rows; i++) {
          const float w = a[i * am + p * ak];
          acc[i][0] += w * b0;
          acc[i][1] += w * b1;
        }
      }
    }
  for (int i = 0; i < rows; i++) {
    float *out = c + i * ldc;
    store8(out, add ? load8(out) + acc[i][0] : acc[i][0]);
    store8(out + 8, add ? load8(out + 8) + acc[i][1] : acc[i][1]);
  }
}

/* C[m, n] (+)= A[m, k] B[k, n], with k = g->kc * g->kh * g->kw: for each
 * block of 16 columns every row tile, so the block stays in L1. Where C
 * is overwritten and n >= 16, the last block ends at n (overlapping the
 * one before, whose columns it computes again to the same bits). */
__attribute__((target("avx2,fma"))) static void thin_nn(int m, int n, const b_rows *g, const float *a, size_t am,
                                                      size_t ak, const float *b, float *c, size_t ldc, int add) {
  int j = 0;
  for (;; j += 16) {
    if (j + 16 > n) {
      if (add || n < 16 || j == n) break;
      j = n - 16;
    }
    for (int i = 0; i < m; i += 6) {
      const float *ai = a + i * am;
      float *ci = c + i * ldc + j;
      switch (m - i < 6 ? m - i : 6) {
      case 1: tile_nn(1, g, ai, am, ak, b + j, ci, ldc, add); break;
      case 2: tile_nn(2, g, ai, am, ak, b + j, ci, ldc, add); break;
      case 3: tile_nn(3, g, ai, am, ak, b + j, ci, ldc, add); break;
      case 4: tile_nn(4, g, ai, am, ak, b + j, ci, ldc, add); break;
      case 5: tile_nn(5, g, ai, am, ak, b + j, ci, ldc, add); break;
      default: tile_nn(6, g, ai, am, ak, b + j, ci, ldc, add); break;
      }
    }
    if (j + 16 == n) return;
  }
  const int k = g->kc * g->kh * g->kw;
  for (; j < n; j++)
    for (int i = 0; i < m; i++) {
      float sum = 0.0f;
      for (int p = 0; p < k; p++) sum += a[i * am + p * ak] * b_row(g, b, p)[j];
      c[i * ldc + j] = add ? c[i * ldc + j] + sum : sum;
    }
}

/* C[rows, cols] += sum over `count` images s of A_s[rows, k] B_s[cols, k]^T
 * for rows <= 6 and cols <= 2, A_s = a + s * as (rows lda apart) and B_s's
 * rows at b0 + s * bs and b1 + s * bs: dot products along k, eight lanes
 * each, added up in a fixed order. */
__attribute__((target("avx2,fma"), always_inline)) static inline void
tile_nt(const int rows, int cols, int k, int count, const float *a, size_t lda, size_t as, const float *b0,
        const float *b1, size_t bs, float *c, size_t ldc) {
  v8 acc[6][2];
  float tail[6][2] = {{0}};
  for (int i = 0; i < rows; i++) acc[i][0] = acc[i][1] = (v8){0};
  for (int s = 0; s < count; s++) {
    const float *as_ = a + s * as, *r0 = b0 + s * bs, *r1 = b1 + s * bs;
    int p = 0;
    for (; p + 8 <= k; p += 8) {
      const v8 x0 = load8(r0 + p), x1 = cols > 1 ? load8(r1 + p) : (v8){0};
      for (int i = 0; i < rows; i++) {
        const v8 x = load8(as_ + i * lda + p);
        acc[i][0] += x * x0;
        acc[i][1] += x * x1;
      }
    }
    for (; p < k; p++)
      for (int i = 0; i < rows; i++) {
        tail[i][0] += as_[i * lda + p] * r0[p];
        if (cols > 1) tail[i][1] += as_[i * lda + p] * r1[p];
      }
  }
  for (int i = 0; i < rows; i++)
    for (int q = 0; q < cols; q++) {
      const v8 v = acc[i][q];
      c[i * ldc + q] += (((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7]))) + tail[i][q];
    }
}

/* C[m, n] += sum over `count` images s of A_s[m, k] B_s[n, k]^T, B_s's row
 * p where g says from b + s * bs: for each pair of B's rows every row
 * tile, so the pair is read from L2 once and A stays in L1. */
__attribute__((target("avx2,fma"))) static void thin_nt(int m, int n, int k, int count, const float *a, size_t lda,
                                                      size_t as, const b_rows *g, const float *b, size_t bs,
                                                      float *c, size_t ldc) {
  for (int j = 0; j < n; j += 2) {
    const int cols = n - j < 2 ? n - j : 2;
    const float *b0 = b_row(g, b, j), *b1 = cols > 1 ? b_row(g, b, j + 1) : b0;
    for (int i = 0; i < m; i += 6) {
      const float *ai = a + i * lda;
      float *ci = c + i * ldc + j;
      switch (m - i < 6 ? m - i : 6) {
      case 1: tile_nt(1, cols, k, count, ai, lda, as, b0, b1, bs, ci, ldc); break;
      case 2: tile_nt(2, cols, k, count, ai, lda, as, b0, b1, bs, ci, ldc); break;
      case 3: tile_nt(3, cols, k, count, ai, lda, as, b0, b1, bs, ci, ldc); break;
      case 4: tile_nt(4, cols, k, count, ai, lda, as, b0, b1, bs, ci, ldc); break;
      case 5: tile_nt(5, cols, k, count, ai, lda, as, b0, b1, bs, ci, ldc); break;
      default: tile_nt(6, cols, k, count, ai, lda, as, b0, b1, bs, ci, ldc); break;
      }
    }
  }
}
#endif

/* Whether a layer's products run in the thin kernels. */
static int thin_products(int og) {
#if defined(__x86_64__)
  return og <= THIN_ROWS && wide_vectors();
#else
  (void)og;
  return 0;
#endif
}

/* Y [og, cols] = W [og, k] col [k, cols]. */
static void product_forward(int thin, int og, int cols, int k, const float *w, const float *col, size_t ldcol,
                            float *y, size_t ldy) {
#if defined(__x86_64__)
  if (thin) {
    const b_rows g = plain_rows(k, ldcol);
    thin_nn(og, cols, &g, w, (size_t)k, 1, col, y, ldy, 0);
    return;
  }
#endif
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, og, cols, k, 1.0f, w, k, col, (int)ldcol, 0.0f, y,
              (int)ldy);
}

/* dW [og, k] += dY [og, cols] col [k, cols]^T. */
static void product_weights(int thin, int og, int cols, int k, const float *dy, size_t ldy, const float *col,
                            size_t ldcol, float *dw) {
#if defined(__x86_64__)
  if (thin) {
    const b_rows g = plain_rows(k, ldcol);
    thin_nt(og, k, cols, 1, dy, ldy, 0, &g, col, 0, dw, (size_t)k);
    return;
  }
#endif
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, og, k, cols, 1.0f, dy, (int)ldy, col, (int)ldcol, 1.0f, dw,
              k);
}

/* dcol [k, cols] = (add: +=) W [og, k]^T dY [og, cols]. */
static void product_columns(int thin, int og, int cols, int k, const float *w, const float *dy, size_t ldy,
                            float *dcol, size_t ldcol, int add) {
#if defined(__x86_64__)
  if (thin) {
    const b_rows g = plain_rows(og, ldy);
    thin_nn(k, cols, &g, w, 1, (size_t)k, dy, dcol, ldcol, add);
    return;
  }
#endif
  cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, k, cols, og, 1.0f, w, k, dy, (int)ldy, add ? 1.0f : 0.0f,
              dcol, (int)ldcol);
}

/* The sum of a row in eight interleaved accumulators added in a fixed
 * order: independent chains vectorise, where one running sum waits out each
 * addition's latency. */
static float row_sum(const float *restrict row, int count) {
  float acc[8] = {0};
  int p = 0;
  for (; p + 8 <= count; p += 8)
    for (int j = 0; j < 8; j++) acc[j] += row[p + j];
  for (; p < count; p++) acc[p % 8] += row[p];
  return ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
}

/* ---- Columns ----------------------------------------------------------------
 * The layers that neither run on shifted columns nor are dense build
 * im2col's columns: from the image itself (no padding, or a same-size
 * convolution, below), else from a copy of it with its padding, so that
 * neither im2col nor its adjoint tests a bound. */

/* The padded input's extent (without padding, the image's own planes). */
static int padded_h(const pl_conv2d *l) { return l->in_h + 2 * l->pad_h; }
static int padded_w(const pl_conv2d *l) { return l->in_w + 2 * l->pad_w; }
static int pads(const pl_conv2d *l) { return l->pad_h > 0 || l->pad_w > 0; }

/* One image's input planes (of one group) with their padding: im2col reads
 * them and col2im_add sums into a second set of them. */
static size_t padded_floats(const pl_conv2d *l) {
  return (size_t)(l->in_c / l->groups) * (size_t)padded_h(l) * (size_t)padded_w(l);
}

/* The padded input planes and the padded gradient planes: after the
 * chunk's columns in l->col. */
static float *padded_planes(const pl_conv2d *l) { return l->col + pl_conv2d_col_floats(l) - 2 * padded_floats(l); }
static float *padded_grads(const pl_conv2d *l) { return l->col + pl_conv2d_col_floats(l) - padded_floats(l); }

/* dst[0, w) = src[0, w) in 8- and 4-float moves (the last one overlapping
 * the one before) that stay inline: the empty asm keeps the compiler from
 * turning the loop back into a call to memcpy per row (rows are 4 to 32
 * floats here, and a same-size layer's runs a few hundred at most, where
 * the call costs more than the copy). */
static inline void copy_row(float *restrict dst, const float *restrict src, int w) {
  if (w >= 8) {
    int p = 0;
    for (; p + 8 <= w; p += 8) {
      memcpy(dst + p, src + p, 8 * sizeof(float));
      __asm__ volatile("");
    }
    if (p < w) memcpy(dst + w - 8, src + w - 8, 8 * sizeof(float));
  } else if (w >= 4) {
    memcpy(dst, src, 4 * sizeof(float));
    memcpy(dst + w - 4, src + w - 4, 4 * sizeof(float));
  } else {
    for (int p = 0; p < w; p++) dst[p] = src[p];
  }
}

/* A stride-1 convolution whose output is as large as its input ("same"
 * padding, less than the input is wide): a column row over whole output
 * rows is then one run of the input plane, shifted, with the entries that
 * wrapped round a row's edge set to zero, so im2col and col2im_add read
 * and write the image itself in runs, without padded planes. */
static int same_size(const pl_conv2d *l) {
  return l->stride_h == 1 && l->stride_w == 1 && 2 * l->pad_h == (l->kh - 1) * l->dil_h &&
         2 * l->pad_w == (l->kw - 1) * l->dil_w && l->pad_w < l->in_w;
}

/* For tap (i, j) of a same-size convolution over output rows [oh0, oh1):
 * the rows [*r0, *r1) that read the image (the others read padding), the
 * vertical offset *dv (input row = output row + dv) and the horizontal
 * shift (input column = output column + shift). */
static void tap_rows(const pl_conv2d *l, int i, int j, int oh0, int oh1, int *r0, int *r1, int *dv, int *shift) {
  *dv = i * l->dil_h - l->pad_h;
  *shift = j * l->dil_w - l->pad_w;
  *r0 = -*dv > oh0 ? -*dv : oh0;
  *r1 = l->in_h - *dv < oh1 ? l->in_h - *dv : oh1;
  if (*r1 < *r0) *r1 = *r0;
}

/* p[0, count) = 0 in 8- and 4-float stores (the last one overlapping the
 * one before) that stay inline, as copy_row's moves do: the runs and edges
 * zeroed here are 1 to a few hundred floats, where a call to memset per
 * run costs more than the stores. */
static inline void zero_run(float *restrict p, size_t count) {
  static const float zero[8] = {0};
  if (count >= 8) {
    size_t e = 0;
    for (; e + 8 <= count; e += 8) {
      memcpy(p + e, zero, sizeof zero);
      __asm__ volatile("");
    }
    if (e < count) memcpy(p + count - 8, zero, sizeof zero);
  } else if (count >= 4) {
    memcpy(p, zero, 4 * sizeof(float));
    memcpy(p + count - 4, zero, 4 * sizeof(float));
  } else {
    for (size_t e = 0; e < count; e++) {
      p[e] = 0.0f;
      __asm__ volatile("");
    }
  }
}

/* Zeroes, in rows [0, rows) of w floats, the |shift| entries at each row's
 * edge that a run shifted by `shift` takes from the next or previous row. */
static void zero_wrapped(float *run, int rows, int w, int shift) {
  const int from = shift < 0 ? 0 : w - shift, count = shift < 0 ? -shift : shift;
  for (int r = 0; r < rows; r++) zero_run(run + (size_t)r * w + from, (size_t)count);
}

/* The `channels` planes of one image as im2col reads them: the image
 * itself without padding or for a same-size convolution, else copied
 * into the padded planes. */
static const float *pad_image(const pl_conv2d *l, const float *x, int channels) {
  if (!pads(l) || same_size(l)) return x;
  const int pw = padded_w(l), in_h = l->in_h, in_w = l->in_w;
  const size_t plane = (size_t)padded_h(l) * pw;
  float *restrict pad = padded_planes(l);
  memset(pad, 0, sizeof(float) * (size_t)channels * plane);
  for (int c = 0; c < channels; c++)
    for (int h = 0; h < in_h; h++)
      copy_row(pad + c * plane + (size_t)(h + l->pad_h) * pw + l->pad_w, x + ((size_t)c * in_h + h) * in_w, in_w);
  return pad;
}

/* im2col of a same-size convolution: per tap, padding rows zeroed, one
 * run copied and its wrapped entries zeroed. */
static void im2col_same(const pl_conv2d *l, const float *x, int channels, int oh0, int oh1, float *col,
                        size_t ld) {
  const int w = l->in_w, kh = l->kh, kw = l->kw;
  for (int c = 0; c < channels; c++)
    for (int i = 0; i < kh; i++)
      for (int j = 0; j < kw; j++) {
        float *row = col + ((size_t)(c * kh + i) * kw + j) * ld;
        const float *plane = x + (size_t)c * l->in_h * w;
        int r0, r1, dv, shift;
        tap_rows(l, i, j, oh0, oh1, &r0, &r1, &dv, &shift);
        if (r0 > oh0) zero_run(row, (size_t)(r0 - oh0) * w);
        if (oh1 > r1) zero_run(row + (size_t)(r1 - oh0) * w, (size_t)(oh1 - r1) * w);
        if (r1 == r0) continue;
        /* the run leaves out the wrapped entry at its very start or end, which lies outside the plane */
        const size_t skip = shift < 0 ? (size_t)-shift : 0, length = (size_t)(r1 - r0) * w - (size_t)abs(shift);
        float *run = row + (size_t)(r0 - oh0) * w;
        copy_row(run + skip, plane + (size_t)(r0 + dv) * w + shift + skip, (int)length);
        zero_wrapped(run, r1 - r0, w, shift);
      }
}

/* col2im_add of a same-size convolution: per tap, the run's wrapped
 * entries zeroed in the columns (scratch) and the run added onto dx. */
static void col2im_same(const pl_conv2d *l, float *col, int channels, int oh0, int oh1, size_t ld, float *dx) {
  const int w = l->in_w, kh = l->kh, kw = l->kw;
  for (int c = 0; c < channels; c++)
    for (int i = 0; i < kh; i++)
      for (int j = 0; j < kw; j++) {
        float *run = col + ((size_t)(c * kh + i) * kw + j) * ld;
        int r0, r1, dv, shift;
        tap_rows(l, i, j, oh0, oh1, &r0, &r1, &dv, &shift);
        if (r1 == r0) continue;
        run += (size_t)(r0 - oh0) * w;
        zero_wrapped(run, r1 - r0, w, shift);
        const size_t skip = shift < 0 ? (size_t)-shift : 0, length = (size_t)(r1 - r0) * w - (size_t)abs(shift);
        const float *restrict from = run + skip;
        float *restrict to = dx + (size_t)c * l->in_h * w + (size_t)(r0 + dv) * w + shift + skip;
        for (size_t e = 0; e < length; e++) to[e] += from[e];
      }
}

/* col[(c, i, j), (oh - oh0, ow)] = x[c, oh*s - p + i*d, ow*s - p + j*d]
 * for output rows oh0 <= oh < oh1, zero in the padding: Caffe's im2col for
 * `channels` planes of one image (`planes` from pad_image), into rows `ld`
 * floats apart (a chunk's other images or the image's other rows fill the
 * rest). A row of a stride-1 column is one copy_row. */
static void im2col(const pl_conv2d *l, const float *planes, int channels, int oh0, int oh1, float *col,
                   size_t ld) {
  if (same_size(l)) {
    im2col_same(l, planes, channels, oh0, oh1, col, ld);
    return;
  }
  const int out_w = l->out_w, kh = l->kh, kw = l->kw, sh = l->stride_h, sw = l->stride_w;
  const int dh = l->dil_h, dw = l->dil_w, pw = padded_w(l);
  const size_t plane = (size_t)padded_h(l) * pw;
  for (int c = 0; c < channels; c++)
    for (int i = 0; i < kh; i++)
      for (int j = 0; j < kw; j++) {
        float *restrict row = col + ((size_t)(c * kh + i) * kw + j) * ld;
        const float *restrict first = planes + c * plane + (size_t)i * dh * pw + (size_t)j * dw;
        for (int oh = oh0; oh < oh1; oh++) {
          const float *restrict in = first + (size_t)oh * sh * pw;
          float *restrict out = row + (size_t)(oh - oh0) * out_w;
          if (sw == 1) {
            copy_row(out, in, out_w);
          } else if (sw == 2) { /* a constant stride: vectorised as loads of pairs, shuffled */
            for (int ow = 0; ow < out_w; ow++) out[ow] = in[2 * (size_t)ow];
          } else {
            for (int ow = 0; ow < out_w; ow++) out[ow] = in[(size_t)ow * sw];
          }
        }
      }
}

/* The gradient of one image's `channels` planes dx is summed between
 * begin_gradient and end_gradient by col2im_add: straight into dx for a
 * same-size convolution (zeroed first with l->overwrite_dx), else into the
 * padded gradient planes, whose interiors end_gradient adds to (or, with
 * l->overwrite_dx, stores into) dx; the padding drops out. */
static void begin_gradient(const pl_conv2d *l, int channels, float *dx) {
  if (same_size(l)) {
    if (l->overwrite_dx) memset(dx, 0, sizeof(float) * (size_t)channels * l->in_h * l->in_w);
    return;
  }
  memset(padded_grads(l), 0, sizeof(float) * (size_t)channels * (size_t)padded_h(l) * padded_w(l));
}

/* The adjoint of im2col over output rows [oh0, oh1): each column entry
 * (rows `ld` floats apart; the columns are scratch and may be changed) is
 * summed onto the pixel it was read from; see begin_gradient. */
static void col2im_add(const pl_conv2d *l, float *col, int channels, int oh0, int oh1, size_t ld, float *dx) {
  if (same_size(l)) {
    col2im_same(l, col, channels, oh0, oh1, ld, dx);
    return;
  }
  const int out_w = l->out_w, kh = l->kh, kw = l->kw, sh = l->stride_h, sw = l->stride_w;
  const int dh = l->dil_h, dw = l->dil_w, pw = padded_w(l);
  const size_t plane = (size_t)padded_h(l) * pw;
  float *restrict pad = padded_grads(l);
  for (int c = 0; c < channels; c++)
    for (int i = 0; i < kh; i++)
      for (int j = 0; j < kw; j++) {
        const float *restrict row = col + ((size_t)(c * kh + i) * kw + j) * ld;
        float *restrict first = pad + c * plane + (size_t)i * dh * pw + (size_t)j * dw;
        for (int oh = oh0; oh < oh1; oh++) {
          float *restrict out = first + (size_t)oh * sh * pw;
          const float *restrict in = row + (size_t)(oh - oh0) * out_w;
          if (sw == 1) {
            for (int ow = 0; ow < out_w; ow++) out[ow] += in[ow];
          } else {
            for (int ow = 0; ow < out_w; ow++) out[(size_t)ow * sw] += in[ow];
          }
        }
      }
}

/* Ends what begin_gradient began: the padded gradient planes' interiors
 * into dx (nothing to do for a same-size convolution). */
static void end_gradient(const pl_conv2d *l, int channels, float *dx) {
  if (same_size(l)) return;
  const int in_h = l->in_h, in_w = l->in_w, pw = padded_w(l);
  const size_t plane = (size_t)padded_h(l) * pw;
  const float *pad = padded_grads(l);
  for (int c = 0; c < channels; c++)
    for (int h = 0; h < in_h; h++) {
      const float *restrict from = pad + c * plane + (size_t)(h + l->pad_h) * pw + l->pad_w;
      float *restrict to = dx + ((size_t)c * in_h + h) * in_w;
      if (l->overwrite_dx) {
        copy_row(to, from, in_w);
      } else {
        for (int w = 0; w < in_w; w++) to[w] += from[w];
      }
    }
}

/* Output rows per block where one image is its own chunk: about
 * BLOCK_FLOATS floats of columns, so a block's columns stay in cache
 * between im2col and the products, but at least WIDE_PIXELS pixels. */
static int block_rows(const pl_conv2d *l, int k) {
  const int by_cache = BLOCK_FLOATS / (k * l->out_w), by_width = (WIDE_PIXELS + l->out_w - 1) / l->out_w;
  const int rows = by_cache > by_width ? by_cache : by_width;
  return rows < 1 ? 1 : rows > l->out_h ? l->out_h : rows;
}


/* ---- Shifted columns ------------------------------------------------------
 * With stride 1, im2col's row p = (c, i, j) holds, for the output pixel
 * (oh, ow), the padded input's pixel at c * H * W + (oh + i * dil) * W +
 * ow + j * dil, where H x W is the input with its padding (the input itself
 * when there is none). Numbering output pixels q = oh * W + ow, as if each
 * output row were W wide (the last W - out_w of each row are not outputs),
 * row p is the padded input itself from off(p) = c * H * W + i * dil * W +
 * j * dil: the thin products read the images in place (padded into
 * scratch first where the layer pads), with no columns to build. They run
 * over the span q < (out_h - 1) * W + out_w, which stays inside every
 * plane. Forward, the pixels that are not outputs are computed into scratch
 * and dropped.
 *
 * Backward, each image's output gradient is spread into a padded plane
 * per filter: `lead` zeros, then H rows of W with the gradient at [oh, ow]
 * and zeros everywhere else. The weight gradient reads its span; the
 * padded input's gradient is the full correlation dx[c, q] = sum over
 * (o, i, j) of W[o, c, i, j] dY[o, q - off(i, j)], a thin product over the
 * plane whose rows are the spread planes at negative offsets: a read left
 * of column 0 wraps onto the previous row's zero tail (W - out_w is the
 * kernel's width less one), a read above row 0 lands in the lead. Its
 * inside is added onto (with l->overwrite_dx, stored into) dx. LeNet5's
 * two convolutions and ResNet_CIFAR's 16-filter 3x3 ones run this way. */

/* The wide pixels a shifted layer's forward products run over. */
static int span_of(const pl_conv2d *l) { return (l->out_h - 1) * padded_w(l) + l->out_w; }

/* The zeros before a spread plane: as far as the kernel reaches back. */
static size_t lead_of(const pl_conv2d *l) {
  return (size_t)(l->kh - 1) * l->dil_h * padded_w(l) + (size_t)(l->kw - 1) * l->dil_w;
}

/* Floats of one filter's spread plane. */
static size_t pitch_of(const pl_conv2d *l) { return lead_of(l) + (size_t)padded_h(l) * padded_w(l); }

/* Floats of the padded copies of a chunk's images (0 without padding). */
static size_t chunk_padded_floats(const pl_conv2d *l) { return pads(l) ? (size_t)l->chunk * padded_floats(l) : 0; }

/* Whether a layer runs on shifted columns: stride 1, thin products, and a
 * span of at least one 16-column tile. */
static int shifted(const pl_conv2d *l) {
  return l->stride_h == 1 && l->stride_w == 1 && !dense(l) && thin_products(l->out_c / l->groups) &&
         span_of(l) >= 16;
}

/* A same-size convolution whose products run in OpenBLAS: the gradient of
 * its input is the same-size convolution of its output gradient with the
 * weights flipped (each filter's taps reversed, input and output channels
 * swapped), so backward builds im2col's columns of dy and stores or adds
 * one product into dx, where the columns' gradient (9 times dx for a 3x3
 * kernel, zeroed by sgemm first) would be summed back onto it. */
static int flipped(const pl_conv2d *l) { return same_size(l) && !thin_products(l->out_c / l->groups); }

/* Rows of a chunk's columns: of the input, and of dy for a flipped layer. */
static size_t column_rows(const pl_conv2d *l) {
  const int cg = l->in_c / l->groups, og = l->out_c / l->groups;
  return (size_t)(flipped(l) && og > cg ? og : cg) * l->kh * l->kw;
}

/* The flipped weights, [groups][cg, og * kh * kw]: after the chunk's columns in l->col. */
static float *flipped_weights(const pl_conv2d *l) {
  return l->col + column_rows(l) * (size_t)l->chunk * l->out_h * l->out_w;
}

/* Fills flipped_weights: W[o, c, i, j] at [c, (o, kh-1-i, kw-1-j)], per group. */
static void flip_weights(const pl_conv2d *l) {
  const int cg = l->in_c / l->groups, og = l->out_c / l->groups, taps = l->kh * l->kw;
  const size_t group_w = (size_t)og * cg * taps;
  float *restrict to = flipped_weights(l);
  for (int g = 0; g < l->groups; g++)
    for (int c = 0; c < cg; c++)
      for (int o = 0; o < og; o++)
        for (int t = 0; t < taps; t++)
          to[g * group_w + ((size_t)c * og + o) * taps + t] = l->w[g * group_w + ((size_t)o * cg + c) * taps + taps - 1 - t];
}

/* dx_g [cg, cols] = (add: +=) flipped W_g [cg, og * kh * kw] dcol [og * kh * kw, cols],
 * dcol being im2col's columns of dy (rows `cols` floats apart), into rows ldc apart. */
static void flipped_product(const pl_conv2d *l, int g, int cols, const float *dcol, float *dx, size_t ldc, int add) {
  const int cg = l->in_c / l->groups, og = l->out_c / l->groups, k = og * l->kh * l->kw;
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, cg, cols, k, 1.0f, flipped_weights(l) + (size_t)g * cg * k,
              k, dcol, cols, add ? 1.0f : 0.0f, dx, (int)ldc);
}

#if defined(__x86_64__)
/* The rows of the shifted columns of one image's group: its padded planes
 * at the kernel's offsets. */
static b_rows shifted_rows(const pl_conv2d *l) {
  return (b_rows){l->in_c / l->groups, l->kh, l->kw, (ptrdiff_t)padded_h(l) * padded_w(l),
                  (ptrdiff_t)l->dil_h * padded_w(l), l->dil_w};
}

/* Group `grp` of `count` images from x, padded: without padding the images
 * themselves (*stride = in_image), else copied into `to` with zero borders
 * (*stride = one padded group). */
static const float *padded_images(const pl_conv2d *l, const float *x, int count, int grp, float *to,
                                  size_t *stride) {
  const int cg = l->in_c / l->groups, ph = padded_h(l), pw = padded_w(l);
  const size_t in_image = (size_t)l->in_c * l->in_h * l->in_w, in_group = (size_t)cg * l->in_h * l->in_w;
  if (!pads(l)) {
    *stride = in_image;
    return x + grp * in_group;
  }
  *stride = (size_t)cg * ph * pw;
  memset(to, 0, sizeof(float) * (size_t)count * *stride);
  for (int s = 0; s < count; s++)
    for (int c = 0; c < cg; c++)
      for (int h = 0; h < l->in_h; h++) {
        const float *restrict from = x + s * in_image + grp * in_group + ((size_t)c * l->in_h + h) * l->in_w;
        float *restrict row = to + s * *stride + ((size_t)c * ph + h + l->pad_h) * pw + l->pad_w;
        for (int w = 0; w < l->in_w; w++) row[w] = from[w];
      }
  return to;
}

/* Y [og, span] = W [og, k] B [k, span] per image and group into l->yt,
 * then the output pixels plus the bias into y. */
static void shifted_forward(const pl_conv2d *l, const float *x, float *y, int n) {
  const int cg = l->in_c / l->groups, og = l->out_c / l->groups, k = cg * l->kh * l->kw, span = span_of(l);
  const int pw = padded_w(l);
  const size_t in_image = (size_t)l->in_c * l->in_h * l->in_w, out_image = (size_t)l->out_c * l->out_h * l->out_w;
  const size_t group_w = (size_t)og * k;
  const b_rows g = shifted_rows(l);
  for (int s = 0; s < n; s++)
    for (int grp = 0; grp < l->groups; grp++) {
      size_t stride;
      const float *image = padded_images(l, x + s * in_image, 1, grp, l->col, &stride);
      thin_nn(og, span, &g, l->w + grp * group_w, (size_t)k, 1, image, l->yt, (size_t)span, 0);
      for (int o = 0; o < og; o++) {
        const float bias = l->b != NULL ? l->b[grp * og + o] : 0.0f;
        float *restrict out = y + s * out_image + (size_t)(grp * og + o) * l->out_h * l->out_w;
        for (int oh = 0; oh < l->out_h; oh++) {
          const float *restrict from = l->yt + (size_t)o * span + (size_t)oh * pw;
          for (int ow = 0; ow < l->out_w; ow++) out[oh * l->out_w + ow] = from[ow] + bias;
        }
      }
    }
}

/* Per chunk of images and group: the output gradient spread into padded
 * planes in l->yt, and the bias gradient; dW += the chunk's dY B^T in one
 * pass; per image the padded input's gradient by the full correlation,
 * its inside added onto dx (stored there with l->overwrite_dx). l->col holds the chunk's padded images, the
 * weights reordered to [c, (o, i, j)] and the correlation's result. gw and
 * gb are zero on entry. */
static void shifted_backward(const pl_conv2d *l, const float *x, const float *dy, float *dx, int n) {
  const int cg = l->in_c / l->groups, og = l->out_c / l->groups, k = cg * l->kh * l->kw, span = span_of(l);
  const int pixels = l->out_h * l->out_w, ph = padded_h(l), pw = padded_w(l), taps = l->kh * l->kw;
  const size_t plane = (size_t)ph * pw;
  const size_t in_image = (size_t)l->in_c * l->in_h * l->in_w, out_image = (size_t)l->out_c * pixels;
  const size_t in_group = (size_t)cg * l->in_h * l->in_w, group_w = (size_t)og * k;
  const size_t lead = lead_of(l), pitch = pitch_of(l), spread = (size_t)og * pitch;
  const b_rows g = shifted_rows(l);
  const b_rows back = {og, l->kh, l->kw, (ptrdiff_t)pitch, -(ptrdiff_t)l->dil_h * pw, -(ptrdiff_t)l->dil_w};
  float *wt = l->col + chunk_padded_floats(l), *grad = wt + group_w;
  for (int first = 0; first < n; first += l->chunk) {
    const int count = n - first < l->chunk ? n - first : l->chunk;
    for (int grp = 0; grp < l->groups; grp++) {
      for (int s = 0; s < count; s++)
        for (int o = 0; o < og; o++) {
          const float *restrict from = dy + (first + s) * out_image + (size_t)(grp * og + o) * pixels;
          float *restrict to = l->yt + s * spread + (size_t)o * pitch;
          if (l->gb != NULL) l->gb[grp * og + o] += row_sum(from, pixels);
          for (size_t q = 0; q < pitch; q++) to[q] = 0.0f;
          for (int oh = 0; oh < l->out_h; oh++)
            for (int ow = 0; ow < l->out_w; ow++) to[lead + (size_t)oh * pw + ow] = from[oh * l->out_w + ow];
        }
      size_t stride;
      const float *images = padded_images(l, x + first * in_image, count, grp, l->col, &stride);
      thin_nt(og, k, span, count, l->yt + lead, pitch, spread, &g, images, stride, l->gw + grp * group_w,
              (size_t)k);
      if (dx == NULL) continue;
      const float *w = l->w + grp * group_w;
      for (int c = 0; c < cg; c++)
        for (int o = 0; o < og; o++)
          for (int t = 0; t < taps; t++) wt[((size_t)c * og + o) * taps + t] = w[((size_t)o * cg + c) * taps + t];
      for (int s = 0; s < count; s++) {
        thin_nn(cg, (int)plane, &back, wt, (size_t)og * taps, 1, l->yt + s * spread + lead, grad, plane, 0);
        float *into = dx + (first + s) * in_image + grp * in_group;
        for (int c = 0; c < cg; c++)
          for (int h = 0; h < l->in_h; h++) {
            float *restrict to = into + ((size_t)c * l->in_h + h) * l->in_w;
            const float *restrict from = grad + (size_t)c * plane + (size_t)(h + l->pad_h) * pw + l->pad_w;
            if (l->overwrite_dx) {
              copy_row(to, from, l->in_w);
            } else {
              for (int w2 = 0; w2 < l->in_w; w2++) to[w2] += from[w2];
            }
          }
      }
    }
  }
}
#endif

/* ---- Shapes and scratch -------------------------------------------------- */

int pl_conv2d_shape(pl_conv2d *l, int in_h, int in_w, int n) {
  l->in_h = in_h;
  l->in_w = in_w;
  const int span_h = l->dil_h * (l->kh - 1) + 1, span_w = l->dil_w * (l->kw - 1) + 1;
  const int room_h = in_h + 2 * l->pad_h - span_h, room_w = in_w + 2 * l->pad_w - span_w;
  if (room_h < 0 || room_w < 0) return -1;
  l->out_h = room_h / l->stride_h + 1;
  l->out_w = room_w / l->stride_w + 1;
  const int pixels = l->out_h * l->out_w;
  const size_t per_image = (size_t)(l->in_c / l->groups) * l->kh * l->kw * pixels;
  /* One image's product is wide enough from WIDE_PIXELS on: then it goes
   * straight into the output, and its columns, made in blocks of rows,
   * stay in cache. A dense layer needs no columns; a shifted one's chunk
   * is the images whose output gradient it spreads at once. */
  const size_t spread = (size_t)(l->out_c / l->groups) * pitch_of(l);
  const size_t fit = shifted(l)                                                      ? SPREAD_FLOATS / spread
                     : dense(l) || pixels >= WIDE_PIXELS || per_image >= CHUNK_FLOATS ? 1
                                                                                       : CHUNK_FLOATS / per_image;
  l->chunk = fit < (size_t)n ? (int)fit : n;
  if (l->chunk < 1) l->chunk = 1;
  return 0;
}

size_t pl_conv2d_weight_floats(const pl_conv2d *l) {
  return (size_t)l->out_c * (size_t)(l->in_c / l->groups) * (size_t)l->kh * (size_t)l->kw;
}

size_t pl_conv2d_col_floats(const pl_conv2d *l) {
  if (dense(l)) return 0;
  if (shifted(l))
    return chunk_padded_floats(l) +
           (size_t)(l->in_c / l->groups) * (l->kh * l->kw * (size_t)(l->out_c / l->groups) + padded_h(l) * padded_w(l));
  return column_rows(l) * (size_t)l->chunk * l->out_h * l->out_w + (flipped(l) ? pl_conv2d_weight_floats(l) : 0) +
         2 * padded_floats(l);
}

size_t pl_conv2d_out_floats(const pl_conv2d *l) {
  if (dense(l)) return 0;
  if (shifted(l)) return (size_t)(l->out_c / l->groups) * (size_t)l->chunk * pitch_of(l);
  const int og = l->out_c / l->groups, cg = l->in_c / l->groups, rows = flipped(l) && cg > og ? cg : og;
  return (size_t)rows * (size_t)l->chunk * l->out_h * l->out_w;
}

/* A dense layer's forward, y [n, out_c] = x [n, k] W [out_c, k]^T + b:
 * NCHW images are already the rows of a Linear. */
static void dense_forward(const pl_conv2d *l, const float *x, float *y, int n) {
  const pl_linear fc = {.in = l->in_c * l->kh * l->kw, .out = l->out_c, .has_bias = l->b != NULL, .w = l->w, .b = l->b};
  pl_linear_forward(&fc, x, y, n);
}

/* A dense layer's backward: a Linear's, which overwrites gw and gb (with
 * zeros when there are no images: sgemm leaves C alone when k is 0), and
 * dx [n, k] += dy [n, out_c] W [out_c, k], stored with l->overwrite_dx. */
static void dense_backward(const pl_conv2d *l, const float *x, const float *dy, float *dx, int n) {
  if (n == 0) {
    memset(l->gw, 0, sizeof(float) * pl_conv2d_weight_floats(l));
    if (l->gb != NULL) memset(l->gb, 0, sizeof(float) * (size_t)l->out_c);
    return;
  }
  const pl_linear fc = {.in = l->in_c * l->kh * l->kw, .out = l->out_c, .has_bias = l->b != NULL, .w = l->w, .b = l->b,
                        .gw = l->gw, .gb = l->gb};
  pl_linear_backward(&fc, x, dy, NULL, n);
  if (dx != NULL)
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, fc.in, l->out_c, 1.0f, dy, l->out_c, l->w, fc.in,
                l->overwrite_dx ? 0.0f : 1.0f, dx, fc.in);
}

void pl_conv2d_forward(const pl_conv2d *l, const float *x, float *y, int n) {
  if (dense(l)) {
    dense_forward(l, x, y, n);
    return;
  }
#if defined(__x86_64__)
  if (shifted(l)) {
    shifted_forward(l, x, y, n);
    return;
  }
#endif
  const int cg = l->in_c / l->groups, og = l->out_c / l->groups;
  const int pixels = l->out_h * l->out_w, k = cg * l->kh * l->kw;
  const size_t in_image = (size_t)l->in_c * l->in_h * l->in_w, out_image = (size_t)l->out_c * pixels;
  const size_t in_group = (size_t)cg * l->in_h * l->in_w, group_w = (size_t)og * k;
  const int thin = thin_products(og);
  if (l->chunk == 1) {
    /* one image at a time, in blocks of rows: each group's product straight into y */
    const int rows = block_rows(l, k);
    for (int s = 0; s < n; s++)
      for (int g = 0; g < l->groups; g++) {
        const float *image = x + (size_t)s * in_image + g * in_group;
        float *out = y + (size_t)s * out_image + (size_t)g * og * pixels;
        if (pointwise(l)) {
          product_forward(thin, og, pixels, k, l->w + g * group_w, image, (size_t)pixels, out, (size_t)pixels);
        } else {
          const float *planes = pad_image(l, image, cg);
          for (int oh0 = 0; oh0 < l->out_h; oh0 += rows) {
            const int oh1 = oh0 + rows < l->out_h ? oh0 + rows : l->out_h, cols = (oh1 - oh0) * l->out_w;
            im2col(l, planes, cg, oh0, oh1, l->col, (size_t)cols);
            product_forward(thin, og, cols, k, l->w + g * group_w, l->col, (size_t)cols, out + oh0 * l->out_w,
                            (size_t)pixels);
          }
        }
        if (l->b == NULL) continue;
        for (int o = 0; o < og; o++) {
          const float bias = l->b[g * og + o];
          float *restrict row = out + (size_t)o * pixels;
          for (int p = 0; p < pixels; p++) row[p] += bias;
        }
      }
    return;
  }
  for (int first = 0; first < n; first += l->chunk) {
    const int count = n - first < l->chunk ? n - first : l->chunk;
    const size_t cols = (size_t)count * pixels;
    for (int g = 0; g < l->groups; g++) {
      for (int s = 0; s < count; s++)
        im2col(l, pad_image(l, x + (size_t)(first + s) * in_image + g * in_group, cg), cg, 0, l->out_h,
               l->col + (size_t)s * pixels, cols);
      /* yt [og, count*P] = W_g [og, k] col [k, count*P] */
      product_forward(thin, og, (int)cols, k, l->w + g * group_w, l->col, cols, l->yt, cols);
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
  if (dense(l)) {
    dense_backward(l, x, dy, dx, n);
    return;
  }
  const int cg = l->in_c / l->groups, og = l->out_c / l->groups;
  const int pixels = l->out_h * l->out_w, k = cg * l->kh * l->kw;
  const size_t in_image = (size_t)l->in_c * l->in_h * l->in_w, out_image = (size_t)l->out_c * pixels;
  const size_t in_group = (size_t)cg * l->in_h * l->in_w, group_w = (size_t)og * k;
  const int thin = thin_products(og);
  memset(l->gw, 0, sizeof(float) * pl_conv2d_weight_floats(l));
  if (l->gb != NULL) memset(l->gb, 0, sizeof(float) * (size_t)l->out_c);
#if defined(__x86_64__)
  if (shifted(l)) {
    shifted_backward(l, x, dy, dx, n);
    return;
  }
#endif
  const int flip = flipped(l) && dx != NULL;
  if (flip) flip_weights(l);
  if (l->chunk == 1) {
    /* one image at a time, in blocks of rows: dy is already each group's [og, P] product */
    const int rows = block_rows(l, k);
    for (int s = 0; s < n; s++)
      for (int g = 0; g < l->groups; g++) {
        const float *image = x + (size_t)s * in_image + g * in_group;
        const float *grad = dy + (size_t)s * out_image + (size_t)g * og * pixels;
        float *into = dx == NULL ? NULL : dx + (size_t)s * in_image + g * in_group;
        if (l->gb != NULL)
          for (int o = 0; o < og; o++) l->gb[g * og + o] += row_sum(grad + (size_t)o * pixels, pixels);
        if (pointwise(l)) { /* the columns are the input, and their gradient the input's: in place */
          product_weights(thin, og, pixels, k, grad, (size_t)pixels, image, (size_t)pixels, l->gw + g * group_w);
          if (into != NULL)
            product_columns(thin, og, pixels, k, l->w + g * group_w, grad, (size_t)pixels, into, (size_t)pixels,
                            !l->overwrite_dx);
          continue;
        }
        const float *planes = pad_image(l, image, cg);
        if (into != NULL && !flip) begin_gradient(l, cg, into);
        for (int oh0 = 0; oh0 < l->out_h; oh0 += rows) {
          const int oh1 = oh0 + rows < l->out_h ? oh0 + rows : l->out_h, cols = (oh1 - oh0) * l->out_w;
          const float *block = grad + oh0 * l->out_w;
          im2col(l, planes, cg, oh0, oh1, l->col, (size_t)cols);
          product_weights(thin, og, cols, k, block, (size_t)pixels, l->col, (size_t)cols, l->gw + g * group_w);
          if (into == NULL) continue;
          if (flip) { /* dy's columns over the block's rows give dx's same rows, straight into dx */
            im2col(l, grad, og, oh0, oh1, l->col, (size_t)cols);
            flipped_product(l, g, cols, l->col, into + oh0 * l->out_w, (size_t)pixels, !l->overwrite_dx);
            continue;
          }
          product_columns(thin, og, cols, k, l->w + g * group_w, block, (size_t)pixels, l->col, (size_t)cols, 0);
          col2im_add(l, l->col, cg, oh0, oh1, (size_t)cols, into);
        }
        if (into != NULL && !flip) end_gradient(l, cg, into);
      }
    return;
  }
  for (int first = 0; first < n; first += l->chunk) {
    const int count = n - first < l->chunk ? n - first : l->chunk;
    const size_t cols = (size_t)count * pixels;
    for (int g = 0; g < l->groups; g++) {
      /* dyt [og, count*P]: the chunk's output gradient side by side, and db */
      for (int s = 0; s < count; s++)
        for (int o = 0; o < og; o++) {
          const float *restrict from = dy + (size_t)(first + s) * out_image + (size_t)(g * og + o) * pixels;
          float *restrict to = l->yt + (size_t)o * cols + (size_t)s * pixels;
          for (int p = 0; p < pixels; p++) to[p] = from[p];
          if (l->gb != NULL) l->gb[g * og + o] += row_sum(from, pixels);
        }
      for (int s = 0; s < count; s++)
        im2col(l, pad_image(l, x + (size_t)(first + s) * in_image + g * in_group, cg), cg, 0, l->out_h,
               l->col + (size_t)s * pixels, cols);
      /* dW_g [og, k] += dyt [og, count*P] col^T [count*P, k] */
      product_weights(thin, og, (int)cols, k, l->yt, cols, l->col, cols, l->gw + g * group_w);
      if (dx == NULL) continue;
      if (flip) { /* dx [cg, count*P] into l->yt (dyt is spent), then onto the images */
        for (int s = 0; s < count; s++)
          im2col(l, dy + (size_t)(first + s) * out_image + (size_t)g * og * pixels, og, 0, l->out_h,
                 l->col + (size_t)s * pixels, cols);
        flipped_product(l, g, (int)cols, l->col, l->yt, cols, 0);
        for (int s = 0; s < count; s++)
          for (int c = 0; c < cg; c++) {
            const float *restrict from = l->yt + (size_t)c * cols + (size_t)s * pixels;
            float *restrict to = dx + (size_t)(first + s) * in_image + g * in_group + (size_t)c * pixels;
            if (l->overwrite_dx) {
              copy_row(to, from, pixels);
            } else {
              for (int p = 0; p < pixels; p++) to[p] += from[p];
            }
          }
        continue;
      }
      /* dcol [k, count*P] = W_g^T [k, og] dyt [og, count*P], then back onto the images */
      product_columns(thin, og, (int)cols, k, l->w + g * group_w, l->yt, cols, l->col, cols, 0);
      for (int s = 0; s < count; s++) {
        float *into = dx + (size_t)(first + s) * in_image + g * in_group;
        begin_gradient(l, cg, into);
        col2im_add(l, l->col + (size_t)s * pixels, cg, 0, l->out_h, cols, into);
        end_gradient(l, cg, into);
      }
    }
  }
}
