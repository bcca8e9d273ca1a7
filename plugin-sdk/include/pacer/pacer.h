/*
 * pacer/pacer.h: the whole Pacer plugin SDK, ABI 1.x. A plugin includes
 * this one header (or only the parts it uses; plugin.h declares the entry
 * with C linkage) and exports exactly one symbol:
 *
 *     PACER_EXPORT const pacer_library *pacer_plugin_entry(void);
 *
 * usually through PACER_LIBRARY(&descriptor, ...). Compile with
 * -fvisibility=hidden so nothing else is exported. The headers compile as
 * C99 and later and as C++11 and later, warning-free under
 * -Wall -Wextra -pedantic.
 *
 * The parts:
 *   abi.h     versions, status codes, kinds, dtypes, modes, priorities,
 *             PACER_HAS_FIELD, opaque handles, thread tags
 *   tensor.h  pacer_tensor views and pacer_batch
 *   host.h    pacer_host_api (what the host offers) and pacer_ctx_info
 *   hook.h    pacer_hook_vtable (one pointer per hook point)
 *   model.h   pacer_model_vtable and pacer_step_output
 *   optimizer.h  (ABI 1.1) pacer_optimizer_vtable and pacer_optimizer_step
 *   dataset.h (ABI 1.1) pacer_dataset_vtable: items filled into host buffers
 *   comm.h    (ABI 1.1) pacer_comm_vtable and pacer_comm_info
 *   plugin.h  pacer_plugin_desc, pacer_option_desc (ABI 1.1), pacer_library,
 *             PACER_LIBRARY
 *   error.h   pacer_fail: store a one-line message and return its status
 *             (a static inline helper over error_set, not part of the ABI)
 *
 * plugin-sdk/README.md is the reference: ownership, lifetimes, threads,
 * status codes and the versioning policy.
 */
#ifndef PACER_PACER_H
#define PACER_PACER_H

#include "abi.h"
#include "tensor.h"
#include "host.h"
#include "hook.h"
#include "model.h"
#include "optimizer.h"
#include "dataset.h"
#include "comm.h"
#include "plugin.h"
#include "error.h"

#endif /* PACER_PACER_H */
