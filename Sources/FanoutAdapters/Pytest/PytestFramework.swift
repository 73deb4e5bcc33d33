import FanoutCore
import FanoutPosix
import FoundationEssentials

/// pytest: scopes are the files pytest would collect (found without starting Python), tests are pytest node ids.
/// pytest also runs unittest suites, so it takes any workspace with Python files that nothing else claims.
public struct PytestFramework: Framework {
    public var name: String { "pytest" }
    public var ids: any TestIDFormat { PytestNodeIDs() }

    /// Files that configure pytest (or a Python project, which pytest runs as it is).
    static let configFiles = [
        "pytest.ini", ".pytest.ini", "pytest.toml", "conftest.py", "pyproject.toml", "setup.cfg", "tox.ini", "setup.py",
    ]
    /// Files that only pytest reads: a Django project with one of them runs under pytest (pytest-django).
    static let ownFiles = ["pytest.ini", ".pytest.ini", "pytest.toml", "conftest.py"]

    public init() {}

    public func claim(_ workspace: String) -> WorkspaceClaim {
        let configured = Self.configFiles.contains {
            FileManager.default.fileExists(atPath: PathText.join(workspace, $0))
        }
        return configured ? .configured : .none
    }

    public func canRunUnclaimed(_ workspace: String) -> Bool {
        var foundPython = false
        DirectoryWalk.walk(workspace) { entry in
            if entry.name.hasSuffix(".py") { foundPython = true }
            return !foundPython
        }
        return foundPython
    }

    public func discover(_ request: DiscoveryRequest) throws -> [DiscoveredScope] {
        let project = try PytestProjectConfig.locate(from: request.workspace, reader: request.configFiles)
        return try PytestDiscovery(project: project, paths: request.paths, excludes: request.excludes)
            .discover(workspace: request.workspace)
    }

    public func collectTests(_ request: CollectionRequest) throws -> [String: [String]] {
        try collector(request).collect(request.scopes)
    }

    public func scopes(marked marker: String, _ request: CollectionRequest) throws -> [String] {
        let collector = collector(request)
        var found: Set<String> = []
        // In chunks, so a large suite never exceeds the argument-list limit.
        for start in stride(from: 0, to: request.scopes.count, by: 500) {
            let chunk = Array(request.scopes[start..<min(start + 500, request.scopes.count)])
            found.formUnion(try collector.collect(chunk, extraArgs: ["-m", marker]).keys)
        }
        return found.sorted()
    }

    public func runner() throws -> any BatchRunning { PytestBatchRunner() }

    public var hasWarmWorkers: Bool { true }

    private func collector(_ request: CollectionRequest) -> PytestTestCollector {
        PytestTestCollector(request)
    }
}
