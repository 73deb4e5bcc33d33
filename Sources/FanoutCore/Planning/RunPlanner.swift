/// Plans a run, purely: the discovered scopes, the history and the settings in; the queue's units (smoke batch,
/// regular units, isolated scopes), a static shard plan, or the simulator's starting queue out.
///
/// What only the framework can tell (a scope's tests, the scopes with a mark) the planner asks for: each step
/// returns either a question or the result. The caller answers and steps again, so `fanout run`, `--list`,
/// `fanout plan` and `fanout simulate` all plan with this one pipeline and no I/O happens in here:
///
///     var planner = RunPlanner(discovered: scopes, history: history, settings: settings)
///     while case .ask(let question) = try planner.runPlan() { planner.answer(question, by: framework) }
public struct RunPlanner: Sendable {
    public let discovered: [DiscoveredScope]
    public let history: History
    /// Why the history could not be read, if it could not (kept for the report).
    public let historyNotice: String?
    public let settings: PlanningSettings
    /// Per mark: the scopes asked about, and those of them whose tests carry it.
    private var markAsked: [String: Set<String>] = [:]
    private var markFound: [String: Set<String>] = [:]
    /// Test ids of the scopes collected so far (a scope that failed to collect is asked, not found).
    private var collected: [String: [String]] = [:]
    private var collectionAsked: Set<String> = []

    public init(
        discovered: [DiscoveredScope], history: History, historyNotice: String? = nil, settings: PlanningSettings
    ) {
        self.discovered = discovered
        self.history = history
        self.historyNotice = historyNotice
        self.settings = settings
    }

    /// Records the framework's answer: of `scopes`, those in `found` carry `marker`.
    public mutating func answer(marked marker: String, among scopes: [String], found: [String]) {
        markAsked[marker, default: []].formUnion(scopes)
        markFound[marker, default: []].formUnion(found)
    }

    /// Records the framework's answer: the test ids of `scopes` (missing ones did not collect).
    public mutating func answer(tests: [String: [String]], of scopes: [String]) {
        collectionAsked.formUnion(scopes)
        collected.merge(tests) { _, new in new }
    }

    /// The plan of this run, or the next question.
    public func runPlan() throws -> PlanningStep<RunPlan> {
        try asking { try makeRunPlan() }
    }

    /// The static plan of `count` shards (`fanout plan --shards N`), or the next question.
    public func shardPlan(count: Int) throws -> PlanningStep<ShardPlan> {
        try asking { try makeShardPlan(count) }
    }

    /// The scopes among `scopes` whose tests carry `marker`, in path order; asks for the ones not known yet.
    func scopes(marked marker: String, among scopes: [String]) throws -> [String] {
        let missing = scopes.filter { !(markAsked[marker]?.contains($0) ?? false) }
        if !missing.isEmpty { throw Unanswered(question: .marked(marker, among: missing)) }
        let found = markFound[marker] ?? []
        return scopes.filter { found.contains($0) }.sorted()
    }

    /// The collected test ids of `scopes`; asks for the ones not collected yet.
    func tests(of scopes: [String]) throws -> [String: [String]] {
        let missing = scopes.filter { !collectionAsked.contains($0) }
        if !missing.isEmpty { throw Unanswered(question: .tests(of: missing)) }
        let wanted = Set(scopes)
        return collected.filter { wanted.contains($0.key) }
    }

    /// `body`'s result, or the question it stopped at.
    private func asking<Result>(_ body: () throws -> Result) throws -> PlanningStep<Result> {
        do {
            return .ready(try body())
        } catch let unanswered as Unanswered {
            return .ask(unanswered.question)
        }
    }

    /// Unwinds a planning step that needs an answer it does not have yet.
    struct Unanswered: Error {
        let question: PlanningQuestion
    }
}
