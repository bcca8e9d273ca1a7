#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CPacer

/// The one ``PluginLibraryDescription`` of this shared library, as the
/// context-free C functions (`create`, `plugin_count`, `plugin_at`) see it.
///
/// Each plugin `.so` links its own copy of the kit, so this state is per
/// shared library, which is what the C functions need: the host calls the
/// `create` of library A and reaches A's copy.
final class LibraryRegistry: @unchecked Sendable {
    // @unchecked: every stored property is guarded by `mutex`, and `install`
    // writes them once; afterwards they are only read.

    /// One plugin type: its name and how to create a boxed instance.
    struct Entry {
        /// The registry name, for messages.
        let typeName: String
        /// Creates an instance from its config and returns the retained box
        /// that becomes the host's `self`.
        let make: (PluginConfig) throws -> UnsafeMutableRawPointer
    }

    /// The registry of this image.
    static let shared = LibraryRegistry()

    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var entries: [Entry] = []
    private var descriptors: UnsafePointer<pacer_plugin_desc>? = nil
    private var installed = false

    private init() {
        mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
    }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

    /// Records the library's types and their descriptors, in the same
    /// order; traps on a second library in the same image, which the C
    /// entry points could not tell apart.
    func install(entries: [Entry], descriptors: UnsafePointer<pacer_plugin_desc>) {
        let first: Bool = locked {
            guard !installed else { return false }
            self.entries = entries
            self.descriptors = descriptors
            installed = true
            return true
        }
        precondition(first, "PacerPluginKit: a shared library may create only one PluginLibraryDescription")
    }

    /// The number of plugin types.
    var count: Int { locked { entries.count } }

    /// The plugin type whose descriptor is `desc`, or nil for a pointer
    /// this library did not hand out.
    func entry(describedBy desc: UnsafePointer<pacer_plugin_desc>) -> Entry? {
        locked {
            guard let descriptors else { return nil }
            let index = descriptors.distance(to: desc)
            return entries.indices.contains(index) ? entries[index] : nil
        }
    }

    /// The descriptor at `index`, or nil past the end.
    func descriptor(at index: Int) -> UnsafePointer<pacer_plugin_desc>? {
        locked {
            guard let descriptors, entries.indices.contains(index) else { return nil }
            return descriptors + index
        }
    }
}
