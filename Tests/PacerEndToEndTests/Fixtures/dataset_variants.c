/*
 * PatternDataset: a small dataset plugin whose items are computed, not
 * read, for the tests of the host's dataset rules. Item i has pixels
 * (i * 31 + p) % 256 and label i % 10. Compiled several ways:
 *   (default)       thread-safe; get_item(fail_at) fails with
 *                   "injected failure" when the option fail_at is set, and
 *                   item bad_label_at has label 10, outside the 10 classes;
 *   -DBAD_DTYPE     declares "img" as int64 {28, 28}, which the host refuses;
 *   -DBAD_VTABLE    leaves get_item NULL and sets flag bit 0x4, both refused
 *                   when the library is loaded;
 *   -DSERIAL        sets PACER_DATASET_SERIAL and fails "get_item overlapped
 *                   another call" if two calls ever run at once (each call
 *                   sleeps a little to give an overlap the chance to show).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdatomic.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <pacer/pacer.h>

typedef struct pattern {
  const pacer_host_api *api;
  int64_t fail_at;
  int64_t bad_label_at;
  atomic_int running;
} pattern;

static const int64_t shape_[3] = {28, 28, 1};
#ifdef BAD_DTYPE
static const int64_t bad_shape_[2] = {28, 28};
#endif

static pacer_status create(const pacer_plugin_desc *desc, const pacer_host_api *api, const pacer_config *cfg,
                           void **out_self, pacer_error *err) {
  (void)desc;
  pattern *self = calloc(1, sizeof *self);
  if (self == NULL) {
    api->error_set(err, PACER_E_NO_MEMORY, "out of memory");
    return PACER_E_NO_MEMORY;
  }
  self->api = api;
  self->fail_at = -1;
  self->bad_label_at = -1;
  api->cfg_get_i64(cfg, "fail_at", &self->fail_at);
  api->cfg_get_i64(cfg, "bad_label_at", &self->bad_label_at);
  atomic_init(&self->running, 0);
  *out_self = self;
  return PACER_OK;
}

static void destroy(void *self) { free(self); }
static int64_t length(void *self) { (void)self; return 512; }
static uint32_t class_count(void *self) { (void)self; return 10; }
static const char *class_name(void *self, uint32_t index) { (void)self; (void)index; return NULL; }
static uint32_t field_count(void *self) { (void)self; return 2; }

static pacer_status field_at(void *self, uint32_t index, pacer_tensor *out) {
  (void)self;
  if (index > 1) return PACER_E_NOT_FOUND;
  pacer_tensor field;
  memset(&field, 0, sizeof field);
  field.struct_size = sizeof field;
  field.name = index == 0 ? "img" : "gt_label";
  field.dtype = index == 0 ? PACER_DTYPE_U8 : PACER_DTYPE_I64;
  field.ndim = index == 0 ? 3 : 0;
  field.shape = index == 0 ? shape_ : NULL;
  field.numel = index == 0 ? 28 * 28 : 1;
#ifdef BAD_DTYPE
  if (index == 0) {
    field.dtype = PACER_DTYPE_I64;
    field.ndim = 2;
    field.shape = bad_shape_;
  }
#endif
  size_t size = out->struct_size < sizeof field ? out->struct_size : sizeof field;
  memcpy(out, &field, size);
  out->struct_size = (uint32_t)size;
  return PACER_OK;
}

#ifndef BAD_VTABLE
static pacer_status get_item(void *self_, int64_t index, const pacer_batch *item, pacer_error *err) {
  pattern *self = self_;
  if (index == self->fail_at) {
    self->api->error_set(err, PACER_E_IO, "injected failure");
    return PACER_E_IO;
  }
  int overlapped = atomic_fetch_add(&self->running, 1) != 0;
#ifdef SERIAL
  struct timespec pause = {0, 200000};
  nanosleep(&pause, NULL);
#endif
  uint8_t *pixels = pacer_batch_field(item, 0)->data;
  for (int p = 0; p < 28 * 28; p++) pixels[p] = (uint8_t)((index * 31 + p) % 256);
  *(int64_t *)pacer_batch_field(item, 1)->data = index == self->bad_label_at ? 10 : index % 10;
  atomic_fetch_sub(&self->running, 1);
#ifdef SERIAL
  if (overlapped) {
    self->api->error_set(err, PACER_E_STATE, "get_item overlapped another call");
    return PACER_E_STATE;
  }
#else
  (void)overlapped;
#endif
  return PACER_OK;
}

#endif

static const pacer_dataset_vtable vtable_ = {
    .struct_size = sizeof(pacer_dataset_vtable),
#ifdef SERIAL
    .flags = PACER_DATASET_SERIAL,
#elif defined(BAD_VTABLE)
    .flags = 0x4,
#endif
    .length = length,
    .class_count = class_count,
    .class_name = class_name,
    .field_count = field_count,
    .field_at = field_at,
#ifndef BAD_VTABLE
    .get_item = get_item,
#endif
};

static const pacer_option_desc fail_at_option = {sizeof(pacer_option_desc), PACER_OPTION_INT, "fail_at", "None",
                                                 "make get_item(fail_at) fail"};
static const pacer_option_desc bad_label_at_option = {sizeof(pacer_option_desc), PACER_OPTION_INT,
                                                      "bad_label_at", "None", "give item bad_label_at label 10"};
static const pacer_option_desc *const options_[] = {&fail_at_option, &bad_label_at_option};

static const pacer_plugin_desc desc_ = {
    .struct_size = sizeof(pacer_plugin_desc),
    .kind = PACER_KIND_DATASET,
    .type_name = "PatternDataset",
    .version = "1.0.0",
    .description = "computed items for the host's dataset rules",
    .default_priority = PACER_PRIORITY_NORMAL,
    .create = create,
    .destroy = destroy,
    .vtable = &vtable_,
    .option_count = 2,
    .options = options_,
};

PACER_LIBRARY(&desc_)
