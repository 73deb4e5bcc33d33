import FanoutCore
import FanoutPosix
import Foundation

/// Lists the unittest test ids of chosen modules with Fanout's unittest runner in collect mode.
public struct UnittestTestCollector: Sendable {
    public let workspace: String
    public let python: String

    public init(workspace: String, python: String) {
        self.workspace = workspace
        self.python = python
    }

    public func collect(_ scopes: [String]) throws -> [String: [String]] {
        guard !scopes.isEmpty else { return [:] }
        let support = FileManager.default.temporaryDirectory.appendingPathComponent("fanout-collect-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: support) }
        try UnittestBatchRunner().prepare(supportDirectory: support)
        var environment = PytestBatchRunner.pluginEnvironment(
            supportDirectory: support, workspace: workspace, base: SystemInfo.environment)
        environment["FANOUT_COLLECT"] = "1"
        let (collected, termination, tail) = try CollectionProcess.run(
            arguments: [python, UnittestBatchRunner.runnerPath(support)] + scopes, environment: environment,
            workspace: workspace)
        guard termination == .exited(0) else {
            throw DiscoveryError("listing the unittest tests failed (\(termination)): \(tail)")
        }
        return collected
    }
}
