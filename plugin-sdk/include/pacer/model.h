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
 *
 * The batch. Each step receives a host-owned pacer_batch (tensor.h says
 * every field): "img", F32 [N, C, H, W] images (or [N, F] table rows),
 * pixels scaled to [0, 1] by the plain datasets and left as the pipeline
 * leaves them (0-255, or Normalize's (x - mean) / std) when the config has
 * a pipeline; and "gt_label", I64 [N] class indices. Valid until the step
 * returns; copy what you keep.
 *
 * The seed: config key `init_seed`. Before create, the host sets `init_seed`
 * in the model's config dict to the run's seed (the config's top-level
 * `seed`, default 0; `pacer train --seed S` overrides it), unless the
 * model dict sets `init_seed` itself, which then wins. Every rank of a
 * distributed run gets the same value (nothing is derived per rank), and
 * the host broadcasts rank 0's parameters and buffers to the others before
 * the first step anyway. A Swift program that builds a model without a
 * training session passes no `init_seed`: default it to 0. The host accepts
 * the key for every model plugin, declared or not, and never refuses it
 * as unread; declare it anyway (PACER_OPTION_INT, default "0") so
 * `pacer plugins show` lists it. To be reproducible, a model:
 *  - reads it in create with cfg_get_i64 and draws every initial value
 *    (weights, biases) from its own generator seeded with it and nothing
 *    else: never time, addresses, rand()'s global state, the thread
 *    count or the order of other plugins' calls;
 *  - draws any randomness during training (dropout masks) from a stream
 *    also seeded from it, whose position is derived from the host's
 *    counters (ctx_get_info's iter) or kept in a buffer, so that a resumed
 *    run draws what the uninterrupted one did (see save_state below for
 *    why not there). Mix in the rank (ABI 1.1 ctx_dist_info) if ranks
 *    must draw different masks;
 *  - computes the same floats for the same inputs (a fixed summation
 *    order): then the same config, seed, build and machine give
 *    bit-identical weights, and a resumed run ends bit-identical to an
 *    uninterrupted one, which is what Pacer's resume tests check.
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

/** Signature of train_step and val_step. `batch` (host-owned, read-only:
 *  its fields, layouts and scaling are documented at pacer_batch in
 *  tensor.h), `ctx`, `out` and `err` are host-owned and valid until
 *  return. `ctx` serves the [runner] host functions (ctx_get_info,
 *  ctx_output_put for the step's log variables, ctx_dist_info); the model
 *  keeps no pointer from any of them. */
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
   *  many bytes, then set struct_size to what you wrote). Each view is F32
   *  with `name` (unique among parameters and buffers; mmcls's state_dict
   *  key, "fc1.weight", which names the tensor in checkpoints as
   *  "state_dict.<name>"), `ndim`, `shape` (PyTorch's layout: a Linear
   *  weight is [out, in]), `numel`, `data` and `grad` (same size) set. The
   *  model owns every pointer in the view, and they must stay valid, at the
   *  same addresses, until destroy: the host reads the views once after
   *  create (copying name and shape) and the optimizer writes `data`
   *  between steps; on resume and load_from the host writes the saved
   *  values into `data` before the first step. The count and order must
   *  not change after create. Required (never NULL). */
  uint32_t (*param_count)(void *self);
  pacer_status (*param_at)(void *self, uint32_t index, pacer_tensor *out);
  /** State that is saved but not trained (running means): like param_at,
   *  with `grad` NULL; the model updates `data` itself during train steps
   *  and the host saves and restores it with the parameters. May be NULL
   *  (no buffers). */
  uint32_t (*buffer_count)(void *self);
  pacer_status (*buffer_at)(void *self, uint32_t index, pacer_tensor *out);
  /** Forward and backward: overwrite every parameter's `grad` with the
   *  gradient of the batch's mean loss (never accumulate: the host's
   *  optimizer hook accumulates when configured to), and fill `out`
   *  (loss, num_samples = N). Required. */
  pacer_step_fn train_step;
  /** Forward only, in evaluation behaviour (no dropout, running
   *  statistics); gradients and buffers untouched. Fills `out` and, when
   *  the host gives room, the class scores (ABI 1.1). Required. */
  pacer_step_fn val_step;
  /** Extra checkpoint state beyond parameters and buffers (which the host
   *  saves and restores itself); may be NULL. Same rules as the hook
   *  vtable's save_state/load_state: the keys are stored under
   *  `model_state.` in every checkpoint; load_state runs on resume, after
   *  the parameters and buffers are restored (never for load_from, which
   *  loads weights only). */
  pacer_status (*save_state)(void *self, pacer_state_io *io, pacer_error *err);
  pacer_status (*load_state)(void *self, pacer_state_io *io, pacer_error *err);
} pacer_model_vtable;

#ifdef __cplusplus
}
#endif

#endif /* PACER_MODEL_H */
