#if canImport(Glibc)
    import Glibc
#endif

/// The process's standard output or error, written without ever trapping: once a write fails (a reader that
/// went away, `| head`, a terminal that hung up, a closed descriptor) the stream drops everything after it, so
/// a run goes on to its reports and its exit code instead of dying on its console.
public final class StandardStream: Sendable {
    public static let output = StandardStream(descriptor: STDOUT_FILENO)
    public static let error = StandardStream(descriptor: STDERR_FILENO)

    private let descriptor: Int32
    private let open = Locked(true)

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Whether writes still reach the stream's reader.
    public var isOpen: Bool { open.withLock { $0 } }

    /// Writes `text` whole, or nothing once the stream has failed.
    public func write(_ text: String) {
        write(Array(text.utf8))
    }

    public func write(_ bytes: [UInt8]) {
        open.withLock { isOpen in
            guard isOpen else { return }
            do {
                try FileDescriptorIO.writeAll(descriptor, bytes)
            } catch {
                isOpen = false
            }
        }
    }

    /// Makes the process safe against the ways its standard streams can go: a write to a reader that is gone
    /// is an error, not SIGPIPE's death, and a standard descriptor that was closed at start is /dev/null, so
    /// the next pipe or file the process opens never lands on descriptor 1 or 2 and receives its console.
    public static func protectProcess() {
        signal(SIGPIPE, SIG_IGN)
        for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(descriptor, F_GETFD) == -1 {
            let null = Glibc.open("/dev/null", O_RDWR)
            if null >= 0 && null != descriptor {
                dup2(null, descriptor)
                Glibc.close(null)
            }
        }
    }
}
