/// What `fanout history show` prints, worked out from a history: the slowest, flakiest and most failing tests and
/// the trend of the suite's wall time.
public struct HistoryDigest: Sendable, Equatable {
    /// One test in one of the lists.
    public struct Entry: Sendable, Equatable {
        public var id: String
        /// Expected seconds (slowest), runs passed only on a retry plus outcome flips (flakiest), or failed runs.
        public var value: Double
        /// Runs that gave the test a result.
        public var runs: Int
    }

    public var testCount: Int
    public var scopeCount: Int
    public var slowest: [Entry]
    public var flakiest: [Entry]
    public var mostFailing: [Entry]
    /// The last runs, oldest first.
    public var runs: [RunSample]

    /// The top `count` of each list; ties by test id, so the output is stable.
    public init(_ history: History, count: Int, runs runCount: Int) {
        testCount = history.tests.count
        scopeCount = history.scopes.count
        func top(_ value: (History.TestRecord) -> Double) -> [Entry] {
            let entries = history.tests.compactMap { id, record -> Entry? in
                let score = value(record)
                return score > 0 ? Entry(id: id, value: score, runs: record.runs ?? 0) : nil
            }
            return Array(entries.sorted { ($1.value, $0.id) < ($0.value, $1.id) }.prefix(count))
        }
        slowest = top { $0.durations.expected ?? 0 }
        flakiest = top { Double(($0.flaky ?? 0) + ($0.flips ?? 0)) }
        mostFailing = top { Double($0.failures ?? 0) }
        runs = Array((history.runs ?? []).suffix(runCount))
    }
}
