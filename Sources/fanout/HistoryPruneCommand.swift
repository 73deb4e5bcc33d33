import ArgumentParser
import FanoutController
import FanoutCore
import FanoutPosix
import Foundation

/// `fanout history prune`.
struct HistoryPruneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Forget tests not seen for a while or named, learned per-batch overheads, or old runs.",
        discussion: """
            Files and tests that are gone from the suite are forgotten by every run already; prune is for what a \
            run cannot tell is stale: tests of a branch, a renamed parametrisation, overheads learned on other \
            machines.
            """)

    @Argument(help: "Workspace (default: the current directory).")
    var workspace: String = "."

    @Option(help: "Forget tests that gave no result for this many days.")
    var olderThan: Double?

    @Option(name: .customLong("match"), help: "Forget tests whose id or file matches this glob (repeatable).")
    var patterns: [String] = []

    @Flag(help: "Forget every learned per-batch overhead (after moving to other machines).")
    var overheads = false

    @Option(help: "Keep only this many of the recorded runs.")
    var keepRuns: Int?

    func validate() throws {
        if olderThan == nil && patterns.isEmpty && !overheads && keepRuns == nil {
            throw ValidationError("say what to prune: --older-than DAYS, --match GLOB, --overheads or --keep-runs N")
        }
        if let olderThan, !(olderThan >= 0) { throw ValidationError("--older-than takes days >= 0") }
        if let keepRuns, keepRuns < 0 { throw ValidationError("--keep-runs takes a count >= 0") }
    }

    func run() throws {
        let (store, _) = HistoryCommand.load(workspace)
        let cutoff = olderThan.map { Date().timeIntervalSince1970 - $0 * 86400 }
        let globs = patterns.map { GlobPattern($0, mode: .fnmatch) }
        var removed = History.Pruned()
        var kept = 0
        do {
            // Under the run's lock: a run that ends meanwhile folds its results into the pruned history.
            try store.update { history in
                let pruned = history.pruned(
                    seenBefore: cutoff, matching: globs, overheads: overheads, keepRuns: keepRuns)
                (removed, kept) = (pruned.removed, pruned.history.tests.count)
                return pruned.history
            }
        } catch {
            StandardStream.error.write("fanout: error: could not save \(store.path): \(error)\n")
            throw ArgumentParser.ExitCode(FanoutCore.ExitCode.internalError.rawValue)
        }
        print(
            "fanout: pruned \(store.path): \(removed.tests) tests, \(removed.scopes) files, "
                + "\(removed.overheads) overheads, \(removed.runs) runs removed; \(kept) tests kept")
    }
}
