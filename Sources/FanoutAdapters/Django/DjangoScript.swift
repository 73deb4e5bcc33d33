import FanoutCore
import FanoutPosix
import FoundationEssentials

/// The script a Django project runs its tests with: `manage.py test`, or a `runtests.py` of its own (Django's
/// repository has `tests/runtests.py`; many reusable apps have one at their root) that sets up settings itself
/// and then asks Django for its test runner.
public struct DjangoScript: Sendable, Equatable {
    /// The script's path relative to the workspace.
    public var path: String

    public init(path: String) {
        self.path = path
    }

    public static let manage = DjangoScript(path: "manage.py")

    /// Where runtests scripts usually are.
    static let runtestsCandidates = ["runtests.py", "tests/runtests.py"]

    /// Whether this is `manage.py` (run as `manage.py test`) rather than a runtests script.
    public var isManage: Bool { PathText.lastComponent(path) == "manage.py" }

    /// The directory test labels are relative to (the script's: Python puts it first on `sys.path`), relative to
    /// the workspace; empty for the workspace itself.
    public var labelRoot: String { PathText.parent(path) }

    /// `manage.py` when the workspace has one, else a runtests script that asks Django for its test runner.
    public static func locate(in workspace: String) -> DjangoScript? {
        func full(_ path: String) -> String { PathText.join(workspace, path) }
        if FileManager.default.fileExists(atPath: full(manage.path)) { return manage }
        for candidate in runtestsCandidates {
            guard let text = try? String(contentsOfFile: full(candidate), encoding: .utf8) else { continue }
            if text.contains("get_runner(") { return DjangoScript(path: candidate) }
        }
        return nil
    }

    /// Where to look for test modules when the config names no paths: the whole workspace for `manage.py`; for a
    /// runtests script, every package beside it (each is a top-level package on the script's `sys.path`).
    public func discoveryPaths(in workspace: String) -> [String]? {
        guard !isManage else { return nil }
        let root = PathText.join(workspace, labelRoot)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return names.sorted().filter { name in
            let package = PathText.join(PathText.join(root, name), "__init__.py")
            return !name.contains(".") && FileManager.default.fileExists(atPath: package)
        }.map { labelRoot.isEmpty ? $0 : labelRoot + "/" + $0 }
    }

    /// The Django label of a test file: its dotted module name relative to `labelRoot`.
    public func label(ofFile scope: String) -> String {
        let prefix = labelRoot.isEmpty ? "" : labelRoot + "/"
        let relative = scope.hasPrefix(prefix) ? String(scope.dropFirst(prefix.count)) : scope
        return DjangoBatchRunner.moduleName(relative)
    }

    /// The command that runs the labels after it with Fanout's runner: `manage.py test --testrunner ...`, or the
    /// runtests script under a bootstrap that hands it Fanout's runner when it asks Django for one.
    /// What a fork of the warm Django worker runs (fanout_django_warm_worker.py): the script and, for `manage.py`,
    /// its test command with Fanout's runner; the labels follow.
    public var warmArguments: [String] {
        isManage ? [path, "test", "--noinput", "--testrunner", "fanout_django_runner.FanoutRunner"] : [path]
    }

    public func arguments(python: String) -> [String] {
        isManage
            ? [python] + warmArguments
            : [python, "-c", EmbeddedPython.fanoutDjangoRuntestsBootstrap.text, path]
    }
}
