/*
 * TensorboardLoggerHook: MMCV 1.x's TensorboardLoggerHook, writing
 * TensorBoard event files without TensorFlow or protobuf.
 *
 * When it logs (MMCV's LoggerHook rules, the same as TextLoggerHook's), it
 * writes one scalar event per tag of MMCV's LoggerHook.get_loggable_tags:
 *   "<mode>/<key>" for every averaged log-buffer output except "time" and
 *   "data_time" (MMCV's tags_to_skip) and "eval_iter_num" (a count the
 *   evaluation hook leaves for the text logger), where <mode> is "train"
 *   when the output holds "time" in train mode and "val" otherwise;
 *   "learning_rate" and "momentum" of the first parameter group.
 * The step is runner.iter + 1, as MMCV's get_iter(runner). The file is
 * flushed after each log, so a live `tensorboard --logdir` follows the run.
 *
 * The file: <log_dir>/events.out.tfevents.<10-digit unix time>.<hostname>,
 * a TFRecord stream (little-endian uint64 length, masked CRC32C of the
 * length, the bytes, masked CRC32C of the bytes) of tensorflow.Event
 * protobufs: the first holds file_version "brain.Event:2", every other a
 * Summary with one Value {tag, simple_value}. Only these fields are
 * written:
 *   Event   { double wall_time = 1; int64 step = 2; string file_version = 3;
 *             Summary summary = 5; }
 *   Summary { repeated Value value = 1; }
 *   Value   { string tag = 1; float simple_value = 2; }
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <pacer/pacer.h>

/* The registry name: in configs, and before every error message. */
#define TYPE_NAME "TensorboardLoggerHook"

typedef struct tb_logger {
  const pacer_host_api *api;
  int64_t interval;
  int32_t ignore_last, reset_flag, by_epoch;
  char *log_dir;   /* NULL: <work_dir>/tf_logs, chosen in before_run */
  int32_t writes;  /* this process writes: rank 0 of a distributed run (set in before_run) */
  char *path;      /* the event file, while open */
  FILE *file;
} tb_logger;

/* ------------------------------------------------------------------------
 * CRC32C (Castagnoli, reflected polynomial 0x82F63B78) and TFRecord's mask */

static uint32_t crc32c(const uint8_t *bytes, size_t size) {
  static uint32_t table[256];
  static int ready = 0;
  if (!ready) {
    for (uint32_t i = 0; i < 256; i++) {
      uint32_t c = i;
      for (int k = 0; k < 8; k++) c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
      table[i] = c;
    }
    ready = 1;
  }
  uint32_t crc = 0xFFFFFFFFu;
  for (size_t i = 0; i < size; i++) crc = table[(crc ^ bytes[i]) & 0xFF] ^ (crc >> 8);
  return crc ^ 0xFFFFFFFFu;
}

static uint32_t masked_crc(const uint8_t *bytes, size_t size) {
  const uint32_t crc = crc32c(bytes, size);
  return ((crc >> 15) | (crc << 17)) + 0xA282EAD8u;
}

/* ------------------------------------------------------------------------
 * Protobuf encoding of the few fields above, into a fixed buffer */

typedef struct buffer {
  uint8_t bytes[1024];
  size_t size;
  int overflow;
} buffer;

static void put_bytes(buffer *b, const void *bytes, size_t size) {
  if (b->overflow || size > sizeof b->bytes - b->size) {
    b->overflow = 1;
    return;
  }
  memcpy(b->bytes + b->size, bytes, size);
  b->size += size;
}

static void put_varint(buffer *b, uint64_t value) {
  uint8_t out[10];
  size_t n = 0;
  do {
    out[n] = (uint8_t)(value & 0x7F);
    value >>= 7;
    if (value != 0) out[n] |= 0x80;
    n++;
  } while (value != 0);
  put_bytes(b, out, n);
}

static void put_le(buffer *b, uint64_t value, size_t size) {
  uint8_t out[8];
  for (size_t i = 0; i < size; i++) out[i] = (uint8_t)(value >> (8 * i));
  put_bytes(b, out, size);
}

/* Field `number` of wire type 2 (length-delimited). */
static void put_field_bytes(buffer *b, uint32_t number, const void *bytes, size_t size) {
  put_varint(b, (uint64_t)number << 3 | 2);
  put_varint(b, size);
  put_bytes(b, bytes, size);
}

/* An Event with wall_time and step, then file_version or one scalar. */
static void encode_event(buffer *event, double wall_time, int64_t step, const char *file_version,
                         const char *tag, float value) {
  uint64_t bits;
  memcpy(&bits, &wall_time, sizeof bits);
  put_varint(event, 1 << 3 | 1);
  put_le(event, bits, 8);
  put_varint(event, 2 << 3 | 0);
  put_varint(event, (uint64_t)step);
  if (file_version != NULL) {
    put_field_bytes(event, 3, file_version, strlen(file_version));
    return;
  }
  buffer summary_value = {.size = 0}, summary = {.size = 0};
  uint32_t value_bits;
  memcpy(&value_bits, &value, sizeof value_bits);
  put_field_bytes(&summary_value, 1, tag, strlen(tag));
  put_varint(&summary_value, 2 << 3 | 5);
  put_le(&summary_value, value_bits, 4);
  put_field_bytes(&summary, 1, summary_value.bytes, summary_value.size);
  put_field_bytes(event, 5, summary.bytes, summary.size);
  event->overflow |= summary_value.overflow | summary.overflow;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Appends one TFRecord holding `data` to the open file. */
static pacer_status write_record(tb_logger *t, const buffer *data, pacer_error *err) {
  if (data->overflow) return pacer_fail(t->api, err, PACER_E_INVALID_ARG, TYPE_NAME, "a tag is too long for an event");
  buffer header = {.size = 0};
  put_le(&header, data->size, 8);
  put_le(&header, masked_crc(header.bytes, 8), 4);
  buffer footer = {.size = 0};
  put_le(&footer, masked_crc(data->bytes, data->size), 4);
  if (fwrite(header.bytes, 1, header.size, t->file) != header.size ||
      fwrite(data->bytes, 1, data->size, t->file) != data->size ||
      fwrite(footer.bytes, 1, footer.size, t->file) != footer.size)
    return pacer_fail(t->api, err, PACER_E_IO, TYPE_NAME, "cannot write %s: %s", t->path, strerror(errno));
  return PACER_OK;
}

static pacer_status write_scalar(tb_logger *t, const char *tag, double value, int64_t step, pacer_error *err) {
  buffer event = {.size = 0};
  encode_event(&event, now(), step, NULL, tag, (float)value);
  return write_record(t, &event, err);
}

/* ------------------------------------------------------------------------
 * Files */

/* mkdir -p: creates `path` and its missing parents. */
static int make_directories(char *path) {
  for (char *p = path + 1; *p != '\0'; p++) {
    if (*p != '/') continue;
    *p = '\0';
    int failed = mkdir(path, 0777) != 0 && errno != EEXIST;
    *p = '/';
    if (failed) return -1;
  }
  return mkdir(path, 0777) != 0 && errno != EEXIST ? -1 : 0;
}

static void close_file(tb_logger *t) {
  if (t->file != NULL) fclose(t->file);
  t->file = NULL;
  free(t->path);
  t->path = NULL;
}

/* ------------------------------------------------------------------------
 * Hook points (MMCV's LoggerHook) */

static pacer_status tb_before_run(void *self, pacer_ctx *ctx, pacer_error *err) {
  tb_logger *t = self;
  const pacer_host_api *api = t->api;
  close_file(t);
  /* ABI 1.1: every rank runs every hook, rank 0 alone writes (MMCV's
   * @master_only); a 1.0 host runs one process. */
  int32_t rank = 0;
  if (PACER_HAS_FIELD(api, pacer_host_api, ctx_dist_info) && api->ctx_dist_info != NULL)
    api->ctx_dist_info(ctx, &rank, NULL);
  t->writes = rank == 0;
  if (!t->writes) return PACER_OK;
  char dir[4096];
  int len = t->log_dir != NULL ? snprintf(dir, sizeof dir, "%s", t->log_dir)
                               : snprintf(dir, sizeof dir, "%s/tf_logs", api->ctx_work_dir(ctx));
  if (len < 0 || (size_t)len >= sizeof dir)
    return pacer_fail(api, err, PACER_E_INVALID_ARG, TYPE_NAME, "'log_dir' is too long");
  if (make_directories(dir) != 0)
    return pacer_fail(api, err, PACER_E_IO, TYPE_NAME, "cannot create log_dir %s: %s", dir, strerror(errno));

  char host[256] = "localhost";
  if (gethostname(host, sizeof host - 1) != 0) strcpy(host, "localhost");
  host[sizeof host - 1] = '\0';
  const double wall_time = now();
  char path[4608];
  len = snprintf(path, sizeof path, "%s/events.out.tfevents.%010lld.%s", dir, (long long)wall_time, host);
  if (len < 0 || (size_t)len >= sizeof path)
    return pacer_fail(api, err, PACER_E_INVALID_ARG, TYPE_NAME, "'log_dir' is too long");
  t->path = strdup(path);
  if (t->path == NULL) return pacer_fail(api, err, PACER_E_NO_MEMORY, TYPE_NAME, "out of memory");
  t->file = fopen(path, "ab");
  if (t->file == NULL) {
    pacer_status status = pacer_fail(api, err, PACER_E_IO, TYPE_NAME, "cannot open %s: %s", path, strerror(errno));
    close_file(t);
    return status;
  }
  buffer event = {.size = 0};
  encode_event(&event, wall_time, 0, "brain.Event:2", NULL, 0.0f);
  pacer_status status = write_record(t, &event, err);
  if (status == PACER_OK && fflush(t->file) != 0)
    status = pacer_fail(api, err, PACER_E_IO, TYPE_NAME, "cannot write %s: %s", t->path, strerror(errno));
  return status;
}

static pacer_status tb_after_run(void *self, pacer_ctx *ctx, pacer_error *err) {
  (void)ctx;
  tb_logger *t = self;
  int failed = t->file != NULL && fflush(t->file) != 0;
  if (failed) {
    pacer_status status = pacer_fail(t->api, err, PACER_E_IO, TYPE_NAME,
                                     "cannot write %s: %s", t->path, strerror(errno));
    close_file(t);
    return status;
  }
  close_file(t);
  return PACER_OK;
}

/* MMCV's before_epoch, reached from before_train_epoch and
 * before_val_epoch too: a new epoch starts a clean log buffer. */
static pacer_status tb_before_epoch(void *self, pacer_ctx *ctx, pacer_error *err) {
  (void)err;
  tb_logger *t = self;
  t->api->log_clear(ctx);
  return PACER_OK;
}

/* MMCV's TensorboardLoggerHook.log: every loggable tag at runner.iter + 1. */
static pacer_status tb_log(tb_logger *t, pacer_ctx *ctx, pacer_error *err) {
  const pacer_host_api *api = t->api;
  if (!t->writes) return PACER_OK;
  if (t->file == NULL)
    return pacer_fail(api, err, PACER_E_STATE, TYPE_NAME, "log before before_run: no event file is open");
  pacer_ctx_info info = {.struct_size = sizeof info};
  pacer_status status = api->ctx_get_info(ctx, &info);
  if (status != PACER_OK) return pacer_fail(api, err, status, TYPE_NAME, "cannot read the runner's counters");
  const int64_t step = info.iter + 1;

  const uint32_t count = api->log_output_count(ctx);
  const char *mode = api->ctx_mode_name(ctx);
  if (info.mode == PACER_MODE_TRAIN) {
    mode = "val";
    for (uint32_t i = 0; i < count; i++) {
      const char *key = NULL;
      if (api->log_output_at(ctx, i, &key, NULL) == PACER_OK && key != NULL && strcmp(key, "time") == 0)
        mode = "train";
    }
  } else if (info.mode == PACER_MODE_VAL) {
    mode = "val";
  }

  char tag[256];
  for (uint32_t i = 0; i < count; i++) {
    const char *key = NULL;
    double value = 0.0;
    if (api->log_output_at(ctx, i, &key, &value) != PACER_OK || key == NULL) continue;
    if (strcmp(key, "time") == 0 || strcmp(key, "data_time") == 0 || strcmp(key, "eval_iter_num") == 0) continue;
    int len = snprintf(tag, sizeof tag, "%s/%s", mode, key);
    if (len < 0 || (size_t)len >= sizeof tag)
      return pacer_fail(api, err, PACER_E_INVALID_ARG, TYPE_NAME, "tag '%s' is too long", key);
    status = write_scalar(t, tag, value, step, err);
    if (status != PACER_OK) return status;
  }
  if (api->ctx_group_count(ctx) > 0) {
    status = write_scalar(t, "learning_rate", api->ctx_lr(ctx, 0), step, err);
    if (status == PACER_OK) status = write_scalar(t, "momentum", api->ctx_momentum(ctx, 0), step, err);
    if (status != PACER_OK) return status;
  }
  if (fflush(t->file) != 0)
    return pacer_fail(api, err, PACER_E_IO, TYPE_NAME, "cannot write %s: %s", t->path, strerror(errno));
  return PACER_OK;
}

static pacer_status log_if_ready(tb_logger *t, pacer_ctx *ctx, pacer_error *err) {
  if (!t->api->log_ready(ctx)) return PACER_OK;
  pacer_status status = tb_log(t, ctx, err);
  if (status == PACER_OK && t->reset_flag) t->api->log_clear_output(ctx);
  return status;
}

static pacer_status tb_after_train_iter(void *self, pacer_ctx *ctx, pacer_error *err) {
  tb_logger *t = self;
  pacer_ctx_info info = {.struct_size = sizeof info};
  pacer_status status = t->api->ctx_get_info(ctx, &info);
  if (status != PACER_OK) return pacer_fail(t->api, err, status, TYPE_NAME, "cannot read the runner's counters");
  if (t->by_epoch && (info.inner_iter + 1) % t->interval == 0)
    t->api->log_average(ctx, t->interval);
  else if (!t->by_epoch && (info.iter + 1) % t->interval == 0)
    t->api->log_average(ctx, t->interval);
  else if (info.inner_iter + 1 == info.iters_per_epoch && !t->ignore_last)
    t->api->log_average(ctx, t->interval);
  return log_if_ready(t, ctx, err);
}

static pacer_status tb_after_train_epoch(void *self, pacer_ctx *ctx, pacer_error *err) {
  return log_if_ready(self, ctx, err);
}

static pacer_status tb_after_val_epoch(void *self, pacer_ctx *ctx, pacer_error *err) {
  tb_logger *t = self;
  t->api->log_average(ctx, 0);
  pacer_status status = tb_log(t, ctx, err);
  if (status == PACER_OK && t->reset_flag) t->api->log_clear_output(ctx);
  return status;
}

/* ------------------------------------------------------------------------
 * Life cycle */

static void tb_destroy(void *self) {
  tb_logger *t = self;
  close_file(t);
  free(t->log_dir);
  free(t);
}

/* Reads a boolean option, keeping *out when the key is absent. */
static pacer_status read_bool(const pacer_host_api *api, const pacer_config *cfg, const char *key, int32_t *out,
                              pacer_error *err) {
  pacer_status status = api->cfg_get_bool(cfg, key, out);
  if (status != PACER_OK && status != PACER_E_NOT_FOUND)
    return pacer_fail(api, err, PACER_E_INVALID_ARG, TYPE_NAME, "'%s' must be True or False", key);
  return PACER_OK;
}

static pacer_status tb_create(const pacer_plugin_desc *desc, const pacer_host_api *api, const pacer_config *cfg,
                              void **out_self, pacer_error *err) {
  (void)desc;
  int64_t interval = 10;
  pacer_status status = api->cfg_get_i64(cfg, "interval", &interval);
  if ((status != PACER_OK && status != PACER_E_NOT_FOUND) || interval < 1)
    return pacer_fail(api, err, PACER_E_INVALID_ARG, TYPE_NAME, "'interval' must be a positive integer");
  int32_t ignore_last = 1, reset_flag = 1, by_epoch = 1;
  if ((status = read_bool(api, cfg, "ignore_last", &ignore_last, err)) != PACER_OK) return status;
  if ((status = read_bool(api, cfg, "reset_flag", &reset_flag, err)) != PACER_OK) return status;
  if ((status = read_bool(api, cfg, "by_epoch", &by_epoch, err)) != PACER_OK) return status;
  const char *log_dir = NULL;
  status = api->cfg_get_str(cfg, "log_dir", &log_dir);
  if (status != PACER_OK && status != PACER_E_NOT_FOUND)
    return pacer_fail(api, err, PACER_E_INVALID_ARG, TYPE_NAME, "'log_dir' must be a string (a folder) or None");
  if (log_dir != NULL && log_dir[0] == '\0')
    return pacer_fail(api, err, PACER_E_INVALID_ARG, TYPE_NAME,
                      "'log_dir' is empty: give a folder, or None for work_dir/tf_logs");

  tb_logger *t = calloc(1, sizeof *t);
  if (t == NULL) return pacer_fail(api, err, PACER_E_NO_MEMORY, TYPE_NAME, "out of memory");
  t->api = api;
  t->writes = 1;
  t->interval = interval;
  t->ignore_last = ignore_last;
  t->reset_flag = reset_flag;
  t->by_epoch = by_epoch;
  if (log_dir != NULL && (t->log_dir = strdup(log_dir)) == NULL) {
    free(t);
    return pacer_fail(api, err, PACER_E_NO_MEMORY, TYPE_NAME, "out of memory");
  }
  *out_self = t;
  return PACER_OK;
}

/* ------------------------------------------------------------------------
 * Registration */

static const pacer_hook_vtable tb_vtable = {
    .struct_size = sizeof(pacer_hook_vtable),
    .before_run = tb_before_run,
    .after_run = tb_after_run,
    .before_epoch = tb_before_epoch,
    .before_train_epoch = tb_before_epoch,
    .before_val_epoch = tb_before_epoch,
    .after_train_iter = tb_after_train_iter,
    .after_train_epoch = tb_after_train_epoch,
    .after_val_epoch = tb_after_val_epoch,
};

/* The options (ABI 1.1): the host refuses any other key, and a value of
 * the wrong type, before tb_create runs. */
static const pacer_option_desc tb_interval = {
    sizeof(pacer_option_desc), PACER_OPTION_INT, "interval", "10",
    "log every this many train iterations (log_config.interval when not given)"};
static const pacer_option_desc tb_ignore_last = {
    sizeof(pacer_option_desc), PACER_OPTION_BOOL, "ignore_last", "True",
    "skip the partial interval at the end of an epoch"};
static const pacer_option_desc tb_reset_flag = {
    sizeof(pacer_option_desc), PACER_OPTION_BOOL, "reset_flag", "True",
    "clear the log buffer's output after logging (the host sets False on every logger but the last, as MMCV)"};
static const pacer_option_desc tb_by_epoch = {
    sizeof(pacer_option_desc), PACER_OPTION_BOOL, "by_epoch", "True",
    "count intervals within the epoch (False for an IterBasedRunner, which the host sets)"};
static const pacer_option_desc tb_log_dir = {
    sizeof(pacer_option_desc), PACER_OPTION_STRING, "log_dir", "None",
    "folder of the event file; None: <work_dir>/tf_logs"};
static const pacer_option_desc *const tb_options[] = {&tb_interval, &tb_ignore_last, &tb_reset_flag, &tb_by_epoch,
                                                      &tb_log_dir};

static const pacer_plugin_desc tb_desc = {
    .struct_size = sizeof(pacer_plugin_desc),
    .kind = PACER_KIND_HOOK,
    .type_name = TYPE_NAME, .version = "1.0.0",
    .description = "TensorBoard event files of the training scalars (MMCV 1.x TensorboardLoggerHook)",
    .default_priority = PACER_PRIORITY_VERY_LOW,
    .required_features = 0,
    .create = tb_create,
    .destroy = tb_destroy,
    .vtable = &tb_vtable,
    .option_count = sizeof tb_options / sizeof tb_options[0],
    .options = tb_options,
};

PACER_LIBRARY(&tb_desc)
