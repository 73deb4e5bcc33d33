import FanoutCore
import FanoutPosix
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reads and writes `.fanout/history.json` at the workspace root. A missing, unreadable or foreign-version
/// file means an empty history plus a notice, never a failed run.
public struct HistoryStore: Sendable {
    public let path: String

    public init(workspace: String) {
        path = (workspace as NSString).appendingPathComponent(".fanout/history.json")
    }

    /// The history and, when the file could not be used, why.
    public func load() -> (History, notice: String?) {
        guard let data = FileManager.default.contents(atPath: path) else { return (History(), nil) }
        do {
            let history = try JSONDecoder().decode(History.self, from: data)
            guard history.version == History.formatVersion else {
                return (
                    History(), "ignored \(path): history format \(history.version), expected \(History.formatVersion)"
                )
            }
            return (history, nil)
        } catch {
            return (History(), "ignored unreadable history \(path) (\(error)); it will be rewritten after this run")
        }
    }

    public func save(_ history: History) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try AtomicFile.write(try encoder.encode(history), to: path)
    }

    /// Folds a run into the history as it is on disk now, under an exclusive lock: two runs in one workspace
    /// each add their results, instead of the last to finish overwriting what the other wrote since it began.
    public func merge(_ update: HistoryUpdate) throws {
        try self.update { update.applied(to: $0) }
    }

    /// Replaces the history on disk by `change` of it, under the same lock as `merge`.
    public func update(_ change: (History) -> History) throws {
        let lockPath = path + ".lock"
        try AtomicFile.makeDirectories(PathText.parent(lockPath), for: lockPath)
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw PosixError("cannot open \(lockPath)") }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX) == 0 else { throw PosixError("cannot lock \(lockPath)") }
        defer { flock(descriptor, LOCK_UN) }
        try save(change(load().0))
    }
}
