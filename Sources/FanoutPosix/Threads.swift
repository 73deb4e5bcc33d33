import CFanoutSpawn

#if canImport(Glibc)
    import Glibc
#endif

/// Starts detached threads for blocking I/O loops.
public enum Threads {
    private final class Start {
        let name: String
        let body: @Sendable () -> Void
        init(name: String, body: @escaping @Sendable () -> Void) {
            self.name = name
            self.body = body
        }
    }

    /// Runs `body` on a new detached thread named `name` (the kernel keeps its first 15 bytes).
    public static func start(_ name: String, _ body: @escaping @Sendable () -> Void) {
        let context = Unmanaged.passRetained(Start(name: name, body: body)).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(
            &thread, nil,
            { raw in
                let start = Unmanaged<Start>.fromOpaque(raw!).takeRetainedValue()
                fanout_name_this_thread(start.name)
                start.body()
                return nil
            }, context)
        guard created == 0 else {
            Unmanaged<Start>.fromOpaque(context).release()
            fatalError("cannot start thread \(name): \(String(cString: strerror(created)))")
        }
        pthread_detach(thread)
    }
}
