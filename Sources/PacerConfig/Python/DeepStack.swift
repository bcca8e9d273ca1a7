#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs work that recurses as deep as a config nests on a thread of its own with a stack
/// large enough for the readers' limits, whatever thread calls it (Swift's concurrency
/// threads have small stacks, and debug builds use large frames).
enum DeepStack {
    /// The stack given to the work: room for the deepest nesting the limits accept, with
    /// a wide margin. Only the pages used are ever touched.
    static let size = 256 << 20

    /// The result of `body`, run on a thread with a `size`-byte stack; `body` runs on the
    /// calling thread when no such thread can be started.
    static func run<T>(_ body: () throws(ConfigError) -> T) throws(ConfigError) -> T {
        try withoutActuallyEscaping(body) { (escapable) throws(ConfigError) -> T in
            let job = Job(escapable)
            var attributes = pthread_attr_t()
            pthread_attr_init(&attributes)
            defer { pthread_attr_destroy(&attributes) }
            pthread_attr_setstacksize(&attributes, size)
            let context = Unmanaged.passRetained(job).toOpaque()
            #if canImport(Darwin)
                var thread: pthread_t?
            #else
                var thread = pthread_t()
            #endif
            guard pthread_create(&thread, &attributes, { context in
                guard let context else { return nil }
                (Unmanaged<AnyObject>.fromOpaque(context).takeRetainedValue() as? Runnable)?.perform()
                return nil
            }, context) == 0 else {
                Unmanaged<Job<T>>.fromOpaque(context).release()
                return try escapable()
            }
            #if canImport(Darwin)
                if let thread { pthread_join(thread, nil) }
            #else
                pthread_join(thread, nil)
            #endif
            return try job.take()
        }
    }

    private protocol Runnable: AnyObject {
        func perform()
    }

    /// The work and, once done, its outcome.
    private final class Job<T>: Runnable {
        let body: () throws(ConfigError) -> T
        var outcome: Result<T, ConfigError>?

        init(_ body: @escaping () throws(ConfigError) -> T) {
            self.body = body
        }

        func perform() {
            do throws(ConfigError) {
                outcome = .success(try body())
            } catch {
                outcome = .failure(error)
            }
        }

        func take() throws(ConfigError) -> T {
            switch outcome {
            case .success(let value)?: return value
            case .failure(let error)?: throw error
            case nil: return try body()
            }
        }
    }
}
