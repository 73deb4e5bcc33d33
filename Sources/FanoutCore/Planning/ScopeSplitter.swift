/// Cuts oversized scopes into test-level slices, so one file longer than a slot's share of the run no longer
/// decides the makespan (the CPython regrtest and PostHog stories).
///
/// A scope is split when it is a candidate (matched by the user's patterns, or any scope in `auto` mode) and
/// its expected time exceeds the split threshold: a slot's share of the run. Slices are contiguous runs of
/// the file's tests, so class and module fixtures stay together, each about `sliceSeconds` long.
public struct ScopeSplitter: Sendable {
    public enum Mode: Sendable, Equatable {
        case off
        /// Split any scope over the threshold.
        case auto
        /// Split only scopes matching these patterns (over the threshold, or when the threshold is unknown).
        case patterns([GlobPattern])
    }

    public var mode: Mode
    public var slotCount: Int
    /// Lower bound on a slice's expected seconds (the batch policy's floor), so slices pay for their process.
    public var minimumSliceSeconds: Double

    public init(mode: Mode, slotCount: Int, minimumSliceSeconds: Double) {
        self.mode = mode
        self.slotCount = max(1, slotCount)
        self.minimumSliceSeconds = max(0, minimumSliceSeconds)
    }

    /// Whether `scope` may be split at all.
    public func isCandidate(_ scope: String) -> Bool {
        switch mode {
        case .off: false
        case .auto: true
        case .patterns(let patterns): patterns.contains { $0.matches(scope) }
        }
    }

    /// Scopes worth collecting tests for: candidates over the threshold (auto) or matching a pattern.
    public func scopesToCollect(_ scopes: [WeightedScope]) -> [String] {
        let threshold = splitThreshold(scopes)
        return scopes.filter { $0.members == nil && isCandidate($0.id) && ($0.expectedSeconds > threshold || !isAuto) }
            .map(\.id)
    }

    private var isAuto: Bool { mode == .auto }

    /// A slot's share of the whole run.
    public func splitThreshold(_ scopes: [WeightedScope]) -> Double {
        scopes.reduce(0) { $0 + $1.expectedSeconds } / Double(slotCount)
    }

    /// Replaces oversized candidate scopes by slices. `tests` gives each collected scope's test ids in file
    /// order with their expected seconds; scopes without an entry stay whole. The result is sorted longest
    /// first, and every test of a split scope is in exactly one slice.
    public func split(_ scopes: [WeightedScope], tests: [String: [(id: String, seconds: Double)]]) -> [WeightedScope] {
        let threshold = splitThreshold(scopes)
        let sliceSeconds = max(minimumSliceSeconds, threshold / 2)
        var units: [WeightedScope] = []
        for scope in scopes {
            guard scope.members == nil, isCandidate(scope.id), let scopeTests = tests[scope.id], scopeTests.count > 1,
                scope.expectedSeconds > threshold || !isAuto
            else {
                units.append(scope)
                continue
            }
            let total = scopeTests.reduce(0) { $0 + $1.seconds }
            let count = min(scopeTests.count, max(2, Int((total / max(sliceSeconds, 1e-9)).rounded(.up))))
            units += Self.contiguousSlices(scopeTests, count: count).map { slice in
                WeightedScope(
                    id: scope.id, expectedSeconds: slice.reduce(0) { $0 + $1.seconds }, isKnown: scope.isKnown,
                    tests: slice.map(\.id))
            }
        }
        return units.sorted { lhs, rhs in
            lhs.expectedSeconds != rhs.expectedSeconds
                ? lhs.expectedSeconds > rhs.expectedSeconds
                : (lhs.id, lhs.tests?.first ?? "") < (rhs.id, rhs.tests?.first ?? "")
        }
    }

    /// Cuts `tests` into `count` contiguous non-empty runs of about equal expected time (`count` at most the
    /// number of tests).
    public static func contiguousSlices(_ tests: [(id: String, seconds: Double)], count: Int) -> [[(
        id: String, seconds: Double
    )]] {
        let total = tests.reduce(0) { $0 + $1.seconds }
        var slices: [[(id: String, seconds: Double)]] = []
        var current: [(id: String, seconds: Double)] = []
        var done = 0.0
        for (index, test) in tests.enumerated() {
            current.append(test)
            done += test.seconds
            let remainingTests = tests.count - index - 1
            let remainingSlices = count - slices.count - 1
            let boundary = total * Double(slices.count + 1) / Double(count)
            if remainingSlices > 0 && (done >= boundary || remainingTests == remainingSlices) {
                slices.append(current)
                current = []
            }
        }
        if !current.isEmpty { slices.append(current) }
        return slices
    }
}
