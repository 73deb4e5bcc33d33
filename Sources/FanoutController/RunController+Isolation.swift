import FanoutAdapters
import FanoutCore
import FanoutPosix
import Foundation

/// Isolated scopes on the controller's side: finding them, slicing them over the slots, running their
/// setup and teardown commands.
extension RunController {
    /// Takes the isolated scopes out of `units`: whole ones are collected and cut into one slice per slot,
    /// slices (from a shard plan) are kept as they are.
    func isolate(_ units: [WeightedScope], history: History, slots: Int) throws
        -> (regular: [WeightedScope], isolated: [IsolatedScope], notices: [String], rules: [IsolationRule])
    {
        guard !options.isolation.isEmpty else { return (units, [], [], []) }
        let ids = Array(Set(units.filter { $0.members == nil }.map(\.id))).sorted()
        let rules = try constraints.isolationRules(options.isolation, scopes: ids)
        let isolatedIDs = Set(rules.isolatedScopes(among: ids))
        guard !isolatedIDs.isEmpty else { return (units, [], [], rules) }
        let whole = units.filter { isolatedIDs.contains($0.id) && $0.tests == nil }
        let collected = try AdapterRegistry.collectTests(
            adapter: options.adapter.name, workspace: options.workspace, executable: options.adapter.executable,
            frameworkArgs: options.adapter.frameworkArgs, scopes: whole.map(\.id))
        var isolated: [IsolatedScope] = []
        var notices: [String] = []
        for id in isolatedIDs.sorted() {
            let rule = rules.rule(for: id)!
            let (hasSetup, hasTeardown) = (rule.setup != nil, rule.teardown != nil)
            let scope: IsolatedScope
            if let unit = whole.first(where: { $0.id == id }) {
                let tests = PlanWeights.tests(collected[id] ?? [], scopeSeconds: unit.expectedSeconds, history: history)
                scope = .sliced(unit, tests: tests, slots: slots, hasSetup: hasSetup, hasTeardown: hasTeardown)
            } else {
                scope = IsolatedScope(
                    scope: id, units: units.filter { $0.id == id }, hasSetup: hasSetup, hasTeardown: hasTeardown)
            }
            isolated.append(scope)
            notices.append(
                "isolated \(id): \(scope.testIDs.count) tests in \(scope.units.count) slices, run alone"
                    + (hasSetup ? ", setup `\(rule.setup!.joined(separator: " "))`" : "")
                    + (hasTeardown ? ", teardown `\(rule.teardown!.joined(separator: " "))`" : ""))
        }
        return (units.filter { !isolatedIDs.contains($0.id) }, isolated, notices, rules)
    }

    /// Starts the setup or teardown command of `scope` on its own thread; its end comes back through the
    /// mailbox as coordinator input.
    func startIsolationCommand(
        _ kind: IsolationCommand.Kind, scope: String, rules: [IsolationRule], hosts: [String],
        mailbox: Mailbox<ControllerInput>
    ) {
        let rule = rules.rule(for: scope)
        guard let arguments = kind == .setup ? rule?.setup : rule?.teardown else {
            mailbox.post(.isolationCommandFinished(kind: kind, scope: scope, succeeded: true, detail: "no command"))
            return
        }
        let command = IsolationCommand(
            kind: kind, scope: scope, arguments: arguments, workspace: options.workspace,
            environment: [
                "FANOUT_ISOLATED_SCOPE": scope, "FANOUT_RUN_ID": options.runID, "FANOUT_WORKSPACE": options.workspace,
                "FANOUT_HOSTS": hosts.joined(separator: ","),
            ])
        Threads.start("fanout-\(kind.rawValue)") {
            let (succeeded, detail) = command.run()
            mailbox.post(.isolationCommandFinished(kind: kind, scope: scope, succeeded: succeeded, detail: detail))
        }
    }
}
