/*
 * pacer/abi.h: versions, status codes and the small vocabulary every other
 * Pacer header shares. plugin-sdk/README.md is the full reference; these
 * comments say the same next to each item.
 *
 * Rules that hold for every struct in this SDK:
 *  - The first field is `uint32_t struct_size`, set by whoever fills the
 *    struct to sizeof() of the layout it was compiled against.
 *  - Fields are only ever appended, never moved, resized or removed, within
 *    one ABI major. A reader touches a field only if PACER_HAS_FIELD says
 *    the writer's struct_size covers it.
 *  - Only fixed-width integers, doubles and pointers cross the boundary:
 *    no C enum, no bool. The layouts assume an LP64 target (Linux x86_64 or
 *    aarch64): pointers and function pointers are 8 bytes.
 *  - A field named reservedN is written as 0 and ignored by every 1.x
 *    reader; a later minor may give it a meaning whose 0 is "as before".
 *
 * Versioning (major.minor):
 *  - Major: a host loads only libraries whose pacer_library.abi_major equals
 *    its own; any other major is refused with one line naming the file and
 *    both versions. A major bump is the only way a 1.0 layout may change.
 *  - Minor: grows when fields, functions, constants or status codes are
 *    appended. A library built for a newer minor loads on an older host of
 *    the same major, and an older one loads on a newer host.
 *  - Structs the plugin fills and the host reads (pacer_library,
 *    pacer_plugin_desc, the vtables): the host checks that struct_size is
 *    at least the 1.0 size and at most 64 KiB, then copies
 *    min(struct_size, its own sizeof) bytes into a zeroed struct. Fields
 *    the plugin did not know read as 0/NULL ("not implemented"); fields
 *    the host does not know (a larger struct) are ignored. Anything a
 *    plugin needs the host to understand goes in required_features.
 *  - Structs the host fills and the plugin reads (pacer_host_api, output
 *    structs such as pacer_ctx_info and pacer_tensor): the plugin tests
 *    PACER_HAS_FIELD before reading anything added after 1.0. For output
 *    structs the caller sets struct_size to its own sizeof and the callee
 *    writes at most that many bytes.
 *
 * Thread tags used in every header:
 *   [runner]      Called by the host, or callable by the plugin, only on
 *                 the runner thread, from inside a callback that received
 *                 the handle involved; never concurrently for one instance.
 *   [any-thread]  Callable from any thread at any time, also concurrently.
 *   [pure]        Callable from any thread, any number of times; returns
 *                 static data and has no side effects.
 */
#ifndef PACER_ABI_H
#define PACER_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** ABI major: a host refuses a library built for another major. */
#define PACER_ABI_MAJOR 1u
/** ABI minor: grows when fields or functions are appended. Both older and
 *  newer minors of the same major load. 1.1 appends the optimizer,
 *  dataset and communication kinds, declared options, host functions for
 *  LR, momentum and optimizer plugins, and ctx_dist_info (each marked
 *  "ABI 1.1" where it is declared). */
#define PACER_ABI_MINOR 1u

/** Name of the one function every plugin library exports. */
#define PACER_ENTRY_SYMBOL "pacer_plugin_entry"

/** Marks the entry function for export. Build C plugins with
 *  -fvisibility=hidden so that it is the only exported symbol. */
#if defined(_WIN32)
#define PACER_EXPORT __declspec(dllexport)
#else
#define PACER_EXPORT __attribute__((visibility("default")))
#endif

/** True when the struct at `p` (of type T) was written by someone who knew
 *  `field`: `p` is not NULL and its struct_size covers the whole field.
 *  Use it before reading a field added after ABI 1.0, for example a host
 *  function a later minor appends:
 *
 *      if (PACER_HAS_FIELD(api, pacer_host_api, some_1_1_function) &&
 *          api->some_1_1_function != NULL) { ... }
 *
 *  Fields of ABI 1.0 need no test: a 1.x host always provides them.
 *  `p` is evaluated more than once. */
#define PACER_HAS_FIELD(p, T, field)                                         \
  ((p) != NULL &&                                                            \
   (p)->struct_size >= offsetof(T, field) + sizeof(((T *)0)->field))

/** Result of every fallible call. Zero is success; negative values are the
 *  codes below; positive values are reserved (a host treats them as
 *  errors). Codes are append-only: a reader treats an unknown negative code
 *  like PACER_E_FAILED. A callee that returns an error should first store a
 *  message with pacer_host_api.error_set; without one the host reports
 *  "returned status N without a message". */
typedef int32_t pacer_status;

/** Success. */
#define PACER_OK 0
/** Generic failure; the message says what happened. */
#define PACER_E_FAILED (-1)
/** A bad argument or config value (also: a NULL handle given to the host,
 *  a config value of the wrong type). */
#define PACER_E_INVALID_ARG (-2)
/** The callee does not do this (an optional feature is absent). */
#define PACER_E_UNSUPPORTED (-3)
/** An allocation failed. */
#define PACER_E_NO_MEMORY (-4)
/** A key, index or symbol is absent: a missing config key, a checkpoint
 *  without the key, an index past the end. Often not an error for the
 *  caller (keep the default). */
#define PACER_E_NOT_FOUND (-5)
/** Called at the wrong time or in the wrong state, or saved state that
 *  this version cannot read. */
#define PACER_E_STATE (-6)
/** A struct or version is not understood (struct_size too small, another
 *  ABI major). */
#define PACER_E_ABI (-7)
/** A file could not be read or written. */
#define PACER_E_IO (-8)

/** Plugin kinds (pacer_plugin_desc.kind). A 1.0 host refuses other values. */
#define PACER_KIND_HOOK 1u
#define PACER_KIND_MODEL 2u
/** ABI 1.1: an optimizer (optimizer=dict(type=...)); `vtable` is a
 *  pacer_optimizer_vtable (optimizer.h). A 1.0 host refuses the plugin. */
#define PACER_KIND_OPTIMIZER 3u
/** ABI 1.1: a dataset (data.train=dict(type=...)); `vtable` is a
 *  pacer_dataset_vtable (dataset.h). A 1.0 host refuses the plugin. */
#define PACER_KIND_DATASET 4u
/** ABI 1.1: a communication backend (dist_params=dict(backend=...)) that
 *  joins the processes of a distributed run; `vtable` is a
 *  pacer_comm_vtable (comm.h). A 1.0 host refuses the plugin. */
#define PACER_KIND_COMM 5u

/** ABI 1.1: what a declared option's value must be
 *  (pacer_option_desc.type). The host checks the config's value against
 *  it before create(); None (null) is accepted for every type and reads
 *  as "not set". */
/** Any value. */
#define PACER_OPTION_ANY 0u
/** An integer. */
#define PACER_OPTION_INT 1u
/** A number: an integer or a float. */
#define PACER_OPTION_FLOAT 2u
/** True or False. */
#define PACER_OPTION_BOOL 3u
/** A string. */
#define PACER_OPTION_STRING 4u
/** A list or a tuple. */
#define PACER_OPTION_LIST 5u
/** A dict. */
#define PACER_OPTION_DICT 6u

/** Element types of a pacer_tensor: 32-bit IEEE float, 64-bit signed
 *  integer, unsigned byte. Little-endian, native alignment. */
#define PACER_DTYPE_F32 1u
#define PACER_DTYPE_I64 2u
#define PACER_DTYPE_U8 3u
/** ABI 1.1: 64-bit IEEE float, for pacer_comm_vtable.all_reduce_sum only
 *  (never in a pacer_tensor). */
#define PACER_DTYPE_F64 4u

/** Workflow modes reported in pacer_ctx_info.mode. NONE before the first
 *  flow starts (before_run). A custom mode (any name other than train and
 *  val) reports PACER_MODE_OTHER; its name comes from
 *  pacer_host_api.ctx_mode_name. */
#define PACER_MODE_NONE 0u
#define PACER_MODE_TRAIN 1u
#define PACER_MODE_VAL 2u
#define PACER_MODE_OTHER 3u

/** MMCV's priority scale (pacer_plugin_desc.default_priority, 0..100):
 *  lower runs earlier, equal priorities run in the order they were
 *  registered. A config's `priority` (a number or one of these names)
 *  overrides the default. */
#define PACER_PRIORITY_HIGHEST 0
#define PACER_PRIORITY_VERY_HIGH 10
#define PACER_PRIORITY_HIGH 30
#define PACER_PRIORITY_ABOVE_NORMAL 40
#define PACER_PRIORITY_NORMAL 50
#define PACER_PRIORITY_BELOW_NORMAL 60
#define PACER_PRIORITY_LOW 70
#define PACER_PRIORITY_VERY_LOW 90
#define PACER_PRIORITY_LOWEST 100

/** Log levels for pacer_host_api.log. Values outside 0..3 are clamped. */
#define PACER_LOG_DEBUG 0
#define PACER_LOG_INFO 1
#define PACER_LOG_WARNING 2
#define PACER_LOG_ERROR 3

/** Opaque, host-owned handles. A plugin never dereferences, frees or
 *  stores them: each is valid only inside the call that received it. */
/** The runner, passed to every hook point and model step. */
typedef struct pacer_ctx pacer_ctx;
/** One plugin instance's config dict, passed to create() only. */
typedef struct pacer_config pacer_config;
/** Where a failing call writes its message (pacer_host_api.error_set). */
typedef struct pacer_error pacer_error;
/** A checkpoint being written (save_state) or read (load_state). */
typedef struct pacer_state_io pacer_state_io;

#ifdef __cplusplus
}
#endif

#endif /* PACER_ABI_H */
