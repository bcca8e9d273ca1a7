/*
 * VariantHook: one small hook whose library, descriptor and vtable can be
 * built the way a plugin from another SDK release, or a broken one, would
 * build them. It appends "<point> <iter>" to `trace_path` at
 * after_train_iter and after_run. Built by the tests with
 *   cc -shared -fPIC -I plugin-sdk/include abi_variants.c -D...
 *
 *  VARIANT_NEWER_MINOR     abi_minor is one above the SDK's (a plugin built
 *                          against a later 1.x SDK).
 *  VARIANT_LARGER          the library, descriptor and vtable are followed by
 *                          fields this SDK does not define (a trap function
 *                          and garbage), and their struct_size covers them:
 *                          a host must ignore the tail, never read or call it.
 *  VARIANT_FEATURES=bits   required_features = bits.
 *  VARIANT_LIBRARY_SIZE=n  pacer_library.struct_size = n.
 *  VARIANT_DESC_SIZE=n     pacer_plugin_desc.struct_size = n.
 *  VARIANT_VTABLE_SIZE=n   pacer_hook_vtable.struct_size = n.
 *
 * The tail structs embed this SDK's structs, so their tails always start
 * after the last field the host compiled from the same headers knows.
 */
#include <pacer/pacer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct variant {
  const pacer_host_api *api;
  FILE *out;
} variant;

/* Stands in for a function a later ABI minor adds; no host may call it. */
static void trap(void) {
  fputs("VariantHook: a host called a field it does not know\n", stderr);
  abort();
}

#define GARBAGE 0xA5A5A5A5A5A5A5A5ull

static pacer_status point(void *self, pacer_ctx *ctx, const char *name) {
  variant *v = self;
  pacer_ctx_info info;
  memset(&info, 0, sizeof info);
  info.struct_size = sizeof info;
  v->api->ctx_get_info(ctx, &info);
  fprintf(v->out, "%s %lld\n", name, (long long)info.iter);
  fflush(v->out);
  return PACER_OK;
}

static pacer_status after_train_iter(void *self, pacer_ctx *ctx, pacer_error *err) {
  (void)err;
  return point(self, ctx, "after_train_iter");
}

static pacer_status after_run(void *self, pacer_ctx *ctx, pacer_error *err) {
  (void)err;
  return point(self, ctx, "after_run");
}

static pacer_status create(const pacer_plugin_desc *desc, const pacer_host_api *api, const pacer_config *cfg,
                           void **out, pacer_error *err) {
  (void)desc;
  const char *path = NULL;
  if (api->cfg_get_str(cfg, "trace_path", &path) != PACER_OK) {
    api->error_set(err, PACER_E_INVALID_ARG, "VariantHook: 'trace_path' (a string) is required");
    return PACER_E_INVALID_ARG;
  }
  variant *v = calloc(1, sizeof *v);
  if (v == NULL) return PACER_E_NO_MEMORY;
  v->api = api;
  v->out = fopen(path, "a");
  if (v->out == NULL) {
    free(v);
    api->error_set(err, PACER_E_IO, "VariantHook: cannot open trace_path");
    return PACER_E_IO;
  }
  *out = v;
  return PACER_OK;
}

static void destroy(void *self) {
  variant *v = self;
  fclose(v->out);
  free(v);
}

/* Each struct with a tail of fields from "a later minor". */
typedef struct tailed_vtable {
  pacer_hook_vtable v1;
  void (*future_point)(void);
  uint64_t future_flags;
} tailed_vtable;

typedef struct tailed_desc {
  pacer_plugin_desc v1;
  void (*future_get_extension)(void);
  uint64_t future_flags;
} tailed_desc;

typedef struct tailed_library {
  pacer_library v1;
  void (*future_init)(void);
  uint64_t future_flags;
} tailed_library;

#ifdef VARIANT_LARGER
#define SIZE(T, tailed) sizeof(tailed)
#else
#define SIZE(T, tailed) sizeof(T)
#endif

#ifndef VARIANT_VTABLE_SIZE
#define VARIANT_VTABLE_SIZE SIZE(pacer_hook_vtable, tailed_vtable)
#endif
#ifndef VARIANT_DESC_SIZE
#define VARIANT_DESC_SIZE SIZE(pacer_plugin_desc, tailed_desc)
#endif
#ifndef VARIANT_LIBRARY_SIZE
#define VARIANT_LIBRARY_SIZE SIZE(pacer_library, tailed_library)
#endif
#ifndef VARIANT_FEATURES
#define VARIANT_FEATURES 0
#endif
#ifdef VARIANT_NEWER_MINOR
#define VARIANT_MINOR (PACER_ABI_MINOR + 1)
#else
#define VARIANT_MINOR PACER_ABI_MINOR
#endif

static const tailed_vtable vtable = {
    {(uint32_t)(VARIANT_VTABLE_SIZE), 0, NULL, after_run, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
     after_train_iter, NULL, NULL, NULL, NULL},
    trap, GARBAGE,
};

static const tailed_desc descriptor = {
    {(uint32_t)(VARIANT_DESC_SIZE), PACER_KIND_HOOK, "VariantHook", "1.0.0", "ABI policy fixture",
     PACER_PRIORITY_NORMAL, (uint32_t)(VARIANT_FEATURES), create, destroy, &vtable},
    trap, GARBAGE,
};

static uint32_t count(void) { return 1; }
static const pacer_plugin_desc *at(uint32_t index) { return index == 0 ? &descriptor.v1 : NULL; }

static const tailed_library library = {
    {(uint32_t)(VARIANT_LIBRARY_SIZE), PACER_ABI_MAJOR, VARIANT_MINOR, 0, "abi_variants.c", count, at},
    trap, GARBAGE,
};

PACER_EXPORT const pacer_library *pacer_plugin_entry(void) { return &library.v1; }
