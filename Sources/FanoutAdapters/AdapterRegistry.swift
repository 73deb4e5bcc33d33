import FanoutConfig
import FanoutCore
import FanoutPosix
import FoundationEssentials

/// Knows the adapters by name, picks one for a workspace, and builds their two halves.
public enum AdapterRegistry {
    public static let known = ["pytest", "unittest", "django", "swift", "command"]

    /// The adapter for `workspace` when none is configured: pytest for a Python project (pytest also runs
    /// unittest suites; `adapter = "unittest"` runs them through unittest itself), django for a project with
    /// manage.py or a Django runtests script (unless pytest is configured), swift for a Swift package.
    public static func detect(workspace: String) -> String? {
        let markers = [
            "pytest.ini", ".pytest.ini", "pytest.toml", "conftest.py", "pyproject.toml", "setup.cfg",
            "tox.ini", "setup.py",
        ]
        func exists(_ name: String) -> Bool {
            FileManager.default.fileExists(atPath: PathText.join(workspace, name))
        }
        // A Django project runs with Django's runner unless pytest is configured for it (pytest-django).
        let pytestOnly = ["pytest.ini", ".pytest.ini", "pytest.toml", "conftest.py"]
        if DjangoScript.locate(in: workspace) != nil && !pytestOnly.contains(where: exists) { return "django" }
        if markers.contains(where: exists) { return "pytest" }
        if exists("Package.swift") { return "swift" }
        var foundPython = false
        DirectoryWalk.walk(workspace) { entry in
            if entry.name.hasSuffix(".py") { foundPython = true }
            return !foundPython
        }
        return foundPython ? "pytest" : nil
    }

    /// The agent's half of adapter `name` (the command adapter needs its `command`).
    public static func runner(named name: String, command: CommandSpec? = nil) -> (any BatchRunning)? {
        switch name {
        case "pytest": PytestBatchRunner()
        case "unittest": UnittestBatchRunner()
        case "swift": SwiftBatchRunner()
        case "django": DjangoBatchRunner()
        case "command": command.map { CommandBatchRunner(spec: $0) }
        default: nil
        }
    }

    /// Lists the scopes of `workspace` with adapter `name`.
    public static func discover(
        adapter name: String, workspace: String, settings: FanoutSettings, command: CommandSpec? = nil
    ) throws -> [DiscoveredScope] {
        switch name {
        case "command":
            return try CommandDiscovery(list: command?.list ?? []).discover(workspace: workspace)
        case "swift":
            return try SwiftDiscovery(workspace: workspace, swiftArgs: settings.args).discover()
        case "pytest":
            let project = try PytestProjectConfig.locate(from: workspace)
            return try PytestDiscovery(
                project: project, paths: settings.paths, excludes: PathExcludes(settings.exclude)
            )
            .discover(workspace: workspace)
        case "unittest":
            return try UnittestDiscovery(paths: settings.paths, excludes: PathExcludes(settings.exclude))
                .discover(workspace: workspace)
        case "django":
            let script = DjangoScript.locate(in: workspace) ?? .manage
            return try UnittestDiscovery(
                paths: settings.paths ?? script.discoveryPaths(in: workspace), excludes: PathExcludes(settings.exclude)
            )
            .discover(workspace: workspace)
        default:
            throw DiscoveryError("unknown adapter '\(name)'; known adapters: \(known.joined(separator: ", "))")
        }
    }

    /// Whether adapter `name` can list the tests of a scope (the command adapter only knows its scopes).
    public static func canCollectTests(adapter name: String) -> Bool { name != "command" }

    /// Test ids of `scopes` (for splitting them), in collection order.
    public static func collectTests(
        adapter name: String, workspace: String, executable: String, frameworkArgs: [String], scopes: [String]
    ) throws -> [String: [String]] {
        switch name {
        case "pytest":
            return try PytestTestCollector(workspace: workspace, python: executable, frameworkArgs: frameworkArgs)
                .collect(scopes)
        case "unittest":
            return try UnittestTestCollector(workspace: workspace, python: executable).collect(scopes)
        case "swift":
            return try SwiftDiscovery(workspace: workspace, swiftArgs: frameworkArgs).collect(scopes)
        case "django":
            return try DjangoTestCollector(workspace: workspace, python: executable, frameworkArgs: frameworkArgs)
                .collect(scopes)
        default:
            throw DiscoveryError("adapter '\(name)' cannot split scopes")
        }
    }

    /// Scopes holding at least one test that carries pytest mark `marker`.
    public static func scopesWithMarker(
        _ marker: String, adapter name: String, workspace: String, executable: String, frameworkArgs: [String],
        scopes: [String]
    ) throws -> [String] {
        guard name == "pytest" else { throw DiscoveryError("adapter '\(name)' has no markers to pin by") }
        let collector = PytestTestCollector(workspace: workspace, python: executable, frameworkArgs: frameworkArgs)
        var found: Set<String> = []
        // In chunks, so a large suite never exceeds the argument-list limit.
        for start in stride(from: 0, to: scopes.count, by: 500) {
            let chunk = Array(scopes[start..<min(start + 500, scopes.count)])
            found.formUnion(try collector.collect(chunk, extraArgs: ["-m", marker]).keys)
        }
        return found.sorted()
    }
}
