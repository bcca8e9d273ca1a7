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
 * for one instance, with a `ctx` valid until it returns. A point returns
 * PACER_OK, or an error status after pacer_host_api.error_set(err, ...);
 * the runner then stops with one line naming the plugin, the point and the
 * message, and leaves every file it wrote intact.
 */
#ifndef PACER_HOOK_H
#define PACER_HOOK_H

#include "abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Signature of every hook point. `self` is what create() returned. */
typedef pacer_status (*pacer_hook_fn)(void *self, pacer_ctx *ctx, pacer_error *err);

/** Signature of checkpoint state callbacks. */
typedef pacer_status (*pacer_state_fn)(void *self, pacer_state_io *io, pacer_error *err);

/** The hook vtable. Static storage in the plugin; the host copies it. */
typedef struct pacer_hook_vtable {
  /** sizeof(pacer_hook_vtable) as known to the plugin. */
  uint32_t struct_size;
  uint32_t reserved0;
  /** Once, before the first workflow flow. */
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
  /** EpochBasedRunner: around each train epoch. */
  pacer_hook_fn before_train_epoch;
  pacer_hook_fn after_train_epoch;
  /** EpochBasedRunner: around each val epoch. */
  pacer_hook_fn before_val_epoch;
  pacer_hook_fn after_val_epoch;
  /** Around each train iteration. In after_train_iter the optimizer hook
   *  (priority ABOVE_NORMAL) has already stepped for hooks below it. */
  pacer_hook_fn before_train_iter;
  pacer_hook_fn after_train_iter;
  /** Around each val iteration. */
  pacer_hook_fn before_val_iter;
  pacer_hook_fn after_val_iter;
  /** Called when a checkpoint is written / resumed; may be NULL. On resume,
   *  load_state runs before before_run. */
  pacer_state_fn save_state;
  pacer_state_fn load_state;
} pacer_hook_vtable;

#ifdef __cplusplus
}
#endif

#endif /* PACER_HOOK_H */
