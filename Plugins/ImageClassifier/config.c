/* Reading the model config with one-line errors naming the key; see mmcls.h. */
#include <stdarg.h>
#include <stdio.h>

#include "mmcls.h"

int ic_fail(ic_config *c, const char *fmt, ...) {
  if (c->failed) return -1;
  c->failed = 1;
  char msg[400];
  int len = snprintf(msg, sizeof msg, "%s: ", IC_TYPE_NAME);
  if (len < 0 || (size_t)len >= sizeof msg) len = 0;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg + len, sizeof msg - (size_t)len, fmt, ap);
  va_end(ap);
  c->api->error_set(c->err, PACER_E_INVALID_ARG, msg);
  return -1;
}

int ic_has(ic_config *c, const char *path) { return c->failed ? 0 : c->api->cfg_has(c->cfg, path) != 0; }

int64_t ic_int(ic_config *c, const char *path, int64_t fallback, int64_t lo, int64_t hi) {
  if (c->failed) return fallback;
  int64_t v = fallback;
  const pacer_status status = c->api->cfg_get_i64(c->cfg, path, &v);
  if (status == PACER_E_NOT_FOUND) return fallback;
  if (status != PACER_OK || v < lo || v > hi) {
    ic_fail(c, "'%s' must be an integer in [%lld, %lld]", path, (long long)lo, (long long)hi);
    return fallback;
  }
  return v;
}

double ic_float(ic_config *c, const char *path, double fallback, double lo, double hi) {
  if (c->failed) return fallback;
  double v = fallback;
  const pacer_status status = c->api->cfg_get_f64(c->cfg, path, &v);
  if (status == PACER_E_NOT_FOUND) return fallback;
  if (status != PACER_OK || !(v >= lo && v <= hi)) {
    ic_fail(c, "'%s' must be a number in [%g, %g]", path, lo, hi);
    return fallback;
  }
  return v;
}

int ic_bool(ic_config *c, const char *path, int fallback) {
  if (c->failed) return fallback;
  int32_t v = fallback;
  const pacer_status status = c->api->cfg_get_bool(c->cfg, path, &v);
  if (status == PACER_E_NOT_FOUND) return fallback;
  if (status != PACER_OK) {
    ic_fail(c, "'%s' must be True or False", path);
    return fallback;
  }
  return v != 0;
}

const char *ic_str(ic_config *c, const char *path, const char *fallback) {
  if (c->failed) return fallback;
  const char *v = fallback;
  const pacer_status status = c->api->cfg_get_str(c->cfg, path, &v);
  if (status == PACER_E_NOT_FOUND) return fallback;
  if (status != PACER_OK) {
    ic_fail(c, "'%s' must be a string", path);
    return fallback;
  }
  return v;
}

int ic_ints(ic_config *c, const char *path, int *out, int max, int fallback_count, int64_t lo, int64_t hi) {
  if (c->failed || !ic_has(c, path)) return fallback_count;
  int64_t single;
  if (c->api->cfg_get_i64(c->cfg, path, &single) == PACER_OK) {
    if (single < lo || single > hi) return ic_fail(c, "'%s' must be integers in [%lld, %lld]", path, (long long)lo,
                                                   (long long)hi), fallback_count;
    for (int i = 0; i < max; i++) out[i] = (int)single;
    return 1;
  }
  uint64_t len = 0;
  if (c->api->cfg_get_len(c->cfg, path, &len) != PACER_OK || len == 0 || len > (uint64_t)max) {
    ic_fail(c, "'%s' must be an integer or a list of 1 to %d integers", path, max);
    return fallback_count;
  }
  for (uint64_t i = 0; i < len; i++) {
    char item[160];
    snprintf(item, sizeof item, "%s.%d", path, (int)i);
    int64_t v = 0;
    if (c->api->cfg_get_i64(c->cfg, item, &v) != PACER_OK || v < lo || v > hi) {
      ic_fail(c, "'%s' must be integers in [%lld, %lld]; entry %d is not", path, (long long)lo, (long long)hi,
              (int)i);
      return fallback_count;
    }
    out[i] = (int)v;
  }
  return (int)len;
}
