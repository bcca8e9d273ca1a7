/*
 * pacer/abi.h: versions, status codes and the small vocabulary every other
 * Pacer header shares.
 *
 * Rules that hold for every struct in this SDK:
 *  - The first field is `uint32_t struct_size`, set by whoever fills the
 *    struct to sizeof() of the layout it was compiled against.
 *  - Fields are only ever appended. A reader touches a field only if
 *    PACER_HAS_FIELD says the writer's struct_size covers it.
 *  - Only fixed-width integers, doubles and pointers cross the boundary:
 *    no C enum, no bool.
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
 *  newer minors of the same major load. */
#define PACER_ABI_MINOR 0u

/** Name of the one function every plugin library exports. */
#define PACER_ENTRY_SYMBOL "pacer_plugin_entry"

#if defined(_WIN32)
#define PACER_EXPORT __declspec(dllexport)
#else
#define PACER_EXPORT __attribute__((visibility("default")))
#endif

/** True when the struct at `p` (of type T) was written by someone who knew
 *  `field`. Use it before reading a field added after ABI 1.0. */
#define PACER_HAS_FIELD(p, T, field)                                         \
  ((p) != NULL &&                                                            \
   (p)->struct_size >= offsetof(T, field) + sizeof(((T *)0)->field))

/** Result of every fallible call. Zero is success; negative values are the
 *  codes below; positive values are reserved. Codes are append-only. */
typedef int32_t pacer_status;

#define PACER_OK 0
#define PACER_E_FAILED (-1)        /**< generic failure; see the message */
#define PACER_E_INVALID_ARG (-2)   /**< a bad argument or config value */
#define PACER_E_UNSUPPORTED (-3)   /**< the callee does not do this */
#define PACER_E_NO_MEMORY (-4)     /**< an allocation failed */
#define PACER_E_NOT_FOUND (-5)     /**< a key, index or symbol is absent */
#define PACER_E_STATE (-6)         /**< called at the wrong time or state */
#define PACER_E_ABI (-7)           /**< a struct or version is not understood */
#define PACER_E_IO (-8)            /**< a file could not be read or written */

/** Plugin kinds (pacer_plugin_desc.kind). */
#define PACER_KIND_HOOK 1u
#define PACER_KIND_MODEL 2u

/** Element types of a pacer_tensor. */
#define PACER_DTYPE_F32 1u
#define PACER_DTYPE_I64 2u
#define PACER_DTYPE_U8 3u

/** Workflow modes reported in pacer_ctx_info.mode. A custom mode (any
 *  name other than train and val) reports PACER_MODE_OTHER; its name comes
 *  from pacer_host_api.ctx_mode_name. */
#define PACER_MODE_NONE 0u
#define PACER_MODE_TRAIN 1u
#define PACER_MODE_VAL 2u
#define PACER_MODE_OTHER 3u

/** MMCV's priority scale: lower runs earlier, equal priorities run in the
 *  order they were registered. */
#define PACER_PRIORITY_HIGHEST 0
#define PACER_PRIORITY_VERY_HIGH 10
#define PACER_PRIORITY_HIGH 30
#define PACER_PRIORITY_ABOVE_NORMAL 40
#define PACER_PRIORITY_NORMAL 50
#define PACER_PRIORITY_BELOW_NORMAL 60
#define PACER_PRIORITY_LOW 70
#define PACER_PRIORITY_VERY_LOW 90
#define PACER_PRIORITY_LOWEST 100

/** Log levels for pacer_host_api.log. */
#define PACER_LOG_DEBUG 0
#define PACER_LOG_INFO 1
#define PACER_LOG_WARNING 2
#define PACER_LOG_ERROR 3

/** Opaque, host-owned handles. Each is valid only inside the call that
 *  received it, unless its documentation says otherwise. */
typedef struct pacer_ctx pacer_ctx;           /**< the runner, during a hook or step */
typedef struct pacer_config pacer_config;     /**< one plugin's config, during create */
typedef struct pacer_error pacer_error;       /**< where a callee writes its message */
typedef struct pacer_state_io pacer_state_io; /**< a checkpoint being written or read */

#ifdef __cplusplus
}
#endif

#endif /* PACER_ABI_H */
