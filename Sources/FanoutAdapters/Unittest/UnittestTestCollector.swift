import FanoutCore
import FanoutPosix
import FoundationEssentials

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
        let (collected, termination, tail) = try CollectionProcess.run(
            with: UnittestBatchRunner(), workspace: workspace,
            environment: { support in
                PythonRunner.environment(
                    supportDirectory: support, workspace: workspace, base: SystemInfo.environment)
            },
            arguments: { support in [python, UnittestBatchRunner.runnerPath(support)] + scopes })
        guard termination == .exited(0) else {
            throw DiscoveryError("listing the unittest tests failed (\(termination)): \(tail)")
        }
        return collected
    }
}
