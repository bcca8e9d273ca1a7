/*
 * model_kit.h: the C both bundled model plugins (MLPClassifier and
 * CNNClassifier) share: dense layers on OpenBLAS, softmax cross-entropy,
 * the weight init stream, and small helpers for errors, config integers,
 * batch fields and step outputs. Compiled into each plugin library with
 * hidden visibility, so a library still exports only its entry.
 */
#ifndef PACER_MODEL_KIT_H
#define PACER_MODEL_KIT_H

#include <stdint.h>
#include <string.h>

#include <pacer/pacer.h>

/* One fully connected layer, y = x W^T + b, with everything it touches.
 * The model owns the memory: w, b, dw and db are slices of its parameter
 * and gradient blocks, y and dy of its scratch. */
typedef struct mk_dense {
  int in, out;
  float *w, *b;   /* [out, in] and [out] */
  float *dw, *db; /* same shapes */
  float *y, *dy;  /* [N, out] output and its gradient */
} mk_dense;

/* `value` where keep is 1 and +0 where it is 0, without a branch. ReLU and
 * its gradient mask select on data (an activation's sign), where a branch
 * mispredicts about half the time, and gcc -O2 turns `v > 0 ? v : 0` into
 * a branch; this bit mask compiles to setcc/and, and clang vectorizes it. */
static inline float mk_keep_if(float value, int keep) {
  uint32_t bits;
  memcpy(&bits, &value, sizeof bits);
  bits &= 0u - (uint32_t)keep;
  memcpy(&value, &bits, sizeof value);
  return value;
}

/* y = x W^T + b for n rows of x, then ReLU when relu is set. The bias and
 * the ReLU share one pass over y, right after the product. */
void mk_dense_forward(const mk_dense *l, const float *x, int n, int relu);

/* Given dy, the gradient at the layer's output (after its ReLU when relu
 * is set): one pass turns dy into the gradient before the ReLU (zero where
 * y = 0) and sums its columns into db; then dW = dy^T x and, unless dx is
 * NULL (a first layer, whose input is the batch), dx = dy W. The products
 * and the sums overwrite, never accumulate. */
void mk_dense_backward(const mk_dense *l, const float *x, float *dx, int n, int relu);

/* Softmax cross-entropy of n rows of c logits, one pass per row: the row
 * max is subtracted before exp() so nothing overflows (log-sum-exp), and
 * the sum runs in double. Returns the summed loss and stores the number of
 * rows whose argmax is the label. When dlogits is non-NULL it receives
 * d(mean loss)/d(logits) = (softmax - onehot) / n. */
double mk_softmax_xent(const float *logits, const int64_t *labels, int n, int c, float *dlogits,
                       int64_t *correct);

/* A float uniform in [-bound, bound) from a splitmix64 stream: small and
 * well mixed, so a seed gives the same weights on every platform. */
float mk_uniform(uint64_t *state, float bound);

/* Formats "<who>: <message>" (one line) into the host's error slot and
 * returns code. */
__attribute__((format(printf, 5, 6))) pacer_status
mk_fail(const pacer_host_api *api, pacer_error *err, pacer_status code, const char *who, const char *fmt, ...);

/* Reads an integer key into *out, which holds the default and keeps it when
 * the key is absent. Any other type, or a value outside [lo, hi], fails. */
pacer_status mk_read_int(const pacer_host_api *api, const pacer_config *cfg, const char *key, int64_t lo,
                         int64_t hi, int64_t *out);

/* The batch field called name, or NULL. */
const pacer_tensor *mk_find_field(const pacer_batch *batch, const char *name);

/* The batch's "gt_label" field, checked: I64, shape [count], data present,
 * every label in [0, classes). Stores the labels and returns PACER_OK, or
 * fails with one line (mk_fail, prefixed with who). */
pacer_status mk_labels(const pacer_host_api *api, pacer_error *err, const char *who, const pacer_batch *batch,
                       int64_t count, int classes, const int64_t **labels);

/* Writes a step's mean loss and sample count into out, as far as the host's
 * struct reaches. */
void mk_report(pacer_step_output *out, double loss, int n);

/* What a val step reports: "accuracy" (correct / n) into the context's
 * outputs, then the mean loss and sample count into out, and, when the
 * host asks for them (ABI 1.1 out->scores), each of the n rows of c logits
 * as softmax probabilities. Fails with one line (prefixed with who) if the
 * host refuses the output. */
pacer_status mk_report_val(const pacer_host_api *api, pacer_ctx *ctx, pacer_error *err, const char *who,
                           pacer_step_output *out, double loss, int64_t correct, const float *logits, int n, int c);

#endif /* PACER_MODEL_KIT_H */
