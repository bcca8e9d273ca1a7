// A C++ plugin library that includes only <pacer/plugin.h> (not
// <pacer/pacer.h>) and defines its entry with PACER_LIBRARY: the entry must
// still be exported with C linkage, as the unmangled "pacer_plugin_entry".
#include <pacer/plugin.h>

static const pacer_plugin_desc unused_descriptor = {};

PACER_LIBRARY(&unused_descriptor)
