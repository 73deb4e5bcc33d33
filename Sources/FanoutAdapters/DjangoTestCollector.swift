import FanoutCore
import FanoutPosix
import Foundation

/// Lists the test ids of chosen modules of a Django project through `manage.py test` with Fanout's runner in
/// collect mode (settings loaded, no database created, nothing run).
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
        let support = FileManager.default.temporaryDirectory.appendingPathComponent("fanout-collect-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: support) }
        try DjangoBatchRunner().prepare(supportDirectory: support)
        var environment = DjangoBatchRunner.environment(
            supportDirectory: support, workspace: workspace, base: SystemInfo.environment)
        environment["FANOUT_COLLECT"] = "1"
        let (collected, termination, tail) = try CollectionProcess.run(
            arguments: [python] + DjangoBatchRunner.testCommand + frameworkArgs
                + scopes.map(DjangoBatchRunner.moduleName),
            environment: environment, workspace: workspace)
        guard termination == .exited(0) else {
            throw DiscoveryError("listing the Django tests failed (\(termination)): \(tail)")
        }
        return collected
    }
}
