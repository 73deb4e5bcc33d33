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

    /// How far an unknown file's size may move its estimate from the fallback, either way: sizes say which
    /// files are big, not by how much (a data-driven module can be large and fast).
    public static let sizeFactorLimit = 10.0

    /// Weighs `scopes` and sorts them longest expected first. A scope without history gets the fallback
    /// estimate scaled by its file's size against the median size of such files (within `sizeFactorLimit`), so
    /// a first run already gives big files batches of their own. Ties go to the larger file, then to the path,
    /// so the order is deterministic.
    public func weigh(_ scopes: [DiscoveredScope]) -> [WeightedScope] {
        let fallback = unknownScopeEstimate(for: scopes)
        let sizes = Dictionary(scopes.map { ($0.id, $0.sizeBytes) }, uniquingKeysWith: max)
        let unknownSizes = scopes.filter { $0.sizeBytes > 0 && history.expectedSeconds(ofScope: $0.id) == nil }
            .map { Double($0.sizeBytes) }
        let medianSize = DurationSamples.median(unknownSizes)
        return scopes.map { scope in
            if let expected = history.expectedSeconds(ofScope: scope.id) {
                return WeightedScope(id: scope.id, expectedSeconds: expected, isKnown: true)
            }
            guard let medianSize, medianSize > 0, scope.sizeBytes > 0 else {
                return WeightedScope(id: scope.id, expectedSeconds: fallback, isKnown: false)
            }
            let factor = min(Self.sizeFactorLimit, max(1 / Self.sizeFactorLimit, Double(scope.sizeBytes) / medianSize))
            return WeightedScope(id: scope.id, expectedSeconds: fallback * factor, isKnown: false)
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
