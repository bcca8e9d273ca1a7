/*
 * pacer/pacer.h: the whole Pacer plugin SDK. A plugin includes this one
 * header and exports:
 *
 *     PACER_EXPORT const pacer_library *pacer_plugin_entry(void);
 */
#ifndef PACER_PACER_H
#define PACER_PACER_H

#include "abi.h"
#include "tensor.h"
#include "host.h"
#include "hook.h"
#include "model.h"
#include "plugin.h"

#ifdef __cplusplus
extern "C" {
#endif

PACER_EXPORT const pacer_library *pacer_plugin_entry(void);

#ifdef __cplusplus
}
#endif

#endif /* PACER_PACER_H */
