import FanoutAdapters
import FanoutConfig
import FanoutCore
import FanoutProtocol

/// The run's framework bound to its workspace and settings: the questions the controller asks it before a run
/// (its scopes, a scope's tests, the scopes with a mark).
public struct WorkspaceFramework: Sendable {
    public let framework: any Framework
    public let workspace: String
    public let executable: String
    public let frameworkArgs: [String]
    public let paths: [String]?
    public let excludes: [String]

    public init(
        adapter: AdapterSpec, workspace: String, paths: [String]? = nil, excludes: [String] = []
    ) throws {
        guard let framework = Frameworks.named(adapter.name, command: adapter.command) else {
            throw ControllerError(
                "unknown adapter '\(adapter.name)'; known adapters: \(Frameworks.names.joined(separator: ", "))")
        }
        self.framework = framework
        self.workspace = workspace
        self.executable = adapter.executable
        self.frameworkArgs = adapter.frameworkArgs
        self.paths = paths
        self.excludes = excludes
    }

    public func discover() throws -> [DiscoveredScope] {
        try framework.discover(
            DiscoveryRequest(
                workspace: workspace, paths: paths, excludes: PathExcludes(excludes), frameworkArgs: frameworkArgs,
                configFiles: ProjectConfigFiles(), executable: executable))
    }

    /// Test ids per scope, in collection order; nothing for a framework that cannot list tests.
    public func collect(_ scopes: [String]) throws -> [String: [String]] {
        guard !scopes.isEmpty else { return [:] }
        return try framework.collectTests(request(scopes))
    }

    /// The scopes among `scopes` with tests carrying `marker`.
    public func scopes(marked marker: String, among scopes: [String]) throws -> [String] {
        try framework.scopes(marked: marker, request(scopes))
    }

    private func request(_ scopes: [String]) -> CollectionRequest {
        CollectionRequest(workspace: workspace, executable: executable, frameworkArgs: frameworkArgs, scopes: scopes)
    }
}
