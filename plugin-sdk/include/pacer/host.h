/*
 * pacer/host.h: what the host offers a plugin. The host passes one
 * pacer_host_api to every create(); a plugin keeps the pointer, which stays
 * valid for the life of the process (the table is static and never
 * changes). No symbol is ever resolved from the host executable: this
 * table is the host's whole surface.
 *
 * Thread tags (see abi.h):
 *   [runner]      call only on the runner thread, from inside a callback
 *                 that received the handle you pass.
 *   [any-thread]  callable from any thread at any time.
 *
 * Handles: a pacer_ctx, pacer_config, pacer_state_io or pacer_error is
 * valid only during the call that received it. Passing NULL, or a handle
 * from another call, to a function that takes one is a plugin bug; the
 * host answers NULL handles with PACER_E_INVALID_ARG (or 0, NULL, "" for
 * functions that return a value) rather than crashing.
 *
 * Strings: every `const char *` a plugin passes in is UTF-8, NUL-terminated
 * and copied by the host before the function returns, so the plugin may
 * free or reuse it right after. Every string the host returns is owned by
 * the host and valid for the period documented on the function; copy what
 * you keep longer.
 */
#ifndef PACER_HOST_H
#define PACER_HOST_H

#include "abi.h"
#include "tensor.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The runner's counters, filled by ctx_get_info. Values follow MMCV 1.x
 *  exactly: counters are 0-based, `iter` counts finished train iterations
 *  and grows after after_train_iter, `epoch` counts finished train epochs
 *  (EpochBasedRunner) or wrap-arounds of the train loader (IterBasedRunner),
 *  `inner_iter` is the index within the current epoch or workflow flow.
 *  MMCV's every_n_iters(n) is ((iter + 1) % n == 0) inside after_train_iter;
 *  end_of_epoch is (inner_iter + 1 == iters_per_epoch).
 *
 *  An output struct: the plugin owns it (usually on its stack), zeroes it,
 *  sets struct_size, and the host fills the rest. */
typedef struct pacer_ctx_info {
  /** Set by the caller to sizeof(its pacer_ctx_info); the host fills at
   *  most that many bytes and sets it to the number it filled. */
  uint32_t struct_size;
  /** PACER_MODE_*: the mode the runner is in (NONE during before_run). */
  uint32_t mode;
  /** Finished train epochs (see above). */
  int64_t epoch;
  /** Finished train iterations (see above). */
  int64_t iter;
  /** Index of the current iteration within its epoch or flow. */
  int64_t inner_iter;
  /** The epoch budget; 0 when the runner is iteration-based and has no
   *  epoch budget. */
  int64_t max_epochs;
  /** The iteration budget (for an EpochBasedRunner, max_epochs times the
   *  train loader's length). */
  int64_t max_iters;
  /** Length of the current data loader (batches per epoch), 0 before the
   *  first epoch starts. */
  int64_t iters_per_epoch;
} pacer_ctx_info;

/** The host's function table. Host-owned and read-only: static for the
 *  life of the process, so a plugin may keep the pointer from create() and
 *  use it until destroy(). Plugins check PACER_HAS_FIELD before calling a
 *  function added after ABI 1.0. Every function is non-NULL in a host of
 *  ABI 1.0 or later; functions are only appended. */
typedef struct pacer_host_api {
  /** sizeof(pacer_host_api) as known to the host. */
  uint32_t struct_size;
  /** The host's PACER_ABI_MAJOR and PACER_ABI_MINOR. The major always
   *  equals the plugin's (the host refused the library otherwise). */
  uint32_t abi_major;
  uint32_t abi_minor;
  /** Reserved: 0. */
  uint32_t reserved0;
  /** "pacer" and its version ("1.0.0"), for diagnostics. Host-owned,
   *  static, never NULL. */
  const char *host_name;
  const char *host_version;

  /* ---- diagnostics ---------------------------------------------------- */

  /** [any-thread] Writes one line, prefixed with the level, to the
   *  runner's standard error. `level` is PACER_LOG_*. The host copies
   *  `utf8_message` (NULL logs an empty line). Lines from several threads
   *  never interleave mid-line. */
  void (*log)(int32_t level, const char *utf8_message);
  /** [any-thread] Stores an error message in `err`, the slot the host gave
   *  to the failing call. The host copies the text; the last call wins.
   *  A callee that fails calls this and then returns its error status;
   *  `code` should be that status (the host reports the returned one).
   *  Callable from a worker thread of the plugin only while the call that
   *  received `err` is still running. NULL `err` is ignored. */
  void (*error_set)(pacer_error *err, pacer_status code, const char *utf8_message);

  /* ---- the runner (a pacer_ctx is valid during the call it came with) -- */

  /** [runner] Fills `inout`, whose struct_size the caller sets (see
   *  pacer_ctx_info). PACER_E_INVALID_ARG for a NULL argument,
   *  PACER_E_ABI when struct_size is below 4. */
  pacer_status (*ctx_get_info)(const pacer_ctx *ctx, pacer_ctx_info *inout);
  /** [runner] Name of the current workflow mode ("train", "val", or a
   *  custom one; "" before the first flow). Host-owned, valid until the
   *  callback returns. */
  const char *(*ctx_mode_name)(const pacer_ctx *ctx);
  /** [runner] Absolute path of the work directory, and the run's timestamp
   *  (YYYYmmdd_HHMMSS, which names the log files). Host-owned, valid for
   *  the run. */
  const char *(*ctx_work_dir)(const pacer_ctx *ctx);
  const char *(*ctx_timestamp)(const pacer_ctx *ctx);
  /** [runner] Number of optimizer parameter groups (0 without optimizer)
   *  and the current learning rate and momentum of one group. Momentum is
   *  the group's momentum, or beta1 for Adam-style optimizers, or 0. A
   *  group index past the end reads as 0. */
  uint32_t (*ctx_group_count)(const pacer_ctx *ctx);
  double (*ctx_lr)(const pacer_ctx *ctx, uint32_t group);
  double (*ctx_momentum)(const pacer_ctx *ctx, uint32_t group);
  /** [runner] Outputs of the last train or val step: "loss" and every
   *  variable the model reported. Stores the value in *out_value;
   *  PACER_E_NOT_FOUND if absent (before the first step, or a key the
   *  model never reported). */
  pacer_status (*ctx_output_get)(const pacer_ctx *ctx, const char *key, double *out_value);
  /** [runner] From inside train_step/val_step: report a log variable of
   *  this step (accuracy, a loss term). The host copies the key; a second
   *  put of a key replaces the value. */
  pacer_status (*ctx_output_put)(pacer_ctx *ctx, const char *key, double value);
  /** [runner] Number of samples of the last step (0 before the first). */
  int64_t (*ctx_output_samples)(const pacer_ctx *ctx);

  /* ---- the log buffer (MMCV's LogBuffer) ------------------------------ */

  /** [runner] Appends `value` with weight `count` to the history of `key`
   *  (MMCV's log_buffer.update({key: value}, count)). The host copies the
   *  key. */
  pacer_status (*log_update)(pacer_ctx *ctx, const char *key, double value, int64_t count);
  /** [runner] Averages the last `n` entries of every history (all when
   *  n <= 0), weighted by count, into the output, and marks it ready. */
  void (*log_average)(pacer_ctx *ctx, int64_t n);
  /** [runner] 1 when the output holds averages not yet cleared, else 0. */
  int32_t (*log_ready)(const pacer_ctx *ctx);
  /** [runner] The averaged output: count, and key/value by index in first
   *  insertion order. PACER_E_NOT_FOUND past the end; either out pointer
   *  may be NULL. The key is host-owned and stays valid until the output
   *  is cleared. */
  uint32_t (*log_output_count)(const pacer_ctx *ctx);
  pacer_status (*log_output_at)(const pacer_ctx *ctx, uint32_t index,
                                const char **out_key, double *out_value);
  /** [runner] Sets one output value directly (a logger adding "time"). */
  pacer_status (*log_output_put)(pacer_ctx *ctx, const char *key, double value);
  /** [runner] Clears the averaged output (MMCV's clear_output). */
  void (*log_clear_output)(pacer_ctx *ctx);
  /** [runner] Clears histories and output (MMCV's clear). */
  void (*log_clear)(pacer_ctx *ctx);

  /* ---- model parameters ---------------------------------------------- */

  /** [runner] The model's trainable parameters as mutable views, in the
   *  model's order: count, and one view by index into a caller-owned
   *  pacer_tensor whose struct_size the caller sets (PACER_E_NOT_FOUND
   *  past the end, PACER_E_ABI for a struct_size below the 1.0 size).
   *  Every pointer in the view (name, shape, data, grad) is owned by the
   *  host or the model and stays valid for the run, so a hook may keep
   *  them from before_run to after_run. A hook may write `data` (an EMA
   *  swap); it must not free anything. */
  uint32_t (*ctx_param_count)(const pacer_ctx *ctx);
  pacer_status (*ctx_param_at)(const pacer_ctx *ctx, uint32_t index, pacer_tensor *out);

  /** [runner] Asks the runner to stop cleanly after the current iteration
   *  (early stopping): after_run hooks still run and the run ends with
   *  exit status 0. The host copies `utf8_reason` and shows it. */
  void (*ctx_request_stop)(pacer_ctx *ctx, const char *utf8_reason);

  /* ---- configuration (a pacer_config is valid during create only) ----- */

  /** [runner, inside create] Keys are dotted paths into the plugin's
   *  config dict: "momentum", "hidden.1" (index 1 of the list `hidden`).
   *  cfg_has returns 1 when the key holds a non-null value, else 0.
   *  Getters store into *out and return PACER_OK; PACER_E_NOT_FOUND for a
   *  missing key (or a null value, MMCV's None), leaving *out untouched,
   *  so a plugin may pre-set its default; PACER_E_INVALID_ARG for a value
   *  of another type. An int also reads as a double; a bool never reads as
   *  an int; a bool reads as 0 or 1. */
  int32_t (*cfg_has)(const pacer_config *cfg, const char *key);
  pacer_status (*cfg_get_i64)(const pacer_config *cfg, const char *key, int64_t *out);
  pacer_status (*cfg_get_f64)(const pacer_config *cfg, const char *key, double *out);
  pacer_status (*cfg_get_bool)(const pacer_config *cfg, const char *key, int32_t *out);
  /** The string is host-owned and stays valid during create; copy what
   *  you keep. */
  pacer_status (*cfg_get_str)(const pacer_config *cfg, const char *key, const char **out_utf8);
  /** Element count of a list or tuple value. */
  pacer_status (*cfg_get_len)(const pacer_config *cfg, const char *key, uint64_t *out);
  /** The whole plugin config dict (including "type") as JSON text,
   *  host-owned, valid during create; NULL for a NULL handle. */
  const char *(*cfg_json)(const pacer_config *cfg);

  /* ---- checkpoint state (a pacer_state_io is valid during save/load) -- */

  /** [runner, inside save_state] Stores a tensor or a byte blob under
   *  `key` (UTF-8, any characters). The host copies the key, the shape and
   *  the `numel` elements of `data` before returning; the tensor's name
   *  and grad are ignored. A second put of a key replaces the first. Keys
   *  are scoped to the instance: the checkpoint stores them under
   *  "hooks.<type_name>.<key>" for the first hook of a type and
   *  "hooks.<type_name>#<n>.<key>" for the n-th. */
  pacer_status (*state_put_tensor)(pacer_state_io *io, const char *key, const pacer_tensor *t);
  pacer_status (*state_put_bytes)(pacer_state_io *io, const char *key, const void *bytes, uint64_t size);
  /** [runner, inside load_state] Reads what save_state stored.
   *  PACER_E_NOT_FOUND when the checkpoint lacks the key; a plugin must
   *  then keep its defaults (a checkpoint written before it was added).
   *  state_get_tensor fills a caller-owned view (struct_size set by the
   *  caller, as for ctx_param_at); a blob stored with state_put_bytes reads
   *  back as a U8 tensor of one dimension. The memory is host-owned,
   *  read-only, and valid until load_state returns. */
  pacer_status (*state_get_tensor)(pacer_state_io *io, const char *key, pacer_tensor *out);
  pacer_status (*state_get_bytes)(pacer_state_io *io, const char *key, const void **out_bytes, uint64_t *out_size);
  /** [runner, inside load_state] The keys this plugin saved, in the
   *  checkpoint's order. The key is host-owned and stays valid until
   *  load_state returns; NULL past the end. */
  uint32_t (*state_key_count)(pacer_state_io *io);
  const char *(*state_key_at)(pacer_state_io *io, uint32_t index);

  /* ---- ABI 1.1: test PACER_HAS_FIELD(api, pacer_host_api, f) first ---- */

  /** [runner] Sets the current learning rate or momentum (beta1 for
   *  Adam-style optimizers) of one parameter group: what an LR or momentum
   *  updater plugin does in before_train_epoch / before_train_iter. The
   *  optimizer uses the new value from its next step. PACER_E_NOT_FOUND
   *  for a group past the end (or no optimizer), PACER_E_INVALID_ARG for a
   *  negative or non-finite value. */
  pacer_status (*ctx_set_lr)(pacer_ctx *ctx, uint32_t group, double lr);
  pacer_status (*ctx_set_momentum)(pacer_ctx *ctx, uint32_t group, double momentum);
  /** [runner] The learning rate group `group` started with (MMCV's
   *  `initial_lr`, what schedules scale); 0 past the end. */
  double (*ctx_initial_lr)(const pacer_ctx *ctx, uint32_t group);
  /** [runner, in after_train_iter] Steps the runner's optimizer once on
   *  the gradients the model's train step left in every parameter's
   *  `grad` (readable and writable through ctx_param_at, e.g. to clip
   *  them first): what an optimizer hook plugin calls. On failure the host
   *  stores the optimizer's message in `err`, the slot the calling hook
   *  received, and returns its status, which the hook returns in turn.
   *  PACER_E_STATE outside a train iteration or without an optimizer. */
  pacer_status (*ctx_optimizer_step)(pacer_ctx *ctx, pacer_error *err);
  /** [runner] This process's rank and the number of processes in the
   *  run: 0 and 1 for a run without a launcher, else what the
   *  communication backend reported when the job was joined (the same
   *  for the whole run). Every rank runs every hook; a hook that writes
   *  files or prints does so when *out_rank is 0, as MMCV's
   *  @master_only does. Either pointer may be NULL (not wanted);
   *  PACER_E_INVALID_ARG for a NULL ctx. */
  pacer_status (*ctx_dist_info)(const pacer_ctx *ctx, int32_t *out_rank, int32_t *out_world_size);
  /** [any-thread] Writes `utf8_line` and a newline to the runner's
   *  standard output through the host's console, as the host writes its
   *  own lines: whole, in order with them, and above the status line (a
   *  progress bar) the host may be drawing on a terminal. Unlike `log` it
   *  adds no level prefix, goes to standard output, and is not copied into
   *  the work dir's `.log` (a logger that wants the line there writes it
   *  itself, as TextLoggerHook does). The host copies the text; NULL
   *  prints an empty line. What a logger plugin prints its lines with. */
  void (*console_print)(const char *utf8_line);
} pacer_host_api;

#ifdef __cplusplus
}
#endif

#endif /* PACER_HOST_H */
