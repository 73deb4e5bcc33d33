/// Why a run stops before its end.
public enum StopReason: Sendable, Equatable, CustomStringConvertible {
    /// `--maxfail N`: N tests failed.
    case maxfail(Int)
    /// Ctrl-C or SIGTERM: running batches are stopped and the partial report written.
    case interrupted
    /// A second interrupt: the run no longer waits for running batches (an owed teardown still runs).
    case interruptedAgain
    /// `--smoke`: every smoke test failed, so the environment looks broken.
    case smokeFailed(count: Int)
    /// The framework rejected how it was invoked; `message` says what it said.
    case usageError(String)
    /// A problem no host can fix (a refused host key).
    case aborted(String)

    public var description: String {
        switch self {
        case .maxfail(let count): "stopping after \(count) failed tests (--maxfail)"
        case .interrupted: "interrupted: stopping running batches and writing the partial report"
        case .interruptedAgain: "interrupted again: not waiting for running batches (the teardown still runs)"
        case .smokeFailed(let count):
            "all \(count) smoke tests failed: the environment looks broken, stopping (see the failures above)"
        case .usageError(let message), .aborted(let message): message
        }
    }
}
