/// `--lf`: only the tests that failed or errored last time, from Fanout's history (pytest's `--last-failed`,
/// across every host of the last run). A file-level failure (a collection error) brings back the whole file.
public struct LastFailedSelection: Sendable, Equatable {
    /// Failed test ids per scope, in id order.
    public let testsByScope: [String: [String]]
    /// Scopes that failed as a whole (their own id carries the failure).
    public let wholeScopes: Set<String>

    public init(history: History, universe: Set<String>) {
        var byScope: [String: [String]] = [:]
        var whole: Set<String> = []
        for (id, record) in history.tests where record.lastOutcome.isFailure && universe.contains(record.scope) {
            if id == record.scope { whole.insert(id) } else { byScope[record.scope, default: []].append(id) }
        }
        testsByScope = byScope.filter { !whole.contains($0.key) }.mapValues { $0.sorted() }
        wholeScopes = whole
    }

    public var isEmpty: Bool { testsByScope.isEmpty && wholeScopes.isEmpty }

    /// Failed tests plus files that failed whole.
    public var count: Int { testsByScope.values.reduce(0) { $0 + $1.count } + wholeScopes.count }

    /// The units to run: each selected scope whole or as a slice of its failed tests, weighed by their history,
    /// longest first.
    public func apply(to scopes: [WeightedScope], history: History) -> [WeightedScope] {
        scopes.compactMap { scope -> WeightedScope? in
            if wholeScopes.contains(scope.id) { return scope }
            guard let tests = testsByScope[scope.id] else { return nil }
            let seconds = tests.reduce(0) { $0 + (history.tests[$1]?.durations.expected ?? 0) }
            return WeightedScope(id: scope.id, expectedSeconds: seconds, isKnown: scope.isKnown, tests: tests)
        }
        .sorted { $0.expectedSeconds != $1.expectedSeconds ? $0.expectedSeconds > $1.expectedSeconds : $0.id < $1.id }
    }
}
