/*
 * pacer/tensor.h: borrowed views of dense, contiguous, row-major arrays,
 * and batches made of them.
 *
 * A view never transfers ownership: whoever fills it owns the memory
 * behind every pointer in it, and the other side uses the pointers only
 * for as long as the function that produced the view documents, and never
 * frees them.
 */
#ifndef PACER_TENSOR_H
#define PACER_TENSOR_H

#include "abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A borrowed view of a contiguous row-major array (a subset of DLPack's
 *  DLTensor). Whoever fills the view owns the memory behind it; the other
 *  side may use the pointers only for as long as the call's documentation
 *  says, and never frees them.
 *
 *  Filled by the other side (an output struct): param_at, buffer_at,
 *  ctx_param_at and state_get_tensor. The caller zeroes the view and sets
 *  `struct_size` to its sizeof(pacer_tensor); the callee writes at most
 *  that many bytes, then sets `struct_size` to what it wrote. A caller
 *  whose struct_size is below the 1.0 size gets PACER_E_ABI.
 *
 *  Filled by the caller (an input): state_put_tensor, batch fields. */
typedef struct pacer_tensor {
  /** sizeof(pacer_tensor) as known to the writer. */
  uint32_t struct_size;
  /** PACER_DTYPE_*. Parameters and gradients are always PACER_DTYPE_F32. */
  uint32_t dtype;
  /** UTF-8, NUL-terminated name, unique within its list ("fc1.weight",
   *  "img"). Owned by the writer. Never NULL in a view the host hands out;
   *  ignored by state_put_tensor (the key names the entry). */
  const char *name;
  /** Number of dimensions, >= 0; 0 for a scalar. */
  int32_t ndim;
  /** Reserved: written as 0, ignored by 1.x readers. */
  uint32_t reserved0;
  /** `ndim` extents, each >= 0, owned by the writer; NULL when ndim is 0. */
  const int64_t *shape;
  /** Element count: the product of `shape` (1 for a scalar). */
  uint64_t numel;
  /** The elements, `numel` of them, contiguous, row-major, suitably
   *  aligned for `dtype`. Owned by the writer. For parameters the host may
   *  write here (the optimizer step, an EMA swap); for every other view
   *  the reader treats the memory as read-only. */
  void *data;
  /** The gradient, same shape and dtype as `data`, or NULL when the tensor
   *  is not trained (batch fields, buffers, checkpoint state). */
  void *grad;
} pacer_tensor;

/** One batch handed to a model step: named fields such as "img" (F32,
 *  [N, 1, 28, 28]) and "gt_label" (I64, [N]). Host-owned, read-only for the
 *  plugin; the batch, its fields and every pointer in them are valid until
 *  the step returns (the host reuses the memory for the next batch). Use
 *  pacer_batch_field to index `fields`: a newer host's pacer_tensor may be
 *  larger than the one a plugin was compiled with. */
typedef struct pacer_batch {
  /** sizeof(pacer_batch) as known to the host. */
  uint32_t struct_size;
  /** Number of entries in `fields`. */
  uint32_t field_count;
  /** Bytes from one entry of `fields` to the next (the host's
   *  sizeof(pacer_tensor)); never smaller than the 1.0 pacer_tensor. */
  uint32_t field_stride;
  /** Reserved: 0, ignored by 1.x readers. */
  uint32_t reserved0;
  /** The fields, `field_stride` bytes apart, host-owned. */
  const pacer_tensor *fields;
} pacer_batch;

/** Field `index` of `batch` (index < field_count). Reads only the 1.0
 *  fields of the returned view unless PACER_HAS_FIELD says otherwise. */
static inline const pacer_tensor *pacer_batch_field(const pacer_batch *batch, uint32_t index) {
  return (const pacer_tensor *)(const void *)((const char *)batch->fields +
                                              (size_t)index * batch->field_stride);
}

#ifdef __cplusplus
}
#endif

#endif /* PACER_TENSOR_H */
