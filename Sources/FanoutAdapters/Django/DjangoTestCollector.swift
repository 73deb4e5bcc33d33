import FanoutCore
import FanoutPosix
import FoundationEssentials

/// Lists the test ids of chosen modules of a Django project through `manage.py test` or its runtests script, with
/// Fanout's runner in collect mode (settings loaded, no database created, nothing run).
public struct DjangoTestCollector: Sendable {
    public let workspace: String
    public let python: String
    public let frameworkArgs: [String]

    public init(workspace: String, python: String, frameworkArgs: [String]) {
        self.workspace = workspace
        self.python = python
        self.frameworkArgs = frameworkArgs
    }

    public func collect(_ scopes: [String]) throws -> [String: [String]] {
        guard !scopes.isEmpty else { return [:] }
        let script = DjangoScript.locate(in: workspace) ?? .manage
        let (collected, termination, tail) = try CollectionProcess.run(
            with: DjangoBatchRunner(), workspace: workspace,
            environment: { support in
                DjangoBatchRunner.environment(
                    supportDirectory: support, workspace: workspace, base: SystemInfo.environment, script: script)
            },
            arguments: { _ in
                script.arguments(python: python) + frameworkArgs + scopes.map(script.label(ofFile:))
            })
        guard termination == .exited(0) else {
            throw DiscoveryError("listing the Django tests failed (\(termination)): \(tail)")
        }
        return collected
    }
}
