import FanoutPosix
import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// The one way an agent ends, whatever ends it (the controller's shutdown, the end of its input, its silence, a
/// signal, a broken connection, a fatal error): every test process group killed, every warm worker stopped, the
/// private directory removed, then exit.
final class AgentEnding: Sendable {
    private let registry: ProcessRegistry
    private let session = Locked<AgentSession?>(nil)
    private let ending = Locked(false)

    init(registry: ProcessRegistry) {
        self.registry = registry
    }

    /// The session whose directory and workers the end must clean up.
    func began(_ session: AgentSession) {
        self.session.withLock { $0 = session }
    }

    /// Kills what runs, cleans up and exits with `code`. A second caller (another thread) waits for the first.
    func end(code: Int32) -> Never {
        let first = ending.withLock { already -> Bool in
            defer { already = true }
            return !already
        }
        if first {
            registry.killAll()
            session.withLock { $0 }?.cleanUp()
            exit(code)
        }
        while true { pause() }
    }
}
