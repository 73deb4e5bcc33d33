import FanoutCore
import FanoutPosix
import FoundationEssentials

/// Where a workspace keeps CPython's `test` package: `Lib/test` in a CPython checkout, `test` in a workspace that
/// holds a copy of an installed interpreter's Lib/test. Either way libregrtest sits inside it.
public struct RegrtestWorkspace: Sendable {
    /// The directory that holds the `test` package (put first on the import path).
    public let libraryRoot: String

    /// The workspace's regrtest layout; nil when it has no `test/libregrtest`.
    public init?(_ workspace: String) {
        for root in [PathText.join(workspace, "Lib"), workspace]
        where FileStatus.of(PathText.join(root, "test/libregrtest/__init__.py")) != nil {
            libraryRoot = root
            return
        }
        return nil
    }

    /// A regrtest name (`test_os`, `test.test_asyncio.test_tasks`) or a path to a test module or package
    /// (`test/test_os.py`, `Lib/test/test_asyncio`) as the name regrtest takes.
    public func testName(_ pathOrName: String, workspace: String) -> String {
        guard pathOrName.contains("/") || pathOrName.hasSuffix(".py") else { return pathOrName }
        var relative = FileScopes.relative(
            URL(fileURLWithPath: pathOrName, relativeTo: URL(fileURLWithPath: workspace + "/")).standardizedFileURL
                .path, to: libraryRoot)
        if relative.hasSuffix(".py") { relative.removeLast(3) }
        if relative.hasSuffix("/") { relative.removeLast() }
        let parts = relative.split(separator: "/").map(String.init)
        // regrtest names a top-level module by itself and a module inside a test package by its dotted path.
        guard parts.first == "test" else { return parts.joined(separator: ".") }
        return parts.count == 2 ? parts[1] : parts.joined(separator: ".")
    }

    /// Bytes of the Python source behind a test name: a tie-breaker for planning before any history.
    public func sourceSize(of name: String) -> Int {
        let dotted = name.hasPrefix("test.") ? String(name.dropFirst(5)) : name
        let base = PathText.join(libraryRoot, "test/" + dotted.replacing(".", with: "/"))
        if let file = FileStatus.of(base + ".py") { return file.size }
        let names = (try? FileManager.default.subpathsOfDirectory(atPath: base)) ?? []
        return names.filter { $0.hasSuffix(".py") }.reduce(0) {
            $0 + (FileStatus.of(PathText.join(base, $1))?.size ?? 0)
        }
    }
}
