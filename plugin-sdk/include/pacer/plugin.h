/*
 * pacer/plugin.h: how a library describes the plugins it carries.
 *
 * A plugin library exports one function, pacer_plugin_entry, returning a
 * static pacer_library. The entry and the enumeration functions must be
 * cheap and free of side effects: `pacer plugins list` calls them without
 * creating anything. One library may carry several plugins of either kind.
 */
#ifndef PACER_PLUGIN_H
#define PACER_PLUGIN_H

#include "abi.h"
#include "host.h"

#ifdef __cplusplus
extern "C" {
#endif

/** One plugin: a hook or a model type the config names by `type_name`. */
typedef struct pacer_plugin_desc {
  /** sizeof(pacer_plugin_desc) as known to the plugin. */
  uint32_t struct_size;
  /** PACER_KIND_HOOK or PACER_KIND_MODEL. */
  uint32_t kind;
  /** The registry name used in configs: type='EMAHook'. ASCII letters,
   *  digits and '_' , at most 64 bytes, unique among all loaded plugins. */
  const char *type_name;
  /** The plugin's own version ("1.2.0") and a one-line description ("" if
   *  none). Static, never NULL. */
  const char *version;
  const char *description;
  /** Hooks: the priority used when the config gives none (0..100). */
  int32_t default_priority;
  /** Feature bits the host must understand to run this plugin. ABI 1.0
   *  defines none: any set bit makes a 1.0 host refuse the plugin. */
  uint32_t required_features;
  /** [runner] Creates one instance from its config. `desc` is this
   *  descriptor (the pointer plugin_at returned), so one create function
   *  can serve several plugin types. On success stores the instance in
   *  *out_self and returns PACER_OK; on failure calls
   *  api->error_set(err, ...) and returns an error. `api` lives for the
   *  process; `cfg` only during this call. */
  pacer_status (*create)(const struct pacer_plugin_desc *desc, const pacer_host_api *api,
                         const pacer_config *cfg, void **out_self, pacer_error *err);
  /** [runner] Frees an instance. Called once for every successful create;
   *  cannot fail. */
  void (*destroy)(void *self);
  /** const pacer_hook_vtable* or const pacer_model_vtable*, by kind. */
  const void *vtable;
} pacer_plugin_desc;

/** What pacer_plugin_entry returns: static, never freed. */
typedef struct pacer_library {
  /** sizeof(pacer_library) as known to the plugin. */
  uint32_t struct_size;
  /** The PACER_ABI_MAJOR/MINOR the library was compiled against. */
  uint32_t abi_major;
  uint32_t abi_minor;
  uint32_t reserved0;
  /** Free text for diagnostics ("gcc-12.2", "swift-6.3"), or NULL. */
  const char *build_tag;
  /** Number of plugins, and each by index (NULL past the end). Pure. */
  uint32_t (*plugin_count)(void);
  const pacer_plugin_desc *(*plugin_at)(uint32_t index);
} pacer_library;

/** The one exported symbol of a plugin library. */
typedef const pacer_library *(*pacer_plugin_entry_fn)(void);

/** Defines pacer_plugin_entry for a C library carrying the listed plugin
 *  descriptors (pointers to static pacer_plugin_desc), in order:
 *
 *      PACER_LIBRARY(&my_hook, &my_model)
 */
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
