import FanoutCore
import FanoutPosix
import FoundationEssentials

/// Lists the unittest test ids of chosen modules with Fanout's unittest runner in collect mode.
public struct UnittestTestCollector: Sendable {
    /// The workspace, interpreter and framework arguments to collect with (the scopes come with each call).
    public let request: CollectionRequest

    public init(_ request: CollectionRequest) {
        self.request = request
    }

    public func collect(_ scopes: [String]) throws -> [String: [String]] {
        guard !scopes.isEmpty else { return [:] }
        let (collected, termination, tail) = try CollectionProcess.run(
            with: UnittestBatchRunner(), workspace: request.workspace,
            environment: { support in
                PythonRunner.environment(
                    supportDirectory: support, workspace: request.workspace, base: SystemInfo.environment)
            },
            arguments: { support in [request.executable, UnittestBatchRunner.runnerPath(support)] + scopes })
        guard termination == .exited(0) else {
            throw DiscoveryError("listing the unittest tests failed (\(termination)): \(tail)")
        }
        return collected
    }
}
