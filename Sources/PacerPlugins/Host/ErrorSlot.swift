import CPacer

/// The host-owned `pacer_error` a plugin writes its message into.
final class ErrorSlot {
    private(set) var message: String?

    /// The opaque pointer handed to plugins; valid while the slot lives.
    var pointer: OpaquePointer { OpaquePointer(Unmanaged.passUnretained(self).toOpaque()) }

    /// The slot behind a pointer a plugin passed back.
    static func from(_ pointer: OpaquePointer) -> ErrorSlot {
        Unmanaged<ErrorSlot>.fromOpaque(UnsafeRawPointer(pointer)).takeUnretainedValue()
    }

    func set(_ text: String) { message = text }

    /// The message for a failed call returning `status`, then clears the slot.
    func take(status: pacer_status) -> String {
        defer { message = nil }
        return message ?? "returned status \(status) without a message"
    }
}
