import FanoutAdapters
import Synchronization

/// Runs the adapter's per-host workspace preparation (a build) once per agent session; slots that ask while it
/// runs wait for it, and all of them get its outcome.
final class WorkspacePreparation: Sendable {
    private let outcome = Mutex<String??>(nil)

    /// Nil when the workspace is ready, else why it is not.
    func ensure(_ runner: any BatchRunning, context: SlotContext) -> String? {
        outcome.withLock { outcome in
            if let known = outcome { return known }
            var failure: String?
            do {
                try runner.prepareWorkspace(in: context)
            } catch {
                failure = "\(error)"
            }
            outcome = .some(failure)
            return failure
        }
    }
}
