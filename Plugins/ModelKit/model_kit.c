/* The shared part of the bundled model plugins; see model_kit.h. */
#include "model_kit.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>

#include <cblas.h>

/* The elementwise passes take restrict pointers, so a vectorizing compiler
 * (clang -O2 and up, gcc -O3) turns them into SIMD loops. */

void mk_dense_forward(const mk_dense *l, const float *x, int n, int relu) {
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, l->out, l->in,
              1.0f, x, l->in, l->w, l->in, 0.0f, l->y, l->out);
  const float *restrict b = l->b;
  for (int i = 0; i < n; i++) {
    float *restrict row = l->y + (size_t)i * l->out;
    if (relu) {
      for (int j = 0; j < l->out; j++) {
        const float v = row[j] + b[j];
        row[j] = mk_keep_if(v, v > 0.0f);
      }
    } else {
      for (int j = 0; j < l->out; j++) row[j] += b[j];
    }
  }
}

void mk_dense_backward(const mk_dense *l, const float *x, float *dx, int n, int relu) {
  float *restrict db = l->db;
  memset(db, 0, sizeof(float) * (size_t)l->out);
  for (int i = 0; i < n; i++) {
    float *restrict drow = l->dy + (size_t)i * l->out;
    const float *restrict row = l->y + (size_t)i * l->out;
    if (relu)
      for (int j = 0; j < l->out; j++) drow[j] = mk_keep_if(drow[j], row[j] > 0.0f);
    for (int j = 0; j < l->out; j++) db[j] += drow[j];
  }
  cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, l->out, l->in, n,
              1.0f, l->dy, l->out, x, l->in, 0.0f, l->dw, l->in);
  if (dx == NULL) return;
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, l->in, l->out,
              1.0f, l->dy, l->out, l->w, l->in, 0.0f, dx, l->in);
}

double mk_softmax_xent(const float *logits, const int64_t *labels, int n, int c, float *dlogits,
                       int64_t *correct) {
  double total = 0.0;
  int64_t hits = 0;
  for (int i = 0; i < n; i++) {
    const float *z = logits + (size_t)i * c;
    float *dz = dlogits != NULL ? dlogits + (size_t)i * c : NULL;
    int y = (int)labels[i];
    int best = 0;
    for (int j = 1; j < c; j++)
      if (z[j] > z[best]) best = j;
    double sum = 0.0;
    for (int j = 0; j < c; j++) {
      float e = expf(z[j] - z[best]);
      sum += e;
      if (dz != NULL) dz[j] = e;
    }
    total += log(sum) + (double)z[best] - (double)z[y];
    hits += best == y;
    if (dz != NULL) {
      float scale = (float)(1.0 / (sum * n));
      for (int j = 0; j < c; j++) dz[j] *= scale;
      dz[y] -= 1.0f / (float)n;
    }
  }
  *correct = hits;
  return total;
}

float mk_uniform(uint64_t *state, float bound) {
  uint64_t z = (*state += 0x9e3779b97f4a7c15u);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  z ^= z >> 31;
  float u = (float)(z >> 40) * 0x1.0p-24f;
  return (2.0f * u - 1.0f) * bound;
}

pacer_status mk_fail(const pacer_host_api *api, pacer_error *err, pacer_status code, const char *who,
                     const char *fmt, ...) {
  char msg[320];
  int len = snprintf(msg, sizeof msg, "%s: ", who);
  if (len < 0 || (size_t)len >= sizeof msg) len = 0;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg + len, sizeof msg - (size_t)len, fmt, ap);
  va_end(ap);
  api->error_set(err, code, msg);
  return code;
}

pacer_status mk_read_int(const pacer_host_api *api, const pacer_config *cfg, const char *key, int64_t lo,
                         int64_t hi, int64_t *out) {
  int64_t v;
  pacer_status status = api->cfg_get_i64(cfg, key, &v);
  if (status == PACER_E_NOT_FOUND) return PACER_OK;
  if (status != PACER_OK || v < lo || v > hi) return PACER_E_INVALID_ARG;
  *out = v;
  return PACER_OK;
}

const pacer_tensor *mk_find_field(const pacer_batch *batch, const char *name) {
  for (uint32_t i = 0; i < batch->field_count; i++) {
    const pacer_tensor *field = pacer_batch_field(batch, i);
    if (field->name != NULL && strcmp(field->name, name) == 0) return field;
  }
  return NULL;
}

pacer_status mk_labels(const pacer_host_api *api, pacer_error *err, const char *who, const pacer_batch *batch,
                       int64_t count, int classes, const int64_t **labels) {
  const pacer_tensor *y = mk_find_field(batch, "gt_label");
  if (y == NULL)
    return mk_fail(api, err, PACER_E_INVALID_ARG, who, "batch has no 'gt_label' field");
  if (y->dtype != PACER_DTYPE_I64)
    return mk_fail(api, err, PACER_E_INVALID_ARG, who, "'gt_label' must be I64");
  if (y->ndim != 1 || y->shape == NULL || y->shape[0] != count || y->numel != (uint64_t)count)
    return mk_fail(api, err, PACER_E_INVALID_ARG, who, "'gt_label' must have shape [%lld] like 'img'",
                   (long long)count);
  if (y->data == NULL)
    return mk_fail(api, err, PACER_E_INVALID_ARG, who, "'gt_label' has no data");
  const int64_t *label = y->data;
  for (int64_t i = 0; i < count; i++)
    if (label[i] < 0 || label[i] >= classes)
      return mk_fail(api, err, PACER_E_INVALID_ARG, who, "gt_label[%lld] = %lld is outside [0, %d)",
                     (long long)i, (long long)label[i], classes);
  *labels = label;
  return PACER_OK;
}

void mk_report(pacer_step_output *out, double loss, int n) {
  if (PACER_HAS_FIELD(out, pacer_step_output, loss)) out->loss = loss;
  if (PACER_HAS_FIELD(out, pacer_step_output, num_samples)) out->num_samples = n;
}

pacer_status mk_report_val(const pacer_host_api *api, pacer_ctx *ctx, pacer_error *err, const char *who,
                           pacer_step_output *out, double loss, int64_t correct, const float *logits, int n, int c) {
  pacer_status status = api->ctx_output_put(ctx, "accuracy", (double)correct / n);
  if (status != PACER_OK) return mk_fail(api, err, status, who, "the host refused the 'accuracy' output");
  mk_report(out, loss, n);
  if (PACER_HAS_FIELD(out, pacer_step_output, score_count) && out->scores != NULL && c <= out->score_capacity) {
    for (int i = 0; i < n; i++) {
      const float *row = logits + (size_t)i * c;
      float *scores = out->scores + (size_t)i * (size_t)out->score_capacity;
      float max = row[0];
      for (int j = 1; j < c; j++) max = row[j] > max ? row[j] : max;
      double sum = 0;
      for (int j = 0; j < c; j++) sum += exp((double)(row[j] - max));
      for (int j = 0; j < c; j++) scores[j] = (float)(exp((double)(row[j] - max)) / sum);
    }
    out->score_count = c;
  }
  return PACER_OK;
}
