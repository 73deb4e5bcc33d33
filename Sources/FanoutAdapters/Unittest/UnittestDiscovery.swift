import FanoutCore
import FanoutPosix
import FoundationEssentials

/// Lists test modules as `python -m unittest discover` finds them, without starting Python: from each start
/// directory (Fanout's `paths`, default the workspace root, which is also the top-level directory), files
/// matching the pattern (default `test*.py`) whose names are importable, recursing only into packages
/// (directories with `__init__.py`).
public struct UnittestDiscovery: Sendable {
    public var paths: [String]?
    public var pattern: String
    public var excludes: PathExcludes

    public init(paths: [String]?, pattern: String = "test*.py", excludes: PathExcludes) {
        self.paths = paths
        self.pattern = pattern
        self.excludes = excludes
    }

    public func discover(workspace: String) throws -> [DiscoveredScope] {
        let root = URL(fileURLWithPath: workspace).standardizedFileURL.path
        var found: [String: DiscoveredScope] = [:]
        for start in paths ?? ["."] {
            let full = URL(fileURLWithPath: start, relativeTo: URL(fileURLWithPath: root + "/")).standardizedFileURL
                .path
            var isDirectory = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory) else {
                throw DiscoveryError("test path '\(start)' from the Fanout config does not exist under \(root)")
            }
            if isDirectory {
                walk(full, root: root, into: &found)
            } else if let scope = scope(full, root: root) {
                found[scope.id] = scope
            }
        }
        return found.values.sorted { $0.id < $1.id }
    }

    private func walk(_ directory: String, root: String, into found: inout [String: DiscoveredScope]) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        let matcher = GlobPattern(pattern, mode: .fnmatch)
        for name in names.sorted() {
            let path = PathText.join(directory, name)
            let relative = FileScopes.relative(path, to: root)
            if excludes.excludes(relative) { continue }
            var isDirectory = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory {
                let isPackage = FileManager.default.fileExists(
                    atPath: PathText.join(path, "__init__.py"))
                if isPackage && Self.isIdentifier(name) { walk(path, root: root, into: &found) }
            } else if name.hasSuffix(".py") && matcher.matches(name) && Self.isIdentifier(String(name.dropLast(3))) {
                if let scope = scope(path, root: root) { found[scope.id] = scope }
            }
        }
    }

    private func scope(_ path: String, root: String) -> DiscoveredScope? {
        FileScopes.scope(path, root: root, excludes: excludes)
    }

    /// unittest imports modules by name, so only identifiers are modules it can load.
    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || first.properties.isXIDStart else { return false }
        return name.unicodeScalars.dropFirst().allSatisfy { $0 == "_" || $0.properties.isXIDContinue }
    }
}
