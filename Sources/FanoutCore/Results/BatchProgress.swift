/// What each in-flight batch has reported so far, to judge an abnormal end: did a test explain it (the process
/// ended in that test), and which scopes got results before it.
struct BatchProgress: Sendable {
    /// Scopes that got at least one result, final or held for a retry, by batch id.
    private var reportedScopes: [Int: Set<String>] = [:]
    /// Batches in which a test reported that the process ended while it ran.
    private var explainedEnds: Set<Int> = []

    /// Notes a result of `batch` that the run took (recorded, or held for a retry).
    mutating func took(_ result: TestResult, batch: Int) {
        reportedScopes[batch, default: []].insert(result.scope)
        if result.endedItsProcess == true { explainedEnds.insert(batch) }
    }

    func reported(batch: Int, anyOf scopes: [String]) -> Bool {
        !(reportedScopes[batch] ?? []).isDisjoint(with: scopes)
    }

    func endWasExplained(batch: Int) -> Bool { explainedEnds.contains(batch) }

    /// Forgets a batch that is over.
    mutating func forget(batch: Int) {
        reportedScopes[batch] = nil
        explainedEnds.remove(batch)
    }
}
