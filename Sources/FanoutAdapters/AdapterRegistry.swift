import FanoutConfig
import FanoutCore
import Foundation

/// Knows the adapters by name, picks one for a workspace, and builds their two halves.
public enum AdapterRegistry {
    public static let known = ["pytest"]

    /// The adapter for `workspace` when none is configured: pytest for a Python project.
    public static func detect(workspace: String) -> String? {
        let markers = [
            "pytest.ini", ".pytest.ini", "pytest.toml", "conftest.py", "pyproject.toml", "setup.cfg",
            "tox.ini", "setup.py",
        ]
        if markers.contains(where: {
            FileManager.default.fileExists(atPath: (workspace as NSString).appendingPathComponent($0))
        }) {
            return "pytest"
        }
        let enumerator = FileManager.default.enumerator(atPath: workspace)
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".py") { return "pytest" }
        }
        return nil
    }

    /// The agent's half of adapter `name`.
    public static func runner(named name: String) -> (any BatchRunning)? {
        switch name {
        case "pytest": PytestBatchRunner()
        default: nil
        }
    }

    /// Lists the scopes of `workspace` with adapter `name`.
    public static func discover(adapter name: String, workspace: String, settings: FanoutSettings) throws
        -> [DiscoveredScope]
    {
        switch name {
        case "pytest":
            let project = try PytestProjectConfig.locate(from: workspace)
            return try PytestDiscovery(
                project: project, paths: settings.paths, excludes: PathExcludes(settings.exclude)
            )
            .discover(workspace: workspace)
        default:
            throw DiscoveryError("unknown adapter '\(name)'; known adapters: \(known.joined(separator: ", "))")
        }
    }

    /// Test ids of `scopes` (for splitting them), in collection order.
    public static func collectTests(
        adapter name: String, workspace: String, executable: String, frameworkArgs: [String], scopes: [String]
    ) throws -> [String: [String]] {
        switch name {
        case "pytest":
            return try PytestTestCollector(workspace: workspace, python: executable, frameworkArgs: frameworkArgs)
                .collect(scopes)
        default:
            throw DiscoveryError("adapter '\(name)' cannot split scopes")
        }
    }
}
