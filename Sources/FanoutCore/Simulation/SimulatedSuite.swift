#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A suite for simulation: scopes with their tests' expected durations (seconds).
public struct SimulatedSuite: Sendable, Equatable {
    public struct Scope: Sendable, Equatable {
        public var id: String
        public var tests: [Double]

        public init(id: String, tests: [Double]) {
            self.id = id
            self.tests = tests
        }

        public var total: Double { tests.reduce(0, +) }
    }

    /// Shapes of suites that the scheduler must handle.
    public enum Distribution: String, Sendable, CaseIterable {
        /// 120 files of 1-10 tests, each 0.05-1 s.
        case uniform
        /// 200 files whose sizes follow a Pareto law, as real suites do: most files are quick, a few are slow.
        case heavyTailed = "heavy-tailed"
        /// 60 ordinary files and one file holding a third of all the work (CPython's test_multiprocessing story).
        case giantScope = "giant-scope"
    }

    public var name: String
    public var scopes: [Scope]

    public init(name: String, scopes: [Scope]) {
        self.name = name
        self.scopes = scopes
    }

    public var total: Double { scopes.reduce(0) { $0 + $1.total } }
    public var testCount: Int { scopes.reduce(0) { $0 + $1.tests.count } }

    /// A generated suite; the same seed gives the same suite.
    public static func generate(_ distribution: Distribution, seed: UInt64) -> SimulatedSuite {
        var random = SeededRandom(seed: seed)
        var scopes: [Scope] = []
        switch distribution {
        case .uniform:
            for index in 0..<120 {
                let count = 1 + Int(random.unit() * 10)
                scopes.append(
                    Scope(id: "test_u\(index).py", tests: (0..<count).map { _ in 0.05 + random.unit() * 0.95 }))
            }
        case .heavyTailed:
            for index in 0..<200 {
                // Pareto with shape 1.2, scale 0.2 s, capped: total file time, spread over its tests.
                let fileSeconds = min(60, 0.2 / pow(1 - random.unit(), 1 / 1.2))
                let count = 1 + Int(random.unit() * 20)
                let weights = (0..<count).map { _ in 0.2 + random.unit() }
                let sum = weights.reduce(0, +)
                scopes.append(Scope(id: "test_h\(index).py", tests: weights.map { fileSeconds * $0 / sum }))
            }
        case .giantScope:
            for index in 0..<60 {
                let count = 2 + Int(random.unit() * 6)
                scopes.append(Scope(id: "test_g\(index).py", tests: (0..<count).map { _ in 0.1 + random.unit() * 0.9 }))
            }
            let ordinary = scopes.reduce(0) { $0 + $1.total }
            let giantTests = 150
            scopes.append(
                Scope(
                    id: "test_giant.py",
                    tests: (0..<giantTests).map { _ in (ordinary / 2) / Double(giantTests) * (0.5 + random.unit()) }))
        }
        return SimulatedSuite(name: distribution.rawValue, scopes: scopes)
    }
}
