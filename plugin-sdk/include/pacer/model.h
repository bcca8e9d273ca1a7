/*
 * pacer/model.h: the model vtable. A model plugin owns its parameters and
 * its forward and backward passes; the host owns the optimizer and updates
 * parameter data from the gradients the model filled. No autograd graph
 * crosses a C ABI, so the plugin that runs forward runs backward too.
 *
 * Every function is [runner]: called on the runner thread, never
 * concurrently for one instance. A failing step stores a message with
 * pacer_host_api.error_set(err, ...) and returns an error status; the run
 * then stops with one line naming the model, the mode and the message.
 */
#ifndef PACER_MODEL_H
#define PACER_MODEL_H

#include "abi.h"
#include "tensor.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What a step returns: an output struct, owned by the host (on its
 *  stack). The caller zeroes it and sets struct_size; the model fills the
 *  rest, touching only fields PACER_HAS_FIELD says the caller knows. Other
 *  log variables (accuracy, loss terms) go through
 *  pacer_host_api.ctx_output_put during the step. */
typedef struct pacer_step_output {
  /** sizeof(pacer_step_output) as known to the host. */
  uint32_t struct_size;
  /** Reserved: 0. */
  uint32_t reserved0;
  /** The batch's mean loss. */
  double loss;
  /** Samples in the batch: the weight of this step in logged averages. */
  int64_t num_samples;

  /* ---- ABI 1.1: write only when PACER_HAS_FIELD(out, pacer_step_output, score_count) ---- */

  /** Host-owned room for each sample's class scores in a val step, as
   *  mmcls's simple_test returns them (softmax probabilities for a
   *  classifier): num_samples rows of `score_capacity` floats, row-major.
   *  NULL when the host wants none (training, the evaluation hook): then
   *  write nothing. Valid until the step returns. */
  float *scores;
  /** Floats per sample that `scores` has room for. */
  int64_t score_capacity;
  /** Set by the model: floats it wrote per sample (its number of
   *  classes), or 0 when it wrote none (no room, or a model with no
   *  scores). `pacer test --out` needs it. */
  int64_t score_count;
} pacer_step_output;

/** Signature of train_step and val_step. `batch` (host-owned, read-only),
 *  `ctx`, `out` and `err` are valid until return. */
typedef pacer_status (*pacer_step_fn)(void *self, pacer_ctx *ctx, const pacer_batch *batch,
                                      pacer_step_output *out, pacer_error *err);

/** The model vtable. Static storage in the plugin, pointed to by
 *  pacer_plugin_desc.vtable; the host copies it once when the library is
 *  loaded. Every function is [runner]. */
typedef struct pacer_model_vtable {
  /** sizeof(pacer_model_vtable) as known to the plugin. */
  uint32_t struct_size;
  /** Reserved: 0, ignored by 1.x hosts. */
  uint32_t reserved0;
  /** Trainable parameters: count, and one view by index written into a
   *  host-owned pacer_tensor (the host sets struct_size; write at most that
   *  many bytes). Each view is F32 with `name`, `shape`, `data` and `grad`
   *  set. The model owns every pointer in the view, and they must stay
   *  valid, at the same addresses, until destroy: the host reads the views
   *  once after create and the optimizer writes `data` between steps.
   *  Required (never NULL). */
  uint32_t (*param_count)(void *self);
  pacer_status (*param_at)(void *self, uint32_t index, pacer_tensor *out);
  /** State that is saved but not trained (running means): like param_at,
   *  with `grad` NULL. May be NULL (no buffers). */
  uint32_t (*buffer_count)(void *self);
  pacer_status (*buffer_at)(void *self, uint32_t index, pacer_tensor *out);
  /** Forward and backward: overwrite every parameter's `grad` with the
   *  gradient of the batch's mean loss, and fill `out`. Required. */
  pacer_step_fn train_step;
  /** Forward only; gradients untouched. Fills `out`. Required. */
  pacer_step_fn val_step;
  /** Extra checkpoint state beyond parameters and buffers (which the host
   *  saves and restores itself); may be NULL. Same rules as the hook
   *  vtable's save_state/load_state. */
  pacer_status (*save_state)(void *self, pacer_state_io *io, pacer_error *err);
  pacer_status (*load_state)(void *self, pacer_state_io *io, pacer_error *err);
} pacer_model_vtable;

#ifdef __cplusplus
}
#endif

#endif /* PACER_MODEL_H */
