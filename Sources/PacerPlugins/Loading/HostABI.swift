import CPacer

/// The plugin ABI version this host speaks, and the sizes of the 1.0
/// layouts below which a plugin struct is malformed.
public enum HostABI {
    /// `PACER_ABI_MAJOR`.
    public static let major = UInt32(PACER_ABI_MAJOR)
    /// `PACER_ABI_MINOR`.
    public static let minor = UInt32(PACER_ABI_MINOR)
    /// Largest struct_size accepted from a plugin (a bound on garbage).
    static let maxStructSize: UInt32 = 64 * 1024
    /// Largest plugin_count accepted from a library (a bound on garbage).
    static let maxPluginCount: UInt32 = 1024
    /// Largest option_count accepted from a descriptor (a bound on garbage).
    static let maxOptionCount: UInt32 = 256
    /// The `required_features` bits this host understands. ABI 1.0 defines
    /// none, so a plugin setting any bit is refused.
    static let knownFeatures: UInt32 = 0
    /// The `pacer_dataset_vtable.flags` bits this host understands (ABI 1.1).
    static let knownDatasetFlags = UInt32(PACER_DATASET_SERIAL)
}

/// Copies a plugin-provided struct into a zeroed host copy, reading
/// `min(struct_size, MemoryLayout<T>.size)` bytes: fields the plugin did not
/// know stay zero (NULL = not implemented), fields the host does not know
/// are ignored. Returns nil when `struct_size` is below the 1.0 layout or
/// implausibly large.
func readPluginStruct<T>(_ pointer: UnsafeRawPointer, zero: T, minimumSize: Int) -> T? {
    let declared = pointer.load(as: UInt32.self)
    guard declared >= minimumSize, declared <= HostABI.maxStructSize else { return nil }
    var copy = zero
    withUnsafeMutableBytes(of: &copy) { destination in
        destination.copyMemory(from: UnsafeRawBufferPointer(
            start: pointer, count: min(Int(declared), MemoryLayout<T>.size)))
    }
    return copy
}

/// Sizes of the ABI 1.0 layouts: the end of each struct's last 1.0 field.
/// They stay fixed when later minors append fields.
enum ABI10Size {
    static let library = MemoryLayout<pacer_library>.offset(of: \.plugin_at)! + pointerSize
    static let descriptor = MemoryLayout<pacer_plugin_desc>.offset(of: \.vtable)! + pointerSize
    static let hookVTable = MemoryLayout<pacer_hook_vtable>.offset(of: \.load_state)! + pointerSize
    static let modelVTable = MemoryLayout<pacer_model_vtable>.offset(of: \.load_state)! + pointerSize
    /// The 1.1 optimizer vtable's smallest layout (through load_state).
    static let optimizerVTable = MemoryLayout<pacer_optimizer_vtable>.offset(of: \.load_state)! + pointerSize
    /// The 1.1 dataset vtable's smallest layout (through get_item).
    static let datasetVTable = MemoryLayout<pacer_dataset_vtable>.offset(of: \.get_item)! + pointerSize
    /// The 1.1 communication vtable's smallest layout (through abort).
    static let commVTable = MemoryLayout<pacer_comm_vtable>.offset(of: \.abort)! + pointerSize
    /// The 1.1 option descriptor's smallest layout (through help).
    static let option = MemoryLayout<pacer_option_desc>.offset(of: \.help)! + pointerSize
    private static let pointerSize = MemoryLayout<UnsafeRawPointer>.size
}
