/// A scope with its expected duration, ready to be queued.
public struct WeightedScope: Hashable, Sendable {
    public var id: String
    /// Expected seconds of test work.
    public var expectedSeconds: Double
    /// Whether the estimate comes from this scope's own history (false: an estimate for an unknown scope).
    public var isKnown: Bool

    public init(id: String, expectedSeconds: Double, isKnown: Bool) {
        self.id = id
        self.expectedSeconds = expectedSeconds
        self.isKnown = isKnown
    }
}
