/// `fanout history prune`: forgets what no longer describes the suite.
extension History {
    /// What a prune removed.
    public struct Pruned: Sendable, Equatable {
        public var tests = 0
        public var scopes = 0
        public var overheads = 0
        public var runs = 0

        public init(tests: Int = 0, scopes: Int = 0, overheads: Int = 0, runs: Int = 0) {
            (self.tests, self.scopes, self.overheads, self.runs) = (tests, scopes, overheads, runs)
        }
    }

    /// The history without: tests last seen before `seenBefore` (those never stamped are kept), tests whose id or
    /// file matches one of `matching`, files with no test left, every per-batch overhead (`overheads`, to learn them
    /// again after a change of machines), and all but the last `keepRuns` runs.
    public func pruned(
        seenBefore: Double?, matching: [GlobPattern], overheads: Bool, keepRuns: Int?
    ) -> (history: History, removed: Pruned) {
        var history = self
        var removed = Pruned()
        history.tests = tests.filter { id, record in
            let stale = seenBefore.map { cutoff in record.lastSeen.map { $0 < cutoff } ?? false } ?? false
            let named = matching.contains { $0.matches(id) || $0.matches(record.scope) }
            return !(stale || named)
        }
        removed.tests = tests.count - history.tests.count
        let scopesWithTests = Set(history.tests.values.map(\.scope))
        let droppedScopes = Set(tests.values.map(\.scope)).subtracting(scopesWithTests)
        history.scopes = scopes.filter { scope, _ in
            !droppedScopes.contains(scope) && !matching.contains { $0.matches(scope) }
        }
        removed.scopes = scopes.count - history.scopes.count
        if overheads {
            removed.overheads = batchOverhead.count
            history.batchOverhead = [:]
        }
        if let keepRuns, let runs, runs.count > keepRuns {
            removed.runs = runs.count - keepRuns
            history.runs = Array(runs.suffix(keepRuns))
        }
        return (history, removed)
    }
}
