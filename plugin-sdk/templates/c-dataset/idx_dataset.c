/*
 * IdxDataset: a complete Pacer dataset plugin in C (ABI 1.1), meant to be
 * copied and renamed. It serves images and labels stored as IDX files, the
 * format of MNIST and Fashion-MNIST, gzipped or not (zlib reads both):
 * images N x H x W bytes, labels N bytes. Each item is "img" (uint8,
 * H x W x 1, channels last as MMCV lays images out) and "gt_label" (int64).
 *
 * Config:   dict(type='IdxDataset',
 *                images='/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz',
 *                labels='/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz',
 *                classes=['T-shirt/top', 'Trouser', ...],   # optional
 *                num_samples=1000)                           # optional: the first N
 * Build:    make            (needs pacer-plugin.pc and zlib; see README.md)
 * Check:    pacer plugins check ./libidx_dataset.so
 *
 * Threads: create reads both files into memory; get_item only copies from
 * that memory, so the host may call it from several loader threads at once
 * (flags 0). A plugin that keeps a file position or a cache it changes in
 * get_item would set PACER_DATASET_SERIAL instead.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include <pacer/pacer.h>

/* One instance: the items, read once by create and never changed after. */
typedef struct idx_dataset {
  int64_t count;          /* items kept */
  int64_t shape[3];       /* one image: H, W, C (C = 1) */
  uint8_t *pixels;        /* count * H * W bytes */
  uint8_t *labels;        /* count bytes */
  uint32_t class_count;   /* classes (from `classes`, else the largest label + 1) */
  char **class_names;     /* class_count names, or NULL: named by index */
} idx_dataset;

/* Writes a one-line message into the host's error slot; returns `code`. */
static pacer_status fail(const pacer_host_api *api, pacer_error *err, pacer_status code, const char *message) {
  api->error_set(err, code, message);
  return code;
}

static uint32_t big_endian(const unsigned char *bytes) {
  return (uint32_t)bytes[0] << 24 | (uint32_t)bytes[1] << 16 | (uint32_t)bytes[2] << 8 | bytes[3];
}

/* Reads the IDX file at `path` holding unsigned bytes of `rank` dimensions:
 * its extents into dims[0..rank-1] and the first `keep` items (all when
 * keep <= 0 or beyond the file) into a new buffer. On failure writes one
 * line naming the file into `message` and returns NULL. */
static uint8_t *read_idx(const char *path, int rank, int64_t keep, int64_t dims[3], char *message, size_t size) {
  gzFile file = gzopen(path, "rb");
  if (file == NULL) {
    snprintf(message, size, "%s: cannot be opened", path);
    return NULL;
  }
  unsigned char header[16];
  int header_size = 4 + 4 * rank;
  uint8_t *data = NULL;
  if (gzread(file, header, (unsigned)header_size) != header_size || header[0] != 0 || header[1] != 0 ||
      header[2] != 0x08 || header[3] != rank) {
    snprintf(message, size, "%s: not an IDX file of unsigned bytes with %d dimension(s)", path, rank);
    goto done;
  }
  int64_t item = 1;
  for (int i = 0; i < rank; i++) {
    dims[i] = big_endian(header + 4 + 4 * i);
    if (i > 0) item *= dims[i];
  }
  if (keep > 0 && keep < dims[0]) dims[0] = keep;
  size_t bytes = (size_t)(dims[0] * item);
  data = malloc(bytes > 0 ? bytes : 1);
  if (data == NULL) {
    snprintf(message, size, "%s: out of memory for %zu bytes", path, bytes);
    goto done;
  }
  size_t read = 0;
  while (read < bytes) { /* gzread takes at most UINT_MAX bytes at a time */
    size_t chunk = bytes - read > (1u << 30) ? (1u << 30) : bytes - read;
    int got = gzread(file, data + read, (unsigned)chunk);
    if (got <= 0) break;
    read += (size_t)got;
  }
  if (read != bytes) {
    snprintf(message, size, "%s: header promises %zu bytes of data, the file holds %zu", path, bytes, read);
    free(data);
    data = NULL;
  }
done:
  gzclose(file);
  return data;
}

static void destroy(void *self_) {
  idx_dataset *self = self_;
  if (self == NULL) return;
  if (self->class_names != NULL)
    for (uint32_t i = 0; i < self->class_count; i++) free(self->class_names[i]);
  free(self->class_names);
  free(self->pixels);
  free(self->labels);
  free(self);
}

/* [runner] Opens the dataset: reads both files and checks they agree. */
static pacer_status create(const pacer_plugin_desc *desc, const pacer_host_api *api, const pacer_config *cfg,
                           void **out_self, pacer_error *err) {
  (void)desc;
  const char *images = NULL, *labels = NULL;
  int64_t keep = 0;
  if (api->cfg_get_str(cfg, "images", &images) != PACER_OK || api->cfg_get_str(cfg, "labels", &labels) != PACER_OK)
    return fail(api, err, PACER_E_INVALID_ARG, "IdxDataset: 'images' and 'labels' must name IDX files");
  if (api->cfg_get_i64(cfg, "num_samples", &keep) == PACER_E_INVALID_ARG || keep < 0)
    return fail(api, err, PACER_E_INVALID_ARG, "IdxDataset: 'num_samples' must be a positive integer");

  idx_dataset *self = calloc(1, sizeof *self);
  if (self == NULL) return fail(api, err, PACER_E_NO_MEMORY, "IdxDataset: out of memory");
  char message[512];
  int64_t image_dims[3] = {0, 0, 0}, label_dims[3] = {0, 0, 0};
  self->pixels = read_idx(images, 3, keep, image_dims, message, sizeof message);
  if (self->pixels != NULL) self->labels = read_idx(labels, 1, keep, label_dims, message, sizeof message);
  if (self->labels == NULL) {
    destroy(self);
    return fail(api, err, PACER_E_IO, message);
  }
  if (image_dims[0] != label_dims[0] || image_dims[0] == 0) {
    snprintf(message, sizeof message, "%s and %s: %lld images but %lld labels", images, labels,
             (long long)image_dims[0], (long long)label_dims[0]);
    destroy(self);
    return fail(api, err, PACER_E_INVALID_ARG, message);
  }
  if (keep > image_dims[0]) {
    snprintf(message, sizeof message, "IdxDataset: num_samples is %lld but %s holds %lld", (long long)keep, images,
             (long long)image_dims[0]);
    destroy(self);
    return fail(api, err, PACER_E_INVALID_ARG, message);
  }
  self->count = image_dims[0];
  self->shape[0] = image_dims[1];
  self->shape[1] = image_dims[2];
  self->shape[2] = 1;

  uint64_t named = 0;
  if (api->cfg_get_len(cfg, "classes", &named) == PACER_OK && named > 0) {
    self->class_count = (uint32_t)named;
    self->class_names = calloc(named, sizeof *self->class_names);
    for (uint64_t i = 0; self->class_names != NULL && i < named; i++) {
      char key[32];
      const char *name = NULL;
      snprintf(key, sizeof key, "classes.%llu", (unsigned long long)i);
      if (api->cfg_get_str(cfg, key, &name) != PACER_OK) {
        destroy(self);
        return fail(api, err, PACER_E_INVALID_ARG, "IdxDataset: 'classes' must be a list of strings");
      }
      size_t bytes = strlen(name) + 1; /* the host's string lives only during create: copy it */
      self->class_names[i] = malloc(bytes);
      if (self->class_names[i] == NULL) {
        destroy(self);
        return fail(api, err, PACER_E_NO_MEMORY, "IdxDataset: out of memory");
      }
      memcpy(self->class_names[i], name, bytes);
    }
  } else {
    for (int64_t i = 0; i < self->count; i++)
      if (self->labels[i] + 1u > self->class_count) self->class_count = self->labels[i] + 1u;
  }
  *out_self = self;
  return PACER_OK;
}

/* [runner] The shape of the dataset, read once after create. */
static int64_t length(void *self) { return ((idx_dataset *)self)->count; }
static uint32_t class_count(void *self) { return ((idx_dataset *)self)->class_count; }
static const char *class_name(void *self_, uint32_t index) {
  idx_dataset *self = self_;
  return self->class_names != NULL && index < self->class_count ? self->class_names[index] : NULL;
}
static uint32_t field_count(void *self) {
  (void)self;
  return 2;
}

/* [runner] Field 0 is the image, field 1 the label. `name` and `shape`
 * must stay valid until destroy: a literal and the instance's own array. */
static pacer_status field_at(void *self_, uint32_t index, pacer_tensor *out) {
  idx_dataset *self = self_;
  if (index > 1) return PACER_E_NOT_FOUND;
  pacer_tensor field;
  memset(&field, 0, sizeof field);
  field.struct_size = sizeof field;
  field.name = index == 0 ? "img" : "gt_label";
  field.dtype = index == 0 ? PACER_DTYPE_U8 : PACER_DTYPE_I64;
  field.ndim = index == 0 ? 3 : 0;
  field.shape = index == 0 ? self->shape : NULL;
  field.numel = index == 0 ? (uint64_t)(self->shape[0] * self->shape[1]) : 1;
  /* The host set out->struct_size: write no more than that. */
  size_t size = out->struct_size < sizeof field ? out->struct_size : sizeof field;
  memcpy(out, &field, size);
  out->struct_size = (uint32_t)size;
  return PACER_OK;
}

/* [any-thread] Copies item `index` into the host's buffers. Reads only what
 * create wrote, so concurrent calls are safe. */
static pacer_status get_item(void *self_, int64_t index, const pacer_batch *item, pacer_error *err) {
  idx_dataset *self = self_;
  (void)err;
  size_t area = (size_t)(self->shape[0] * self->shape[1]);
  memcpy(pacer_batch_field(item, 0)->data, self->pixels + (size_t)index * area, area);
  *(int64_t *)pacer_batch_field(item, 1)->data = self->labels[index];
  return PACER_OK;
}

static const pacer_dataset_vtable idx_vtable = {
    .struct_size = sizeof(pacer_dataset_vtable),
    .flags = 0, /* get_item is thread-safe; PACER_DATASET_SERIAL otherwise */
    .length = length,
    .class_count = class_count,
    .class_name = class_name,
    .field_count = field_count,
    .field_at = field_at,
    .get_item = get_item,
};

/* The config keys this dataset accepts; a 1.1 host refuses any other key,
 * naming the closest of these, before create runs. */
static const pacer_option_desc images_option = {
    sizeof(pacer_option_desc), PACER_OPTION_STRING, "images", NULL, "the IDX file of images (N x H x W bytes)"};
static const pacer_option_desc labels_option = {
    sizeof(pacer_option_desc), PACER_OPTION_STRING, "labels", NULL, "the IDX file of labels (N bytes)"};
static const pacer_option_desc classes_option = {
    sizeof(pacer_option_desc), PACER_OPTION_LIST, "classes", "None", "class names; by default '0', '1', ..."};
static const pacer_option_desc num_samples_option = {
    sizeof(pacer_option_desc), PACER_OPTION_INT, "num_samples", "None", "keep only the first num_samples items"};
static const pacer_option_desc *const idx_options[] = {&images_option, &labels_option, &classes_option,
                                                       &num_samples_option};

static const pacer_plugin_desc idx_desc = {
    .struct_size = sizeof(pacer_plugin_desc),
    .kind = PACER_KIND_DATASET,
    .type_name = "IdxDataset", /* what configs write in type='...' */
    .version = "1.0.0",
    .description = "images and labels from IDX files (MNIST, Fashion-MNIST), gzipped or not",
    .default_priority = PACER_PRIORITY_NORMAL,
    .required_features = 0,
    .create = create,
    .destroy = destroy,
    .vtable = &idx_vtable,
    .option_count = sizeof idx_options / sizeof idx_options[0],
    .options = idx_options,
};

/* Defines and exports pacer_plugin_entry. No trailing semicolon. */
PACER_LIBRARY(&idx_desc)
