/// A scope that runs alone across every slot of every host (the isoscope story): nothing else runs while its
/// tests do, its setup command runs exactly once before any of them and its teardown exactly once after all
/// of them, even when a host is lost in between.
public struct IsolatedScope: Sendable, Equatable {
    /// The scope (file) id.
    public var scope: String
    /// Its queue units: test slices to spread over the slots, or the whole scope.
    public var units: [WeightedScope]
    public var hasSetup: Bool
    public var hasTeardown: Bool

    public init(scope: String, units: [WeightedScope], hasSetup: Bool, hasTeardown: Bool) {
        self.scope = scope
        self.units = units
        self.hasSetup = hasSetup
        self.hasTeardown = hasTeardown
    }

    /// Every test id its slices name (empty when it runs as one whole unit).
    public var testIDs: [String] { units.flatMap { $0.tests ?? [] } }
}

extension IsolatedScope {
    /// An isolated scope whose tests are cut into one contiguous slice per slot (fewer when it has fewer tests),
    /// balanced by expected seconds, so every slot shares its work. Without tests it runs as one unit.
    public static func sliced(
        _ scope: WeightedScope, tests: [(id: String, seconds: Double)], slots: Int, hasSetup: Bool, hasTeardown: Bool
    ) -> IsolatedScope {
        guard tests.count > 1 else {
            var whole = scope
            whole.tests = tests.isEmpty ? nil : tests.map(\.id)
            return IsolatedScope(scope: scope.id, units: [whole], hasSetup: hasSetup, hasTeardown: hasTeardown)
        }
        let slices = ScopeSplitter.contiguousSlices(tests, count: min(tests.count, max(1, slots)))
        let units = slices.map { slice in
            WeightedScope(
                id: scope.id, expectedSeconds: slice.reduce(0) { $0 + $1.seconds }, isKnown: scope.isKnown,
                tests: slice.map(\.id))
        }
        return IsolatedScope(scope: scope.id, units: units, hasSetup: hasSetup, hasTeardown: hasTeardown)
    }
}
