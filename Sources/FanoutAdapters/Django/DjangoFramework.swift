import FanoutCore
import FanoutPosix
import FoundationEssentials

/// Django's test runner, through `manage.py test` or a runtests script (`DjangoScript`): scopes are test modules
/// as unittest finds them, tests are unittest ids.
public struct DjangoFramework: Framework {
    public var name: String { "django" }
    public var ids: any TestIDFormat { DottedTestIDs() }

    public init() {}

    /// A Django project runs with Django's runner unless pytest is configured for it (pytest-django).
    public func claim(_ workspace: String) -> WorkspaceClaim {
        guard DjangoScript.locate(in: workspace) != nil else { return .none }
        let pytestConfigured = PytestFramework.ownFiles.contains {
            FileManager.default.fileExists(atPath: PathText.join(workspace, $0))
        }
        return pytestConfigured ? .none : .preferred
    }

    public func discover(_ request: DiscoveryRequest) throws -> [DiscoveredScope] {
        let script = DjangoScript.locate(in: request.workspace) ?? .manage
        return try UnittestDiscovery(
            paths: request.paths ?? script.discoveryPaths(in: request.workspace), excludes: request.excludes
        )
        .discover(workspace: request.workspace)
    }

    public func collectTests(_ request: CollectionRequest) throws -> [String: [String]] {
        try DjangoTestCollector(request).collect(request.scopes)
    }

    public func runner() throws -> any BatchRunning { DjangoBatchRunner() }

    public var hasWarmWorkers: Bool { true }
}
