import FanoutCore
import FanoutPosix
import FoundationEssentials

/// Lists test files the way pytest would collect them, without starting Python: the file system is the
/// authority, so a new file is always scheduled.
public struct PytestDiscovery: Sendable {
    public var project: PytestProjectConfig
    /// Fanout's `paths` setting; replaces pytest's `testpaths` when set.
    public var paths: [String]?
    public var excludes: PathExcludes

    public init(project: PytestProjectConfig, paths: [String]?, excludes: PathExcludes) {
        self.project = project
        self.paths = paths
        self.excludes = excludes
    }

    /// Test files under `workspace`, as scopes relative to it.
    public func discover(workspace: String) throws -> [DiscoveredScope] {
        let root = URL(fileURLWithPath: workspace).standardizedFileURL.path
        var starts: [String]
        if let paths {
            starts = try paths.map { path in
                let full = absolute(path, base: root)
                guard FileManager.default.fileExists(atPath: full) else {
                    throw DiscoveryError("test path '\(path)' from the Fanout config does not exist under \(root)")
                }
                return full
            }
        } else {
            starts = project.testpaths.flatMap { expand(absolute($0, base: project.rootdir)) }
            if starts.isEmpty { starts = [root] }
        }
        var found: [String: DiscoveredScope] = [:]
        for start in starts {
            var isDirectory = false
            guard FileManager.default.fileExists(atPath: start, isDirectory: &isDirectory) else { continue }
            if isDirectory {
                walk(start, root: root, into: &found)
            } else if let scope = scope(for: start, root: root) {
                found[scope.id] = scope  // a file named explicitly is collected whatever its name
            }
        }
        return found.values.sorted { $0.id < $1.id }
    }

    private func walk(_ directory: String, root: String, into found: inout [String: DiscoveredScope]) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names.sorted() {
            let path = PathText.join(directory, name)
            guard let status = FileStatus.of(path, followingLinks: false) else { continue }
            let relative = FileScopes.relative(path, to: root)
            if excludes.excludes(relative) { continue }
            if status.kind == .directory {
                if name == "__pycache__" || isNoRecurse(name) { continue }
                if FileManager.default.fileExists(atPath: PathText.join(path, "pyvenv.cfg")) {
                    continue  // a virtualenv, as pytest skips them
                }
                walk(path, root: root, into: &found)
            } else if status.kind == .regular && name.hasSuffix(".py") && matchesPythonFiles(path, name: name) {
                if let scope = scope(for: path, root: root) { found[scope.id] = scope }
            }
        }
    }

    private func scope(for path: String, root: String) -> DiscoveredScope? {
        FileScopes.scope(path, root: root, excludes: excludes)
    }

    private func isNoRecurse(_ name: String) -> Bool {
        project.noRecurseDirs.contains { GlobPattern($0, mode: .fnmatch).matches(name) }
    }

    /// pytest's `fnmatch_ex`: a pattern without a slash matches the file name, one with a slash the path end.
    private func matchesPythonFiles(_ path: String, name: String) -> Bool {
        project.pythonFiles.contains { pattern in
            pattern.contains("/")
                ? GlobPattern("*/" + pattern, mode: .fnmatch).matches(path)
                : GlobPattern(pattern, mode: .fnmatch).matches(name)
        }
    }

    private func absolute(_ path: String, base: String) -> String {
        let joined = path.hasPrefix("/") ? path : PathText.join(base, path)
        return URL(fileURLWithPath: joined).standardizedFileURL.path
    }

    /// Expands a glob in a testpaths entry, as pytest does; a plain path is returned as is.
    private func expand(_ path: String) -> [String] {
        guard path.contains(where: { "*?[".contains($0) }) else { return [path] }
        var results: [String] = []
        let components = path.split(separator: "/").map(String.init)
        func visit(_ prefix: String, _ rest: ArraySlice<String>) {
            guard let first = rest.first else {
                results.append(prefix)
                return
            }
            if !first.contains(where: { "*?[".contains($0) }) {
                let next = PathText.join(prefix, first)
                if FileManager.default.fileExists(atPath: next) { visit(next, rest.dropFirst()) }
                return
            }
            let pattern = GlobPattern(first, mode: .path)
            for name in ((try? FileManager.default.contentsOfDirectory(atPath: prefix)) ?? []).sorted()
            where pattern.matches(name) {
                visit(PathText.join(prefix, name), rest.dropFirst())
            }
        }
        visit("/", components[...])
        return results
    }
}
