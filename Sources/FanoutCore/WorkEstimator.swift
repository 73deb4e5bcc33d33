/// Gives every discovered scope an expected duration and orders them longest first.
public struct WorkEstimator: Sendable {
    /// Used for unknown scopes when no scope has history at all.
    public static let defaultScopeSeconds = 1.0

    public var history: History

    public init(history: History) {
        self.history = history
    }

    /// Expected seconds for unknown scopes: the median of the known ones in this universe.
    public func unknownScopeEstimate(for scopes: [DiscoveredScope]) -> Double {
        let known = scopes.compactMap { history.expectedSeconds(ofScope: $0.id) }
        return DurationSamples.median(known) ?? Self.defaultScopeSeconds
    }

    /// Weighs `scopes` and sorts them longest expected first. Ties go to the larger file, then to the path,
    /// so the order is deterministic.
    public func weigh(_ scopes: [DiscoveredScope]) -> [WeightedScope] {
        let fallback = unknownScopeEstimate(for: scopes)
        let sizes = Dictionary(scopes.map { ($0.id, $0.sizeBytes) }, uniquingKeysWith: max)
        return scopes.map { scope in
            if let expected = history.expectedSeconds(ofScope: scope.id) {
                return WeightedScope(id: scope.id, expectedSeconds: expected, isKnown: true)
            }
            return WeightedScope(id: scope.id, expectedSeconds: fallback, isKnown: false)
        }
        .sorted { lhs, rhs in
            if lhs.expectedSeconds != rhs.expectedSeconds { return lhs.expectedSeconds > rhs.expectedSeconds }
            let (lhsSize, rhsSize) = (sizes[lhs.id] ?? 0, sizes[rhs.id] ?? 0)
            if lhsSize != rhsSize { return lhsSize > rhsSize }
            return lhs.id < rhs.id
        }
    }

    /// Expected fixed cost of one batch for `adapter`, from history.
    public func batchOverhead(adapter: String) -> Double? {
        history.batchOverhead[adapter]?.expected
    }
}
