import FanoutCore
import FanoutPosix

/// Scopes that are files: their ids are paths relative to the workspace.
enum FileScopes {
    /// The file at `path` as a scope relative to `root`, with its size; nil when excluded.
    static func scope(_ path: String, root: String, excludes: PathExcludes) -> DiscoveredScope? {
        let relative = relative(path, to: root)
        guard !excludes.excludes(relative) else { return nil }
        return DiscoveredScope(id: relative, sizeBytes: FileStatus.of(path)?.size ?? 0)
    }

    /// `path` relative to `root` (`.` for the root itself); a path outside `root` as it is.
    static func relative(_ path: String, to root: String) -> String {
        if path == root { return "." }
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
