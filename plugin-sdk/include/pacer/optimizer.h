/*
 * pacer/optimizer.h (ABI 1.1): an optimizer plugin, the kind a config names
 * in `optimizer = dict(type='Lion', lr=1e-4, betas=(0.9, 0.99))`.
 *
 * The host builds the parameter groups (MMCV's DefaultOptimizerConstructor,
 * `paramwise_cfg` included) from the config's `lr`, `weight_decay` and
 * momentum (`momentum`, else the first of `betas`, else 0); LR and momentum
 * updater hooks change them between steps. The plugin keeps whatever
 * per-parameter state it needs (moment estimates) and saves it through
 * save_state. Every call is [runner], never concurrent for one instance.
 */
#ifndef PACER_OPTIMIZER_H
#define PACER_OPTIMIZER_H

#include "abi.h"
#include "tensor.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What one step() sees: the parameters with their gradients and every
 *  group's current hyper-parameters. Host-owned and read-only for the
 *  plugin, valid until step() returns. The host builds it once and reuses
 *  it, so the pointers stay the same from step to step (a plugin may key
 *  its state by parameter index, never by these addresses). */
typedef struct pacer_optimizer_step {
  /** sizeof(pacer_optimizer_step) as known to the host. */
  uint32_t struct_size;
  /** Number of trainable parameters, in the model's order. */
  uint32_t param_count;
  /** Bytes from one entry of `params` to the next (the host's
   *  sizeof(pacer_tensor)); use pacer_optimizer_param to index. */
  uint32_t param_stride;
  /** Number of parameter groups (>= 1). */
  uint32_t group_count;
  /** The parameters: F32 views whose `data` the plugin updates in place
   *  and whose `grad` (read-only) holds the gradient of the last train
   *  step, already averaged, accumulated or clipped by the optimizer hook. */
  const pacer_tensor *params;
  /** `param_count` entries: the group of each parameter (< group_count). */
  const uint32_t *param_group;
  /** `group_count` entries each: the group's current learning rate,
   *  momentum (or beta1) and weight decay. */
  const double *lr;
  const double *momentum;
  const double *weight_decay;
  /** The number of this step: 1 for the first step of a run, counting on
   *  across a resume (the host saves and restores it). */
  int64_t step;
} pacer_optimizer_step;

/** Parameter `index` of `args` (index < param_count). */
static inline const pacer_tensor *pacer_optimizer_param(const pacer_optimizer_step *args, uint32_t index) {
  return (const pacer_tensor *)(const void *)((const char *)args->params +
                                              (size_t)index * args->param_stride);
}

/** The optimizer vtable. Static storage in the plugin, pointed to by
 *  pacer_plugin_desc.vtable; the host copies it once when the library is
 *  loaded. Every function is [runner]. */
typedef struct pacer_optimizer_vtable {
  /** sizeof(pacer_optimizer_vtable) as known to the plugin. */
  uint32_t struct_size;
  /** Reserved: 0, ignored by 1.x hosts. */
  uint32_t reserved0;
  /** Updates every parameter's `data` from its `grad` once. Called by the
   *  optimizer hook after each (cumulative) train iteration; on an error
   *  the run stops with the plugin's message. Required (never NULL). */
  pacer_status (*step)(void *self, const pacer_optimizer_step *args, pacer_error *err);
  /** The plugin's state (moment estimates), written to and read from the
   *  checkpoint under "optimizer.<key>" with pacer_host_api.state_*; may
   *  be NULL (no state). load_state runs on resume, before the first
   *  step, and must tolerate missing keys. The host itself saves the step
   *  count and every group's lr and momentum. */
  pacer_status (*save_state)(void *self, pacer_state_io *io, pacer_error *err);
  pacer_status (*load_state)(void *self, pacer_state_io *io, pacer_error *err);
} pacer_optimizer_vtable;

#ifdef __cplusplus
}
#endif

#endif /* PACER_OPTIMIZER_H */
