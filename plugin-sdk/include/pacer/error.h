/*
 * pacer/error.h: pacer_fail, the one way a C plugin reports a failure.
 *
 * Not part of the ABI: a static inline helper over pacer_host_api.error_set,
 * compiled into each plugin, so it works with every 1.x host. A failing
 * plugin function writes one line saying what happened and what to fix, and
 * returns the same status it stored:
 *
 *     if (f == NULL)
 *       return pacer_fail(api, err, PACER_E_IO, "MyHook", "cannot open %s: %s", path, strerror(errno));
 *
 * The host copies the message before error_set returns and prints it with
 * the plugin's file and the call that failed (README, "Status codes and
 * errors").
 */
#ifndef PACER_ERROR_H
#define PACER_ERROR_H

/* Left out of the Swift module (CPacer): Swift cannot call a C variadic
 * function, Swift plugins throw instead (PacerPluginKit reports the error),
 * and <stdio.h> re-exported through CPacer would clash with Glibc's. */
#ifndef __swift__

#include <stdarg.h>
#include <stdio.h>

#include "abi.h"
#include "host.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define PACER_PRINTF_FORMAT(format_index, first_argument) \
  __attribute__((format(printf, format_index, first_argument)))
#else
#define PACER_PRINTF_FORMAT(format_index, first_argument)
#endif

/** Stores "<who>: <message>" (just the message when `who` is NULL), the
 *  message formatted from `format` as printf does and cut at 1023 bytes,
 *  in the host's error slot `err` through api->error_set, and returns
 *  `code`, the status the failing function returns. Callable wherever
 *  error_set is ([any-thread], on the `err` of a call in progress); does
 *  nothing but return `code` when `api` or its error_set is NULL. */
static inline pacer_status pacer_fail(const pacer_host_api *api, pacer_error *err, pacer_status code,
                                      const char *who, const char *format, ...) PACER_PRINTF_FORMAT(5, 6);

static inline pacer_status pacer_fail(const pacer_host_api *api, pacer_error *err, pacer_status code,
                                      const char *who, const char *format, ...) {
  char message[1024];
  int prefix = who != NULL ? snprintf(message, sizeof message, "%s: ", who) : 0;
  if (prefix < 0 || (size_t)prefix >= sizeof message) prefix = 0;
  va_list arguments;
  va_start(arguments, format);
  vsnprintf(message + prefix, sizeof message - (size_t)prefix, format, arguments);
  va_end(arguments);
  if (api != NULL && api->error_set != NULL) api->error_set(err, code, message);
  return code;
}

#ifdef __cplusplus
}
#endif

#endif /* __swift__ */

#endif /* PACER_ERROR_H */
