/*
 * pacer/model.h: the model vtable. A model plugin owns its parameters and
 * its forward and backward passes; the host owns the optimizer and updates
 * parameter data from the gradients the model filled. No autograd graph
 * crosses a C ABI, so the plugin that runs forward runs backward too.
 */
#ifndef PACER_MODEL_H
#define PACER_MODEL_H

#include "abi.h"
#include "tensor.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What a step returns. The caller sets struct_size; the model fills the
 *  rest. Other log variables (accuracy, loss terms) go through
 *  pacer_host_api.ctx_output_put during the step. */
typedef struct pacer_step_output {
  uint32_t struct_size;
  uint32_t reserved0;
  /** The batch's mean loss. */
  double loss;
  /** Samples in the batch: the weight of this step in logged averages. */
  int64_t num_samples;
} pacer_step_output;

/** Signature of train_step and val_step. `batch` is valid until return. */
typedef pacer_status (*pacer_step_fn)(void *self, pacer_ctx *ctx, const pacer_batch *batch,
                                      pacer_step_output *out, pacer_error *err);

/** The model vtable. Static storage in the plugin; the host copies it.
 *  Every function is [runner]. */
typedef struct pacer_model_vtable {
  /** sizeof(pacer_model_vtable) as known to the plugin. */
  uint32_t struct_size;
  uint32_t reserved0;
  /** Trainable parameters: F32 views with `data` and `grad` set. The
   *  pointers must stay valid until destroy. Required. */
  uint32_t (*param_count)(void *self);
  pacer_status (*param_at)(void *self, uint32_t index, pacer_tensor *out);
  /** State that is saved but not trained (running means); may be NULL. */
  uint32_t (*buffer_count)(void *self);
  pacer_status (*buffer_at)(void *self, uint32_t index, pacer_tensor *out);
  /** Forward and backward: overwrite every parameter's `grad` with the
   *  gradient of the batch's mean loss. Required. */
  pacer_step_fn train_step;
  /** Forward only; gradients untouched. Required. */
  pacer_step_fn val_step;
  /** Extra checkpoint state beyond parameters and buffers; may be NULL. */
  pacer_status (*save_state)(void *self, pacer_state_io *io, pacer_error *err);
  pacer_status (*load_state)(void *self, pacer_state_io *io, pacer_error *err);
} pacer_model_vtable;

#ifdef __cplusplus
}
#endif

#endif /* PACER_MODEL_H */
