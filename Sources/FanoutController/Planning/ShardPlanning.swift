import FanoutConfig
import FanoutCore
import FanoutProtocol
import Foundation

/// `fanout plan`: makes, checks and loads shard plans for a workspace (discovery, history and test collection
/// around the pure `RunPlanner` and `PlanChecker`).
public struct ShardPlanning: Sendable {
    public let workspace: String
    public let framework: WorkspaceFramework
    public let settings: FanoutSettings

    public init(workspace: String, adapter: AdapterSpec, settings: FanoutSettings) throws {
        self.workspace = workspace
        self.framework = try WorkspaceFramework(
            adapter: adapter, workspace: workspace, paths: settings.paths, excludes: settings.exclude)
        self.settings = settings
    }

    public func plan(shards: Int) throws -> ShardPlan {
        var planner = try planner()
        return try framework.answer(&planner) { try $0.shardPlan(count: shards) }
    }

    /// Problems of `plan` against the workspace as it is now.
    public func check(_ plan: ShardPlan) throws -> [String] {
        let planner = try planner()
        let (scopes, _) = PlanWeights.weigh(planner.discovered, history: planner.history)
        let split = plan.shards.flatMap(\.items).filter { $0.tests != nil }.map(\.scope)
        let collected = try framework.collect(Array(Set(split)).sorted())
        return PlanChecker().problems(plan, universe: scopes.map(\.id), collected: collected)
    }

    private func planner() throws -> RunPlanner {
        RunPlanner(
            discovered: try framework.discover(), history: HistoryStore(workspace: workspace).load().0,
            settings: PlanningSettings(
                adapter: framework.framework.name, slots: 1, pins: PinGroups(settings.pin),
                pinMarkers: settings.pinMarkers, isolation: settings.isolated.map(\.rule)))
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
