/*
 * pacer/plugin.h: how a library describes the plugins it carries.
 *
 * A plugin library exports one function, pacer_plugin_entry, returning a
 * static pacer_library. The entry and the enumeration functions must be
 * cheap and free of side effects: `pacer plugins list` and `pacer plugins
 * check` call them without creating anything. One library may carry
 * several plugins of any kind.
 *
 * Lifetimes: the host opens a library with RTLD_NOW | RTLD_LOCAL |
 * RTLD_NODELETE and never closes it, so everything a library returns from
 * these functions (the pacer_library, every descriptor, vtable and string)
 * must be static: valid, unchanged, for the life of the process.
 *
 * What the host checks when it loads a library (each failure refuses the
 * whole library with one line naming the file and the fix):
 *  - pacer_plugin_entry exists and returns non-NULL;
 *  - pacer_library.struct_size is at least the 1.0 size and at most 64 KiB;
 *  - abi_major equals the host's (any abi_minor is accepted);
 *  - plugin_count and plugin_at are non-NULL, the count is at most 1024,
 *    and plugin_at returns non-NULL below the count;
 *  - for each descriptor: struct_size as above, a known kind, a valid
 *    type_name, non-NULL create/destroy/vtable, no unknown
 *    required_features bit, default_priority within 0..100; (ABI 1.1)
 *    at most 256 options, each non-NULL with a valid, unique name and a
 *    known type;
 *  - for each vtable: struct_size as above; a model's param_count,
 *    param_at, train_step and val_step are non-NULL; (ABI 1.1) an
 *    optimizer's step is non-NULL; (ABI 1.1) a dataset's length,
 *    class_count, class_name, field_count, field_at and get_item are
 *    non-NULL and its flags holds no unknown bit; (ABI 1.1) every
 *    function of a communication vtable is non-NULL;
 *  - no type_name is already taken by another loaded plugin.
 */
#ifndef PACER_PLUGIN_H
#define PACER_PLUGIN_H

#include "abi.h"
#include "host.h"
#include "optimizer.h"
#include "dataset.h"

#ifdef __cplusplus
extern "C" {
#endif

/** ABI 1.1: one config key a plugin accepts (pacer_plugin_desc.options).
 *  Static storage in the plugin library, like the descriptor. */
typedef struct pacer_option_desc {
  /** sizeof(pacer_option_desc) as known to the plugin. */
  uint32_t struct_size;
  /** PACER_OPTION_*: what the value must be. */
  uint32_t type;
  /** The top-level key in the plugin's config dict ("momentum"): ASCII
   *  letters, digits and '_', 1 to 64 bytes. `type` and `priority` are
   *  the host's and are never declared. Static, never NULL. */
  const char *name;
  /** The default as a config would write it ("0.0002", "True", "'max'"),
   *  shown by `pacer plugins show`; the plugin applies it itself when the
   *  key is absent. NULL: no default, the key is required and the host
   *  refuses a config without it. Static UTF-8. */
  const char *default_value;
  /** One line saying what the option does. Static UTF-8; NULL reads as "". */
  const char *help;
} pacer_option_desc;

/** One plugin: a hook, model, optimizer or dataset type the config names by `type_name`.
 *  Static storage in the plugin library; the host copies it when the
 *  library is loaded, but keeps the pointer to pass back to create(). */
typedef struct pacer_plugin_desc {
  /** sizeof(pacer_plugin_desc) as known to the plugin. */
  uint32_t struct_size;
  /** PACER_KIND_HOOK, PACER_KIND_MODEL or (ABI 1.1) PACER_KIND_OPTIMIZER
   *  or PACER_KIND_DATASET or PACER_KIND_COMM; selects the type of
   *  `vtable`. */
  uint32_t kind;
  /** The registry name used in configs: type='EMAHook'. ASCII letters,
   *  digits and '_', 1 to 64 bytes, unique among all loaded plugins.
   *  Static, never NULL. */
  const char *type_name;
  /** The plugin's own version ("1.2.0") and a one-line description ("" if
   *  none). Static UTF-8. NULL reads as "". */
  const char *version;
  const char *description;
  /** Hooks: the priority used when the config gives none (0..100, see
   *  PACER_PRIORITY_*). Models, optimizers and datasets: set it to
   *  PACER_PRIORITY_NORMAL. */
  int32_t default_priority;
  /** Feature bits the host must understand to run this plugin: the way a
   *  plugin built for a later minor says "refuse me rather than ignore
   *  what I rely on". A host refuses a plugin that sets a bit it does not
   *  know, naming the plugin, the file and the bits. ABI 1.0 defines no
   *  bits: set 0. Optional additions never need a bit; they are fields a
   *  1.0 host does not read. */
  uint32_t required_features;
  /** [runner] Creates one instance from its config. `desc` is this
   *  descriptor (the pointer plugin_at returned), so one create function
   *  can serve several plugin types. On success stores the instance in
   *  *out_self (any non-NULL pointer; the host passes it back as `self`
   *  and never looks inside) and returns PACER_OK; on failure calls
   *  api->error_set(err, ...), stores nothing, and returns an error.
   *  `api` lives for the process; `cfg` and `err` only during this call.
   *  Required (never NULL). */
  pacer_status (*create)(const struct pacer_plugin_desc *desc, const pacer_host_api *api,
                         const pacer_config *cfg, void **out_self, pacer_error *err);
  /** [runner] Frees an instance: releases what create allocated and joins
   *  any thread the plugin started. Called at most once for every
   *  successful create, after the instance's last call; never for a failed
   *  create; cannot fail. Required (never NULL). */
  void (*destroy)(void *self);
  /** const pacer_hook_vtable*, const pacer_model_vtable* or (ABI 1.1)
   *  const pacer_optimizer_vtable*, const pacer_dataset_vtable* or
   *  const pacer_comm_vtable*, by kind. Static. Required (never NULL). */
  const void *vtable;

  /* ---- ABI 1.1: read only when struct_size covers them ---------------- */

  /** The config keys the plugin accepts: `option_count` pointers to static
   *  pacer_option_desc, or 0 and NULL. With options declared, the host
   *  refuses before create() any key not declared (naming the closest
   *  declared one), a value of the wrong type, and a missing required key;
   *  `pacer plugins show` lists them. With none declared (and for every
   *  1.0 plugin), the host refuses after create() any key the plugin never
   *  read through the cfg_* functions. At most 256. */
  uint32_t option_count;
  /** Reserved: 0, ignored by 1.1 hosts. */
  uint32_t reserved1;
  const pacer_option_desc *const *options;
} pacer_plugin_desc;

/** What pacer_plugin_entry returns: static, never freed. */
typedef struct pacer_library {
  /** sizeof(pacer_library) as known to the plugin. */
  uint32_t struct_size;
  /** The PACER_ABI_MAJOR/MINOR the library was compiled against. */
  uint32_t abi_major;
  uint32_t abi_minor;
  /** Reserved: 0, ignored by 1.x hosts. */
  uint32_t reserved0;
  /** Free text for diagnostics ("gcc-12.2", "swift-6.3"), or NULL. Static. */
  const char *build_tag;
  /** [pure] Number of plugins, and each by index (NULL past the end).
   *  Required (never NULL). */
  uint32_t (*plugin_count)(void);
  const pacer_plugin_desc *(*plugin_at)(uint32_t index);
} pacer_library;

/** The type of the one exported symbol of a plugin library. [pure]: the
 *  host calls it once per load, and tools call it to list plugins; it must
 *  not allocate, open files, start threads or call the host. */
typedef const pacer_library *(*pacer_plugin_entry_fn)(void);

/** The one exported function of a plugin library. [pure]: returns the
 *  library's static pacer_library; no allocation, no I/O, no host calls.
 *  PACER_LIBRARY defines it. Declared here, inside this header's C linkage
 *  block, so that the definition PACER_LIBRARY writes has C linkage in C++
 *  too, whichever Pacer header a plugin includes. */
PACER_EXPORT const pacer_library *pacer_plugin_entry(void);

/** Defines pacer_plugin_entry for a C library carrying the listed plugin
 *  descriptors (pointers to static pacer_plugin_desc), in order. Use it
 *  once per library, at file scope, without a trailing semicolon:
 *
 *      PACER_LIBRARY(&my_hook, &my_model)
 *
 *  It defines pacer_plugin_entry (exported with PACER_EXPORT) and a few
 *  static objects whose names end in '_'. Works in C99 and later and in
 *  C++11 and later. */
#define PACER_LIBRARY(...)                                                     \
  static const pacer_plugin_desc *const pacer_library_plugins_[] = {__VA_ARGS__}; \
  static uint32_t pacer_library_count_(void) {                                 \
    return (uint32_t)(sizeof pacer_library_plugins_ / sizeof pacer_library_plugins_[0]); \
  }                                                                            \
  static const pacer_plugin_desc *pacer_library_at_(uint32_t index) {          \
    return index < pacer_library_count_() ? pacer_library_plugins_[index] : NULL; \
  }                                                                            \
  static const pacer_library pacer_library_ = {                                \
      sizeof(pacer_library), PACER_ABI_MAJOR, PACER_ABI_MINOR, 0, NULL,        \
      pacer_library_count_, pacer_library_at_};                                \
  PACER_EXPORT const pacer_library *pacer_plugin_entry(void) { return &pacer_library_; }

#ifdef __cplusplus
}
#endif

#endif /* PACER_PLUGIN_H */
