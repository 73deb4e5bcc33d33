import FanoutCore
import FanoutPosix
import FoundationEssentials

/// Lists the test ids of chosen modules of a Django project through `manage.py test` or its runtests script, with
/// Fanout's runner in collect mode (settings loaded, no database created, nothing run).
public struct DjangoTestCollector: Sendable {
    /// The workspace, interpreter and framework arguments to collect with (the scopes come with each call).
    public let request: CollectionRequest

    public init(_ request: CollectionRequest) {
        self.request = request
    }

    public func collect(_ scopes: [String]) throws -> [String: [String]] {
        guard !scopes.isEmpty else { return [:] }
        let script = DjangoScript.locate(in: request.workspace) ?? .manage
        let (collected, termination, tail) = try CollectionProcess.run(
            with: DjangoBatchRunner(), workspace: request.workspace,
            environment: { support in
                DjangoBatchRunner.environment(
                    supportDirectory: support, workspace: request.workspace, base: SystemInfo.environment,
                    script: script)
            },
            arguments: { _ in
                script.arguments(python: request.executable) + request.frameworkArgs + scopes.map(script.label(ofFile:))
            })
        guard termination == .exited(0) else {
            throw DiscoveryError("listing the Django tests failed (\(termination)): \(tail)")
        }
        return collected
    }
}
