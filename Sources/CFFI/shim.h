#include <ffi.h>

/* libffi describes its types with exported mutable globals (ffi_type_double,
 * ...), which Swift 6 refuses to touch; these accessors hand out their
 * addresses for ffi_prep_cif. */
static inline ffi_type *pacer_ffi_type_void(void) { return &ffi_type_void; }
static inline ffi_type *pacer_ffi_type_sint32(void) { return &ffi_type_sint32; }
static inline ffi_type *pacer_ffi_type_sint64(void) { return &ffi_type_sint64; }
static inline ffi_type *pacer_ffi_type_float(void) { return &ffi_type_float; }
static inline ffi_type *pacer_ffi_type_double(void) { return &ffi_type_double; }
static inline ffi_type *pacer_ffi_type_pointer(void) { return &ffi_type_pointer; }
