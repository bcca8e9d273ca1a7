/* Reading the model config with one-line errors naming the key; see mmcls.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* ------------------------------------------------------------------------
 * Unknown keys: the config as JSON (cfg_json), walked just far enough to
 * list the keys of one dict. */

static const char *skip_space(const char *p) {
  while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t') p++;
  return p;
}

/* Past the JSON string starting at p (at its quote); NULL if malformed.
 * Copies its raw text, escapes left as they are, into out (out_size > 0). */
static const char *read_string(const char *p, char *out, size_t out_size) {
  if (*p != '"') return NULL;
  size_t len = 0;
  for (p++; *p != '"'; p++) {
    if (*p == '\0') return NULL;
    if (*p == '\\' && p[1] != '\0') {
      if (len + 1 < out_size) out[len++] = *p;
      p++;
    }
    if (len + 1 < out_size) out[len++] = *p;
  }
  out[len] = '\0';
  return p + 1;
}

/* Past the JSON value starting at p; NULL if malformed. */
static const char *skip_value(const char *p, int depth) {
  p = skip_space(p);
  if (depth > 64) return NULL;
  if (*p == '"') {
    char ignored[1];
    return read_string(p, ignored, sizeof ignored);
  }
  if (*p == '{' || *p == '[') {
    const char close = *p == '{' ? '}' : ']';
    p = skip_space(p + 1);
    if (*p == close) return p + 1;
    for (;;) {
      if (close == '}') {
        char ignored[1];
        p = read_string(skip_space(p), ignored, sizeof ignored);
        if (p == NULL) return NULL;
        p = skip_space(p);
        if (*p++ != ':') return NULL;
      }
      p = skip_value(p, depth + 1);
      if (p == NULL) return NULL;
      p = skip_space(p);
      if (*p == ',') {
        p++;
        continue;
      }
      return *p == close ? p + 1 : NULL;
    }
  }
  while (*p != '\0' && *p != ',' && *p != '}' && *p != ']') p++;
  return p;
}

/* The value of key `name` in the object at p, or NULL. */
static const char *member(const char *p, const char *name) {
  p = skip_space(p);
  if (*p != '{') return NULL;
  p = skip_space(p + 1);
  if (*p == '}') return NULL;
  for (;;) {
    char key[128];
    p = read_string(skip_space(p), key, sizeof key);
    if (p == NULL) return NULL;
    p = skip_space(p);
    if (*p++ != ':') return NULL;
    p = skip_space(p);
    if (strcmp(key, name) == 0) return p;
    const char *next = skip_value(p, 0);
    if (next == NULL) return NULL;
    p = skip_space(next);
    if (*p != ',') return NULL;
    p++;
  }
}

/* Levenshtein distance of two short strings (capped at 64 bytes). */
static int distance(const char *a, const char *b) {
  int row[65];
  const size_t length_a = strlen(a), length_b = strlen(b);
  const int la = length_a < 64 ? (int)length_a : 64, lb = length_b < 64 ? (int)length_b : 64;
  for (int j = 0; j <= lb; j++) row[j] = j;
  for (int i = 1; i <= la; i++) {
    int diagonal = row[0];
    row[0] = i;
    for (int j = 1; j <= lb; j++) {
      const int above = row[j];
      const int substitute = diagonal + (a[i - 1] != b[j - 1]);
      int best = above + 1 < row[j - 1] + 1 ? above + 1 : row[j - 1] + 1;
      row[j] = substitute < best ? substitute : best;
      diagonal = above;
    }
  }
  return row[lb];
}

/* The JSON text of the value at the dotted `path` of the config ("" for
 * the whole dict), or NULL when there is no such key. */
static const char *json_at(ic_config *c, const char *path) {
  const char *p = c->api->cfg_json(c->cfg);
  if (p == NULL) return NULL;
  char part[128];
  for (const char *rest = path; *rest != '\0';) {
    const char *dot = strchr(rest, '.');
    const size_t len = dot != NULL ? (size_t)(dot - rest) : strlen(rest);
    if (len >= sizeof part) return NULL;
    memcpy(part, rest, len);
    part[len] = '\0';
    if (*p == '[' || (part[0] >= '0' && part[0] <= '9')) {
      /* a list index */
      p = skip_space(p);
      if (*p != '[') return NULL;
      p = skip_space(p + 1);
      for (long index = strtol(part, NULL, 10); index > 0 && p != NULL; index--) {
        p = skip_value(p, 0);
        if (p == NULL || *(p = skip_space(p)) != ',') return NULL;
        p = skip_space(p + 1);
      }
    } else {
      p = member(p, part);
    }
    if (p == NULL) return NULL;
    rest += len + (dot != NULL);
  }
  return p;
}

int ic_is_none(ic_config *c, const char *path) {
  if (c->failed) return 0;
  const char *p = json_at(c, path);
  return p != NULL && strncmp(skip_space(p), "null", 4) == 0;
}

int ic_check_keys(ic_config *c, const char *path, const char *owner, const char *const *allowed) {
  if (c->failed) return -1;
  if (allowed == NULL) return 0;
  const char *p = json_at(c, path);
  if (p == NULL) return 0;
  p = skip_space(p);
  if (*p != '{') return 0;
  p = skip_space(p + 1);
  while (*p == '"') {
    char key[128];
    p = read_string(p, key, sizeof key);
    if (p == NULL) return 0;
    int known = strcmp(key, "type") == 0;
    const char *closest = NULL;
    int best = 3 + (int)(strlen(key) / 4); /* suggest only what is this close */
    for (int i = 0; allowed[i] != NULL && !known; i++) {
      known = strcmp(key, allowed[i]) == 0;
      const int d = distance(key, allowed[i]);
      if (d < best) best = d, closest = allowed[i];
    }
    if (!known) {
      if (closest != NULL)
        return ic_fail(c, "'%s%s%s' is not an option of %s; did you mean '%s'?", path, *path ? "." : "", key, owner,
                       closest);
      return ic_fail(c, "'%s%s%s' is not an option of %s", path, *path ? "." : "", key, owner);
    }
    p = skip_space(p);
    if (*p++ != ':') return 0;
    p = skip_value(p, 0);
    if (p == NULL) return 0;
    p = skip_space(p);
    if (*p == ',') p = skip_space(p + 1);
  }
  return 0;
}
