import FanoutCore
import FanoutPosix
import FoundationEssentials

/// Lists the test ids of chosen files by running pytest's collection (no tests run) with Fanout's plugin,
/// which reports every collected node id on descriptor 3. Used only for files that are to be split.
public struct PytestTestCollector: Sendable {
    /// The workspace, interpreter and framework arguments to collect with (the scopes come with each call).
    public let request: CollectionRequest

    public init(_ request: CollectionRequest) {
        self.request = request
    }

    /// Test ids per scope, in collection order. Scopes that fail to collect are left out (their batch will
    /// report the collection error). `extraArgs` narrow the selection (`-m serial`).
    public func collect(_ scopes: [String], extraArgs: [String] = []) throws -> [String: [String]] {
        guard !scopes.isEmpty else { return [:] }
        let arguments =
            [
                request.executable, "-c", EmbeddedPython.fanoutPytestBootstrap.text, "--collect-only", "-q",
                "--continue-on-collection-errors",
            ]
            + request.frameworkArgs + extraArgs + PytestSelection.arguments(wholeFiles: scopes, testIDs: [])
        let (collected, termination, tail) = try CollectionProcess.run(
            with: PytestBatchRunner(), workspace: request.workspace,
            environment: { support in
                PythonRunner.environment(
                    supportDirectory: support, workspace: request.workspace, base: SystemInfo.environment)
            },
            arguments: { _ in arguments })
        // Exit 5: nothing selected (no test carries the marker), which is an answer, not a failure.
        if termination.exitCode == 4 || termination.signal != nil {
            throw DiscoveryError("collecting the tests of files to split failed (\(termination)): \(tail)")
        }
        return collected
    }
}
