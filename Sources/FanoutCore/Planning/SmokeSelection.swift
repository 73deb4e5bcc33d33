/// `--smoke N`: the N fastest tests that passed last time run first, alone in one batch, to catch a broken
/// environment (a missing service, a bad install) before the long files start. Their files run later without
/// them, so no test runs twice. If every smoke test fails, the run stops.
public struct SmokeSelection: Sendable, Equatable {
    /// Smoke test ids per scope, in id order.
    public let testsByScope: [String: [String]]

    public var count: Int { testsByScope.values.reduce(0) { $0 + $1.count } }

    /// Picks up to `count` tests from history: last outcome passed, in a scope of `universe`, fastest first
    /// (ties by id).
    public init(count: Int, history: History, universe: Set<String>) {
        let candidates = history.tests
            .filter {
                universe.contains($0.value.scope) && $0.value.lastOutcome == .passed
                    && $0.value.durations.expected != nil
            }
            .sorted { lhs, rhs in
                let (a, b) = (lhs.value.durations.expected!, rhs.value.durations.expected!)
                return a != b ? a < b : lhs.key < rhs.key
            }
            .prefix(max(0, count))
        var byScope: [String: [String]] = [:]
        for (id, record) in candidates { byScope[record.scope, default: []].append(id) }
        testsByScope = byScope.mapValues { $0.sorted() }
    }

    /// The smoke units (one slice per scope) and the other units with the smoke tests taken out: whole scopes
    /// deselect them, slices drop them.
    public func apply(to units: [WeightedScope]) -> (smoke: [WeightedScope], rest: [WeightedScope]) {
        let smokeIDs = Set(testsByScope.values.joined())
        let smoke = testsByScope.sorted { $0.key < $1.key }.map {
            WeightedScope(id: $0.key, expectedSeconds: 0, isKnown: true, tests: $0.value)
        }
        let rest = units.compactMap { unit -> WeightedScope? in
            var unit = unit
            if let tests = unit.tests {
                unit.tests = tests.filter { !smokeIDs.contains($0) }
                return unit.tests!.isEmpty ? nil : unit
            }
            if unit.members == nil, let excluded = testsByScope[unit.id] { unit.deselected = [unit.id: excluded] }
            return unit
        }
        return (smoke, rest)
    }
}
