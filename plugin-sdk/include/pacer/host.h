/*
 * pacer/host.h: what the host offers a plugin. The host passes one
 * pacer_host_api to every create(); a plugin keeps the pointer, which stays
 * valid for the life of the process. No symbol is ever resolved from the
 * host executable.
 *
 * Thread tags used below:
 *   [runner]      call only on the runner thread, from inside a callback
 *                 that received the handle you pass.
 *   [any-thread]  callable from any thread at any time.
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
 *  `inner_iter` is the index within the current epoch or workflow flow. */
typedef struct pacer_ctx_info {
  /** Set by the caller to sizeof(its pacer_ctx_info); the host fills at
   *  most that many bytes. */
  uint32_t struct_size;
  /** PACER_MODE_*: the mode the runner is in. */
  uint32_t mode;
  int64_t epoch;
  int64_t iter;
  int64_t inner_iter;
  /** 0 when the runner is iteration-based and has no epoch budget. */
  int64_t max_epochs;
  int64_t max_iters;
  /** Length of the current data loader (batches per epoch), 0 before the
   *  first epoch starts. */
  int64_t iters_per_epoch;
} pacer_ctx_info;

/** The host's function table. Plugins check PACER_HAS_FIELD before calling
 *  a function added after ABI 1.0. Every function is non-NULL in a host of
 *  ABI 1.0 or later. */
typedef struct pacer_host_api {
  /** sizeof(pacer_host_api) as known to the host. */
  uint32_t struct_size;
  /** The host's PACER_ABI_MAJOR and PACER_ABI_MINOR. */
  uint32_t abi_major;
  uint32_t abi_minor;
  uint32_t reserved0;
  /** "pacer" and its version, for diagnostics. Static. */
  const char *host_name;
  const char *host_version;

  /* ---- diagnostics ---------------------------------------------------- */

  /** [any-thread] Writes one line to the runner's log. The host copies
   *  `utf8_message`. */
  void (*log)(int32_t level, const char *utf8_message);
  /** [any-thread] Stores an error message in `err`, the slot the host gave
   *  to the failing call. The host copies the text; the last call wins. A
   *  callee that fails returns its status after calling this. */
  void (*error_set)(pacer_error *err, pacer_status code, const char *utf8_message);

  /* ---- the runner (a pacer_ctx is valid during the call it came with) -- */

  /** [runner] Fills `inout` (whose struct_size the caller sets). */
  pacer_status (*ctx_get_info)(const pacer_ctx *ctx, pacer_ctx_info *inout);
  /** [runner] Name of the current workflow mode ("train", "val", or a
   *  custom one). Valid during the call. */
  const char *(*ctx_mode_name)(const pacer_ctx *ctx);
  /** [runner] Absolute path of the work directory, and the run's timestamp
   *  (YYYYmmdd_HHMMSS, which names the log files). Valid for the run. */
  const char *(*ctx_work_dir)(const pacer_ctx *ctx);
  const char *(*ctx_timestamp)(const pacer_ctx *ctx);
  /** [runner] Number of optimizer parameter groups (0 without optimizer)
   *  and the current learning rate and momentum of one group. Momentum is
   *  the group's momentum, or beta1 for Adam-style optimizers, or 0. */
  uint32_t (*ctx_group_count)(const pacer_ctx *ctx);
  double (*ctx_lr)(const pacer_ctx *ctx, uint32_t group);
  double (*ctx_momentum)(const pacer_ctx *ctx, uint32_t group);
  /** [runner] Outputs of the last train or val step: "loss" and every
   *  variable the model reported. PACER_E_NOT_FOUND if absent. */
  pacer_status (*ctx_output_get)(const pacer_ctx *ctx, const char *key, double *out_value);
  /** [runner] From inside train_step/val_step: report a log variable of
   *  this step (accuracy, a loss term). The host copies the key. */
  pacer_status (*ctx_output_put)(pacer_ctx *ctx, const char *key, double value);
  /** [runner] Number of samples of the last step. */
  int64_t (*ctx_output_samples)(const pacer_ctx *ctx);

  /* ---- the log buffer (MMCV's LogBuffer) ------------------------------ */

  /** [runner] Appends `value` with weight `count` to the history of `key`. */
  pacer_status (*log_update)(pacer_ctx *ctx, const char *key, double value, int64_t count);
  /** [runner] Averages the last `n` entries of every history (all when
   *  n <= 0), weighted by count, into the output, and marks it ready. */
  void (*log_average)(pacer_ctx *ctx, int64_t n);
  /** [runner] 1 when the output holds averages not yet cleared, else 0. */
  int32_t (*log_ready)(const pacer_ctx *ctx);
  /** [runner] The averaged output: count, and key/value by index in first
   *  insertion order. The key stays valid until the output is cleared. */
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
   *  model's order. Every pointer in the view (name, shape, data, grad)
   *  stays valid for the run. */
  uint32_t (*ctx_param_count)(const pacer_ctx *ctx);
  pacer_status (*ctx_param_at)(const pacer_ctx *ctx, uint32_t index, pacer_tensor *out);

  /** [runner] Asks the runner to stop cleanly after the current iteration
   *  (early stopping). The host copies `utf8_reason`. */
  void (*ctx_request_stop)(pacer_ctx *ctx, const char *utf8_reason);

  /* ---- configuration (a pacer_config is valid during create only) ----- */

  /** Keys are dotted paths into the plugin's config dict: "momentum",
   *  "hidden.1" (index 1 of the list `hidden`). Getters return
   *  PACER_E_NOT_FOUND for a missing key (or a null value, MMCV's None)
   *  and PACER_E_INVALID_ARG for a value of another type. An int also
   *  reads as a double; a bool never reads as an int. */
  int32_t (*cfg_has)(const pacer_config *cfg, const char *key);
  pacer_status (*cfg_get_i64)(const pacer_config *cfg, const char *key, int64_t *out);
  pacer_status (*cfg_get_f64)(const pacer_config *cfg, const char *key, double *out);
  pacer_status (*cfg_get_bool)(const pacer_config *cfg, const char *key, int32_t *out);
  /** The string stays valid during create; copy what you keep. */
  pacer_status (*cfg_get_str)(const pacer_config *cfg, const char *key, const char **out_utf8);
  /** Element count of a list value. */
  pacer_status (*cfg_get_len)(const pacer_config *cfg, const char *key, uint64_t *out);
  /** The whole plugin config as JSON text, valid during create. */
  const char *(*cfg_json)(const pacer_config *cfg);

  /* ---- checkpoint state (a pacer_state_io is valid during save/load) -- */

  /** [runner] Inside save_state: stores a tensor or a byte blob under
   *  `key`. The host copies the bytes before returning. Keys are scoped to
   *  the plugin instance. */
  pacer_status (*state_put_tensor)(pacer_state_io *io, const char *key, const pacer_tensor *t);
  pacer_status (*state_put_bytes)(pacer_state_io *io, const char *key, const void *bytes, uint64_t size);
  /** [runner] Inside load_state: reads what save_state stored.
   *  PACER_E_NOT_FOUND when the checkpoint lacks the key; a plugin must
   *  then keep its defaults (a checkpoint written before it was added).
   *  The memory is valid until load_state returns. */
  pacer_status (*state_get_tensor)(pacer_state_io *io, const char *key, pacer_tensor *out);
  pacer_status (*state_get_bytes)(pacer_state_io *io, const char *key, const void **out_bytes, uint64_t *out_size);
  /** [runner] Inside load_state: the keys this instance saved, in the
   *  order they were put. The key stays valid until load_state returns. */
  uint32_t (*state_key_count)(pacer_state_io *io);
  const char *(*state_key_at)(pacer_state_io *io, uint32_t index);
} pacer_host_api;

#ifdef __cplusplus
}
#endif

#endif /* PACER_HOST_H */
