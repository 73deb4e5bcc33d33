import FanoutAdapters
import FanoutConfig
import FanoutCore
import FanoutProtocol
import Foundation

/// Makes, checks and loads shard plans for a workspace (discovery, history and test collection around the
/// pure `ShardPlanner` and `PlanChecker`).
public struct ShardPlanning: Sendable {
    public let workspace: String
    public let adapter: String
    public let executable: String
    public let frameworkArgs: [String]
    public let settings: FanoutSettings

    public init(
        workspace: String, adapter: String, executable: String, frameworkArgs: [String], settings: FanoutSettings
    ) {
        self.workspace = workspace
        self.adapter = adapter
        self.executable = executable
        self.frameworkArgs = frameworkArgs
        self.settings = settings
    }

    /// The files of the workspace weighed for planning, and the history used.
    public func universe() throws -> (scopes: [WeightedScope], basis: String, history: History) {
        let history = HistoryStore(workspace: workspace).load().0
        let discovered = try AdapterRegistry.discover(
            adapter: adapter, workspace: workspace, settings: settings, command: settings.command?.spec)
        let (scopes, basis) = PlanWeights.weigh(discovered, history: history)
        return (scopes, basis, history)
    }

    public func plan(shards: Int) throws -> ShardPlan {
        let history = HistoryStore(workspace: workspace).load().0
        return try plan(
            shards: shards,
            discovered: AdapterRegistry.discover(
                adapter: adapter, workspace: workspace, settings: settings, command: settings.command?.spec),
            history: history)
    }

    /// The plan for files already discovered, with a history already loaded (a shard run has both).
    public func plan(shards: Int, discovered: [DiscoveredScope], history: History) throws -> ShardPlan {
        let (scopes, basis) = PlanWeights.weigh(discovered, history: history)
        let (groups, keepWhole) = try wholeAndTogether(scopes.map(\.id))
        let planner = ShardPlanner(shardCount: shards, groups: groups, keepWhole: keepWhole)
        let toSplit = planner.scopesToSplit(scopes)
        let collected = try collect(toSplit)
        let expected = Dictionary(uniqueKeysWithValues: scopes.map { ($0.id, $0.expectedSeconds) })
        var tests: [String: [(id: String, seconds: Double)]] = [:]
        for (scope, ids) in collected {
            tests[scope] = PlanWeights.tests(ids, scopeSeconds: expected[scope] ?? 1, history: history)
        }
        return try planner.plan(scopes, tests: tests, basis: basis)
    }

    /// Pin groups (one shard each) and the files never planned test by test: pinned and isolated ones, whose
    /// setup and teardown must run once, in one shard.
    func wholeAndTogether(_ scopes: [String]) throws -> (groups: [[String]], keepWhole: Set<String>) {
        let constraints = ScopeConstraints(
            workspace: workspace,
            adapter: AdapterSpec(name: adapter, executable: executable, frameworkArgs: frameworkArgs))
        let (pins, _) = try constraints.pinGroups(PinGroups(settings.pin), markers: settings.pinMarkers, scopes: scopes)
        var groups: [Int: [String]] = [:]
        for scope in scopes { if let group = pins.group(of: scope) { groups[group, default: []].append(scope) } }
        let rules = try constraints.isolationRules(settings.isolated.map(\.rule), scopes: scopes)
        let isolated = Set(rules.isolatedScopes(among: scopes))
        let pinned = groups.sorted { $0.key < $1.key }.map { $0.value.filter { !isolated.contains($0) } }
        return (pinned, isolated)
    }

    /// Problems of `plan` against the workspace as it is now.
    public func check(_ plan: ShardPlan) throws -> [String] {
        let (scopes, _, _) = try universe()
        let split = plan.shards.flatMap(\.items).filter { $0.tests != nil }.map(\.scope)
        let collected = try collect(Array(Set(split)).sorted())
        return PlanChecker().problems(plan, universe: scopes.map(\.id), collected: collected)
    }

    private func collect(_ scopes: [String]) throws -> [String: [String]] {
        try AdapterRegistry.collectTests(
            adapter: adapter, workspace: workspace, executable: executable, frameworkArgs: frameworkArgs, scopes: scopes
        )
    }

    public static func load(_ path: String) throws -> ShardPlan {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ControllerError("cannot read the plan \(path)")
        }
        do {
            return try JSONDecoder().decode(ShardPlan.self, from: data)
        } catch {
            throw ControllerError("\(path) is not a Fanout plan: \(error)")
        }
    }

    public static func encode(_ plan: ShardPlan) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(plan) + Data("\n".utf8)
    }
}
