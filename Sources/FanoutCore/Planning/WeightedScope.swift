/// A unit of queued work with its expected duration: a whole scope, or a slice of one scope's tests.
public struct WeightedScope: Hashable, Sendable {
    /// The scope's id (a slice keeps its scope's id).
    public var id: String
    /// Expected seconds of test work.
    public var expectedSeconds: Double
    /// Whether the estimate comes from this scope's own history (false: an estimate for an unknown scope).
    public var isKnown: Bool
    /// For a slice: the test ids it runs. Nil for a whole scope.
    public var tests: [String]?
    /// For a pinned group: its scopes, run in this order in one batch on one slot. `id` then names the group.
    public var members: [String]?
    /// Tests of whole scopes not to run here (they ran elsewhere, e.g. as smoke tests), by scope id: a pinned
    /// group's members each keep their own.
    public var deselected: [String: [String]]
    /// Runs in a batch of its own: it was in flight on a host that was lost, so if it is what kills hosts,
    /// nothing else goes down with it again.
    public var runsAlone: Bool
    /// The slot this unit should rather not run on (a retry prefers another worker than the one it failed on).
    public var avoid: WorkerID?
    /// May run twice at once (`speculate`): a copy of a straggling batch holding it may start on an idle slot.
    public var mayRunTwice: Bool

    public init(
        id: String, expectedSeconds: Double, isKnown: Bool, tests: [String]? = nil, members: [String]? = nil,
        deselected: [String: [String]] = [:], runsAlone: Bool = false, avoid: WorkerID? = nil,
        mayRunTwice: Bool = false
    ) {
        self.mayRunTwice = mayRunTwice
        self.id = id
        self.expectedSeconds = expectedSeconds
        self.isKnown = isKnown
        self.tests = tests
        self.members = members
        self.deselected = deselected
        self.runsAlone = runsAlone
        self.avoid = avoid
    }

    /// The scopes this unit runs.
    public var scopeIDs: [String] { members ?? [id] }
}
