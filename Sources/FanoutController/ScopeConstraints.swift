import FanoutAdapters
import FanoutConfig
import FanoutCore
import FanoutProtocol

/// What config says about keeping files together or whole, resolved against the files of a workspace:
/// pin groups (patterns and pytest marks) and isolated files (patterns and marks). Shared by runs and plans.
struct ScopeConstraints {
    let workspace: String
    let adapter: AdapterSpec

    /// The files among `scopes` with tests carrying pytest mark `marker`.
    func scopes(marked marker: String, among scopes: [String]) throws -> [String] {
        try AdapterRegistry.scopesWithMarker(
            marker, adapter: adapter.name, workspace: workspace, executable: adapter.executable,
            frameworkArgs: adapter.frameworkArgs, scopes: scopes)
    }

    /// `pins` plus one group per pin mark (the files among `scopes` with tests carrying it), and a notice per
    /// mark group.
    func pinGroups(_ pins: PinGroups, markers: [String], scopes: [String]) throws -> (PinGroups, [String]) {
        var groups: [[String]] = []
        var notices: [String] = []
        for marker in markers {
            let files = try self.scopes(marked: marker, among: scopes)
            guard !files.isEmpty else { continue }
            groups.append(files)
            notices.append("pinned \(files.count) files with tests marked '\(marker)' to one slot")
        }
        return (pins.adding(scopeGroups: groups), notices)
    }

    /// `rules` with their marks resolved to the files among `scopes` whose tests carry them.
    func isolationRules(_ rules: [IsolationRule], scopes: [String]) throws -> [IsolationRule] {
        try rules.map { rule in
            guard let marker = rule.marker else { return rule }
            var resolved = rule
            resolved.markedScopes = Set(try self.scopes(marked: marker, among: scopes))
            return resolved
        }
    }
}

extension IsolatedSettings {
    /// This `[[isolated]]` entry as the core's rule.
    public var rule: IsolationRule {
        IsolationRule(patterns: paths, marker: marker, setup: setup, teardown: teardown)
    }
}

extension CommandSettings {
    /// This `[command]` table as the spec agents run batches with.
    public var spec: CommandSpec {
        CommandSpec(
            list: list, run: run, separator: separator ?? "|", scopeAttribute: scopeAttribute ?? "classname",
            idTemplate: id ?? "{classname}::{name}")
    }
}
