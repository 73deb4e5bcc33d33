/// Where a run stands with its isolated scopes: those still waiting, and the one being set up, tested or torn
/// down. Isolated scopes run one at a time after all other work.
struct IsolationProgress: Sendable {
    enum Stage: Sendable, Equatable {
        /// Its setup command runs; no test of it may start.
        case settingUp
        /// Its units are in the queue and nothing else is.
        case testing
        /// Its teardown command runs; every test of it has ended.
        case tearingDown
    }

    struct Current: Sendable {
        var scope: IsolatedScope
        var stage: Stage
        /// Whether its setup ran and succeeded (or it has none), so its teardown is owed.
        var setUp: Bool
        var setupStartedAt: Double?
    }

    var waiting: [IsolatedScope]
    var current: Current?

    init(_ scopes: [IsolatedScope]) {
        self.waiting = scopes
    }

    /// True while a setup or teardown command is running: the run cannot finish before it ends.
    var commandRunning: Bool { current.map { $0.stage != .testing } ?? false }

    /// Takes the next waiting scope as current, at its first stage.
    mutating func startNext() -> Current? {
        guard !waiting.isEmpty else { return nil }
        let next = waiting.removeFirst()
        current = Current(scope: next, stage: next.hasSetup ? .settingUp : .testing, setUp: !next.hasSetup)
        return current
    }

    /// Drops the scopes that never started and returns their scope ids.
    mutating func dropWaiting() -> [String] {
        defer { waiting.removeAll() }
        return waiting.map(\.scope)
    }
}
