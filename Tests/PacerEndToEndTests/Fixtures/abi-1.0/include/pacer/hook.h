/*
 * pacer/hook.h: the hook vtable, one function pointer per hook point.
 *
 * A NULL pointer means "not implemented": the host never calls it, and a
 * stage with no implementers costs nothing. Unlike MMCV's Python base
 * class there is no fan-out inside the ABI: the host calls exactly the
 * points a plugin fills. Implement before_epoch and before_train_epoch
 * separately if you want both; the Swift kit offers MMCV's fan-out.
 *
 * Every point is [runner]: called on the runner thread, never concurrently
 * for one instance, with a `ctx` and an `err` valid until it returns. A
 * point returns PACER_OK, or an error status after
 * pacer_host_api.error_set(err, ...); the runner then stops with one line
 * naming the plugin, its file, the point and the message, calls no further
 * hook point (after_run included), and leaves every file it wrote intact.
 *
 * Call order: at each stage the host calls every implementer in priority
 * order (lower first), equal priorities in registration order, built-in
 * hooks and plugin hooks alike.
 */
#ifndef PACER_HOOK_H
#define PACER_HOOK_H

#include "abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Signature of every hook point. `self` is what create() stored in
 *  *out_self; `ctx` and `err` are host-owned and valid until return. */
typedef pacer_status (*pacer_hook_fn)(void *self, pacer_ctx *ctx, pacer_error *err);

/** Signature of checkpoint state callbacks. `io` and `err` are host-owned
 *  and valid until return. */
typedef pacer_status (*pacer_state_fn)(void *self, pacer_state_io *io, pacer_error *err);

/** The hook vtable. Static storage in the plugin, pointed to by
 *  pacer_plugin_desc.vtable; the host copies it once when the library is
 *  loaded, so changing it afterwards has no effect. Every member may be
 *  NULL (not implemented). The fields follow MMCV's Hook methods; each
 *  comment says when the built-in runners call it. */
typedef struct pacer_hook_vtable {
  /** sizeof(pacer_hook_vtable) as known to the plugin. */
  uint32_t struct_size;
  /** Reserved: 0, ignored by 1.x hosts. */
  uint32_t reserved0;
  /** Once, before the first workflow flow (mode NONE). */
  pacer_hook_fn before_run;
  /** Once, after the last flow (also after a stop request). */
  pacer_hook_fn after_run;
  /** IterBasedRunner only: once after before_run and once before after_run
   *  (MMCV calls the generic epoch points there, never the train/val ones). */
  pacer_hook_fn before_epoch;
  pacer_hook_fn after_epoch;
  /** Not called by the built-in runners; for custom runners and modes. */
  pacer_hook_fn before_iter;
  pacer_hook_fn after_iter;
  /** EpochBasedRunner: around each train epoch. after_train_epoch runs
   *  before `epoch` grows. */
  pacer_hook_fn before_train_epoch;
  pacer_hook_fn after_train_epoch;
  /** EpochBasedRunner: around each val epoch. */
  pacer_hook_fn before_val_epoch;
  pacer_hook_fn after_val_epoch;
  /** Around each train iteration; after_train_iter runs before `iter`
   *  grows. In after_train_iter the optimizer hook (priority ABOVE_NORMAL)
   *  has already stepped for hooks below it. */
  pacer_hook_fn before_train_iter;
  pacer_hook_fn after_train_iter;
  /** Around each val iteration. */
  pacer_hook_fn before_val_iter;
  pacer_hook_fn after_val_iter;
  /** [runner] Called when a checkpoint is written (save_state, after the
   *  train epoch or iteration that triggered it) and when one is resumed
   *  (load_state, before before_run); may be NULL (the plugin has no
   *  state). Read and write through pacer_host_api.state_*. load_state
   *  must tolerate missing keys (the checkpoint may predate the plugin). */
  pacer_state_fn save_state;
  pacer_state_fn load_state;
} pacer_hook_vtable;

#ifdef __cplusplus
}
#endif

#endif /* PACER_HOOK_H */
