import CFFI

/// The C types a ClosureHook passes, named in `args` as `TYPE:NAME`.
enum ClosureHookCType: String, CaseIterable, Sendable {
    /// `int32_t`; integers beyond its range are clamped.
    case int32
    /// `int64_t`.
    case int64
    /// `float`.
    case float
    /// `double`.
    case double
    /// `const char *`, NUL-terminated UTF-8, valid during the call only.
    case string

    /// The C spelling.
    var cName: String {
        switch self {
        case .int32: return "int32_t"
        case .int64: return "int64_t"
        case .float: return "float"
        case .double: return "double"
        case .string: return "const char *"
        }
    }

    /// libffi's description of the type.
    var ffiType: UnsafeMutablePointer<ffi_type> {
        switch self {
        case .int32: return pacer_ffi_type_sint32()
        case .int64: return pacer_ffi_type_sint64()
        case .float: return pacer_ffi_type_float()
        case .double: return pacer_ffi_type_double()
        case .string: return pacer_ffi_type_pointer()
        }
    }

    /// "int32, int64, float, double, string", for messages.
    static let names = allCases.map(\.rawValue).joined(separator: ", ")
}
