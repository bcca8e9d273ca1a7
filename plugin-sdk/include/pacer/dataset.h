/*
 * pacer/dataset.h (ABI 1.1): a dataset plugin, the kind a config names in
 * `data = dict(train=dict(type='MyData', root='/data/x', split='train'))`.
 *
 * A dataset is a numbered list of items, each with the same fields of the
 * same shapes: an image "img" (H x W x C, row-major, channels last, as
 * MMCV and NumPy lay images out, so it flows into mmcls transform
 * pipelines) and a label "gt_label". The host's loader asks for items by
 * index in the order its sampler gives, and the plugin fills each one into
 * buffers the host owns. Shuffling, batching, augmentation and
 * normalisation are the host's (the pipeline in the config); the plugin
 * only reads items.
 *
 * Life of an instance:
 *   open   pacer_plugin_desc.create with the dataset's config dict
 *          (data.<split>, declared options checked as for every 1.1 kind);
 *          the plugin reads its files or checks they are there.
 *   shape  [runner] length, class_count/class_name, field_count/field_at,
 *          each called once, right after create, before any get_item; the
 *          host keeps copies and checks them before training starts.
 *   items  get_item(i), any number of times, for any i in 0..length-1, in
 *          any order, from the runner thread and from loader worker
 *          threads (see "Threads" below).
 *   close  pacer_plugin_desc.destroy, after the last get_item has returned.
 *
 * Threads. get_item is [any-thread]: with data.workers_per_gpu > 0 the host
 * calls it from several threads at once, for different indices and
 * sometimes for the same index. The plugin must then only read state that
 * create set up, or guard what it changes itself (read files with pread or
 * one descriptor per call, never a shared FILE* position). A plugin that
 * cannot promise this sets PACER_DATASET_SERIAL in the vtable's flags: the
 * host then never overlaps two get_item calls of one instance (it holds a
 * per-instance lock around each), though successive calls may still come
 * from different threads. get_item may call only [any-thread] host
 * functions (log, error_set); the cfg_* functions are for create alone.
 *
 * Determinism. get_item(i) must fill the same values every time it is
 * called for the same i: a resumed run and a run with more workers see
 * exactly the batches an uninterrupted single-thread run sees. Random
 * augmentation belongs in the host's pipeline, which seeds it per sample.
 *
 * Errors. A failing get_item calls pacer_host_api.error_set(err, ...) and
 * returns an error status; the run stops with one line naming the plugin,
 * its file and the index, e.g. `error: /home/me/libmydata.so: dataset
 * MyData failed in get_item(1234): image 1234 is truncated`, exit status 1,
 * and every file written before (checkpoints, logs) is left intact. A
 * field declaration the host does not accept (a name, dtype or shape
 * outside the rules of pacer_dataset_vtable.field_at), a label outside
 * 0..class_count-1, or a length below 1 is refused the same way, naming
 * the file; declarations are refused before training starts.
 */
#ifndef PACER_DATASET_H
#define PACER_DATASET_H

#include "abi.h"
#include "tensor.h"

#ifdef __cplusplus
extern "C" {
#endif

/** pacer_dataset_vtable.flags: get_item is not safe to call concurrently;
 *  the host serialises the calls of each instance. */
#define PACER_DATASET_SERIAL 1u

/** The dataset vtable. Static storage in the plugin, pointed to by
 *  pacer_plugin_desc.vtable (kind PACER_KIND_DATASET); the host copies it
 *  once when the library is loaded. Every function is required (never
 *  NULL); the loader refuses a library whose dataset vtable has a NULL
 *  one. `self` is what create() stored in *out_self. */
typedef struct pacer_dataset_vtable {
  /** sizeof(pacer_dataset_vtable) as known to the plugin. */
  uint32_t struct_size;
  /** PACER_DATASET_* bits; 0 for a plugin whose get_item is thread-safe.
   *  A host refuses a plugin that sets a bit it does not know. */
  uint32_t flags;
  /** [runner] The number of items, at least 1. Called once after create;
   *  the answer must not change for the instance's life. */
  int64_t (*length)(void *self);
  /** [runner] The number of classes (at least 1) and the name of class
   *  `index` (mmcls's CLASSES): label i names class i. A name is UTF-8,
   *  owned by the plugin and valid until destroy; the host copies it once
   *  after create. NULL past the end, and for a class with no name (the
   *  host then calls it by its index). */
  uint32_t (*class_count)(void *self);
  const char *(*class_name)(void *self, uint32_t index);
  /** [runner] The fields of one item: count, and field `index` described
   *  in a host-owned pacer_tensor whose struct_size the host sets (write
   *  at most that many bytes). Fill `dtype`, `name`, `ndim`, `shape` (the
   *  extents of ONE item, no batch dimension) and `numel`; leave `data`
   *  and `grad` NULL. `name` and `shape` are owned by the plugin and stay
   *  valid until destroy. Called once per field after create.
   *
   *  A 1.1 host accepts exactly these two fields, in either order:
   *    "img"       PACER_DTYPE_U8 (pixel values 0-255) or PACER_DTYPE_F32,
   *                ndim 3, shape {H, W, C}, every extent >= 1 (C is 1 for
   *                grey and 3 for colour images);
   *    "gt_label"  PACER_DTYPE_I64, ndim 0 (a scalar, numel 1): the class
   *                index, 0..class_count-1.
   *  Anything else (another name, dtype, rank or a missing field) is
   *  refused before training with one line naming the plugin file. */
  uint32_t (*field_count)(void *self);
  pacer_status (*field_at)(void *self, uint32_t index, pacer_tensor *out);
  /** [any-thread, or serialised by PACER_DATASET_SERIAL] Fills item
   *  `index` (0 <= index < length) into `item`: one host-owned view per
   *  declared field, in field_at order (index them with
   *  pacer_batch_field), each with the declared name, dtype, ndim and
   *  shape, and `data` pointing at `numel` elements of host memory that
   *  the plugin overwrites completely. Unlike other batches, these views'
   *  `data` is the plugin's to write. `item`, its views, their memory and
   *  `err` are valid until get_item returns; keep no pointer to them.
   *  Returns PACER_OK, or an error status after error_set(err, ...). */
  pacer_status (*get_item)(void *self, int64_t index, const pacer_batch *item, pacer_error *err);
} pacer_dataset_vtable;

#ifdef __cplusplus
}
#endif

#endif /* PACER_DATASET_H */
