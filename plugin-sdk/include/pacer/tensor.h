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

/** One batch of samples: what a model's train_step and val_step receive
 *  (and, ABI 1.1, what a dataset's get_item fills, one item at a time: see
 *  dataset.h). Host-owned and read-only for a model; the batch, its fields
 *  and every pointer in them are valid until the step returns, and the host
 *  then reuses the memory for a later batch (a loader worker may overwrite
 *  it while the next step runs), so a model copies what it keeps. Use
 *  pacer_batch_field to index `fields`: a newer host's pacer_tensor may be
 *  larger than the one a plugin was compiled with.
 *
 *  The fields a 1.x host passes to a model step, found by name (a plugin
 *  looks them up with strcmp, never by position; today "img" is field 0
 *  and "gt_label" field 1):
 *
 *  "img"       PACER_DTYPE_F32, shape [N, ...one sample...], contiguous,
 *              row-major, `data` 64-byte aligned (the loaders' buffers).
 *              N >= 1 is this process's batch: `samples_per_gpu`, or fewer
 *              in an epoch's last batch (unless `drop_last`); in a
 *              distributed run each rank gets its own N samples. One sample:
 *               - images, channels first: [C, H, W] ([N, 1, 28, 28] for
 *                 MNIST and FashionMNIST, [N, C, H, W] for NumpyDataset and
 *                 for a dataset plugin's {H, W, C} items, which the host
 *                 transposes);
 *               - table rows (CSVDataset): [F], so "img" is [N, F];
 *               - with a `pipeline`: [C, H, W] of what the pipeline leaves
 *                 (a table row is a 1 x F x 1 image: [N, 1, 1, F]).
 *              A model flattens one sample to numel / N features when it
 *              wants flat data, and checks that count against its own.
 *              Scaling, exactly as the host computes it:
 *               - no pipeline, bytes (MNIST, FashionMNIST, uint8
 *                 NumpyDataset, a dataset plugin's PACER_DTYPE_U8 items):
 *                 (float)byte * (1.0f / 255), in [0, 1];
 *               - no pipeline, floats (float32 NumpyDataset, CSVDataset, a
 *                 dataset plugin's PACER_DTYPE_F32 items): as stored;
 *               - with a pipeline: the values the last transform leaves,
 *                 never divided by 255: pixels stay 0-255 unless the
 *                 pipeline has Normalize, which writes
 *                 (value - mean[c]) * (1 / std[c]) per channel as float32
 *                 (channels reversed first when to_rgb and C == 3), as
 *                 mmcv's imnormalize. ImageToTensor, ToTensor and Collect
 *                 change no value: the batch is already their output.
 *  "gt_label"  PACER_DTYPE_I64, shape [N]: each sample's class index. The
 *              host checks labels against the dataset's classes
 *              (0..classes-1) when it reads the data, but a model checks
 *              0 <= label < its num_classes itself and fails with one line
 *              rather than reading out of bounds: the dataset may have
 *              more classes than the model.
 *
 *  Neither field has a `grad` (NULL). A model that needs another field
 *  fails with one line naming it; a later minor may add fields, which
 *  an older plugin ignores. */
typedef struct pacer_batch {
  /** sizeof(pacer_batch) as known to the host (the writer). */
  uint32_t struct_size;
  /** Number of entries in `fields`: 2 ("img", "gt_label") from every 1.x
   *  host loader; a plugin accepts more and uses the ones it knows. */
  uint32_t field_count;
  /** Bytes from one entry of `fields` to the next (the host's
   *  sizeof(pacer_tensor)); never smaller than the 1.0 pacer_tensor. */
  uint32_t field_stride;
  /** Reserved: 0, ignored by 1.x readers. */
  uint32_t reserved0;
  /** The fields, `field_stride` bytes apart. Host-owned, like every
   *  `name`, `shape` and `data` in them, for the call that received the
   *  batch. A model only reads `data`; (1.1) a dataset's get_item writes
   *  every element of each field's `data`. */
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
