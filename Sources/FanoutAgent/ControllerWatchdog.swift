import FanoutPosix

#if canImport(Glibc)
    import Glibc
#endif

/// Notices a controller that went silent. A cut link or a frozen controller sends no end of input, only
/// silence; an agent that then kept running would leave tests going that the controller already handed to
/// another host.
final class ControllerWatchdog: Sendable {
    private struct State {
        var lastHeard: Double
        var limit: Double
    }

    private let state: Locked<State>

    /// Starts watching; `limit` seconds of silence until the controller's hello says otherwise.
    init(limit: Double) {
        state = Locked(State(lastHeard: SystemInfo.now, limit: limit))
    }

    /// Anything from the controller.
    func heard() {
        state.withLock { $0.lastHeard = SystemInfo.now }
    }

    func setLimit(_ limit: Double) {
        state.withLock { $0.limit = limit }
    }

    /// Checks once a second on its own thread; `silent` runs (and should not return) once the limit is passed.
    func start(silent: @escaping @Sendable (Double) -> Void) {
        let state = self.state
        Threads.start("fanout-watchdog") {
            while true {
                usleep(250_000)
                let (quiet, limit) = state.withLock { (SystemInfo.now - $0.lastHeard, $0.limit) }
                if quiet > limit { silent(quiet) }
            }
        }
    }
}
