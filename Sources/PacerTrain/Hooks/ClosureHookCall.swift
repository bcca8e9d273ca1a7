#if canImport(Glibc)
import Glibc
#endif
import CFFI

/// A libffi call of one C function signature, prepared once: the
/// `ffi_cif`, an 8-byte slot per argument and the pointers to them, so a
/// call only stores the arguments and runs `ffi_call`. Text arguments are
/// copied into C strings that are kept until the text changes.
final class ClosureHookCall {
    private let types: [ClosureHookCType]
    private let cif = UnsafeMutablePointer<ffi_cif>.allocate(capacity: 1)
    private let argumentTypes: UnsafeMutablePointer<UnsafeMutablePointer<ffi_type>?>
    private let slots: UnsafeMutablePointer<UInt64>
    private let argumentPointers: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    /// `ffi_arg`-sized, as libffi widens integer results to it.
    private let result = UnsafeMutablePointer<Int>.allocate(capacity: 1)
    /// Per argument: the text last passed and its C copy.
    private var strings: [(text: String, copy: UnsafeMutablePointer<CChar>)?]

    /// Prepares a call of `types` returning `int` (`returnsInt`) or `void`;
    /// nil when libffi cannot prepare it.
    init?(types: [ClosureHookCType], returnsInt: Bool) {
        self.types = types
        let count = max(types.count, 1)
        argumentTypes = .allocate(capacity: count)
        slots = .allocate(capacity: count)
        argumentPointers = .allocate(capacity: count)
        strings = Array(repeating: nil, count: types.count)
        slots.initialize(repeating: 0, count: count)
        for (index, type) in types.enumerated() {
            argumentTypes[index] = type.ffiType
            argumentPointers[index] = UnsafeMutableRawPointer(slots + index)
        }
        let status = ffi_prep_cif(cif, FFI_DEFAULT_ABI, UInt32(types.count),
                                  returnsInt ? pacer_ffi_type_sint32() : pacer_ffi_type_void(), argumentTypes)
        guard status == FFI_OK else { return nil }
    }

    /// Stores `reading` as argument `index`, converted to its C type.
    func set(_ reading: ClosureHookValue.Reading, at index: Int) {
        let slot = UnsafeMutableRawPointer(slots + index)
        switch (reading, types[index]) {
        case (.integer(let value), .int32): slot.storeBytes(of: Int32(clamping: value), as: Int32.self)
        case (.integer(let value), .int64): slot.storeBytes(of: Int64(value), as: Int64.self)
        case (.integer(let value), .float): slot.storeBytes(of: Float(value), as: Float.self)
        case (.integer(let value), .double): slot.storeBytes(of: Double(value), as: Double.self)
        case (.real(let value), .float): slot.storeBytes(of: Float(value), as: Float.self)
        case (.real(let value), .double): slot.storeBytes(of: value, as: Double.self)
        case (.text(let text), .string): slot.storeBytes(of: UnsafePointer(cString(text, at: index)), as: UnsafePointer<CChar>.self)
        default: preconditionFailure("ClosureHookArgument allows no other pairs")
        }
    }

    /// Calls `function` with the stored arguments; its `int` result, or 0
    /// for a `void` function.
    func invoke(_ function: UnsafeMutableRawPointer) -> Int32 {
        result.pointee = 0
        ffi_call(cif, unsafeBitCast(function, to: (@convention(c) () -> Void).self), result, argumentPointers)
        return Int32(truncatingIfNeeded: result.pointee)
    }

    private func cString(_ text: String, at index: Int) -> UnsafeMutablePointer<CChar> {
        if let kept = strings[index], kept.text == text { return kept.copy }
        if let kept = strings[index] { free(kept.copy) }
        let copy = strdup(text)!
        strings[index] = (text, copy)
        return copy
    }

    deinit {
        for kept in strings.compactMap({ $0 }) { free(kept.copy) }
        cif.deallocate()
        argumentTypes.deallocate()
        slots.deallocate()
        argumentPointers.deallocate()
        result.deallocate()
    }
}
