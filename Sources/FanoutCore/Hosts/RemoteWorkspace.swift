/// Where a run's copy of the workspace lives on a host, and whether rsync may mirror into it with `--delete`.
///
/// `--delete` removes every file of the target directory that the workspace lacks, so it may only ever run in a
/// directory Fanout created and marked: a configured `workspace` that is `/`, the host user's home or one of its
/// ancestors, or an existing directory without Fanout's marker is refused before anything is transferred.
public enum RemoteWorkspace {
    /// The file that marks a directory as Fanout's copy of a workspace; rsync neither sends nor deletes it.
    public static let markerName = ".fanout-workspace"
    /// The file a run holds locked while it uses the directory, so two runs never sync into one copy at once.
    public static let lockName = ".fanout-lock"

    /// What the host said about a candidate directory.
    public struct Facts: Sendable, Equatable {
        public enum Kind: Sendable, Equatable { case missing, directory, other }
        public var kind: Kind
        /// The directory with symbolic links resolved (`pwd -P`), when it is one.
        public var realPath: String?
        public var hasMarker: Bool
        /// The user's home with symbolic links resolved.
        public var realHome: String

        public init(kind: Kind, realPath: String? = nil, hasMarker: Bool = false, realHome: String) {
            self.kind = kind
            self.realPath = realPath
            self.hasMarker = hasMarker
            self.realHome = realHome
        }
    }

    /// What to do with a candidate directory.
    public enum Decision: Sendable, Equatable {
        /// It does not exist: create it and mark it.
        case create
        /// It is Fanout's: sync into it (marking it first when it is an unmarked one under Fanout's own cache).
        case use(mark: Bool)
        /// Never sync into it; the text says why and what to do.
        case refuse(String)
    }

    /// The default directory under the host's cache: `attempt` 1 is `KEY`, later ones `KEY-2`, `KEY-3`, for
    /// a run that finds the directory held by another run.
    public static func cachePath(home: String, key: String, attempt: Int = 1) -> String {
        "\(cacheRoot(home: home))/\(key)" + (attempt > 1 ? "-\(attempt)" : "")
    }

    static func cacheRoot(home: String) -> String { "\(home)/.cache/fanout/workspaces" }

    /// A configured `workspace` as ssh would take it on a host whose home is `home`: `~` and `~/x` are the home,
    /// a relative path is relative to the home; the result is normalised (`.`, `..`, `//`). Nil for `~user`.
    public static func expand(_ configured: String, home: String) -> String? {
        var path = configured
        if path == "~" {
            path = home
        } else if path.hasPrefix("~/") {
            path = home + path.dropFirst()
        } else if path.hasPrefix("~") {
            return nil
        } else if !path.hasPrefix("/") {
            path = home + "/" + path
        }
        return normalized(path)
    }

    /// `path` without `.` and empty components, `..` applied lexically; `/` stays `/`.
    public static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                _ = parts.popLast()
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Whether rsync `--delete` may mirror into `path` on a host whose home is `home`.
    public static func decide(path: String, home: String, facts: Facts) -> Decision {
        let candidates = [normalized(path)] + (facts.realPath.map { [normalized($0)] } ?? [])
        let homes = [normalized(home), normalized(facts.realHome)]
        for candidate in candidates {
            if candidate == "/" {
                return .refuse("it is the root directory; --delete there would remove everything the workspace lacks")
            }
            if homes.contains(where: { $0 == candidate || $0.hasPrefix(candidate + "/") }) {
                return .refuse(
                    "it is the home directory of the host's user or one of its ancestors; --delete there would "
                        + "remove every file the workspace lacks (keys and dotfiles among them)")
            }
        }
        switch facts.kind {
        case .missing:
            return .create
        case .other:
            return .refuse("it exists and is not a directory")
        case .directory where facts.hasMarker:
            return .use(mark: false)
        case .directory:
            let cache = cacheRoot(home: normalized(home)) + "/"
            if candidates.contains(where: { $0.hasPrefix(cache) }) { return .use(mark: true) }
            return .refuse(
                "it exists and Fanout did not create it (it has no \(markerName)): --delete would remove whatever "
                    + "it holds that the workspace lacks; name a directory that does not exist yet (Fanout creates "
                    + "and marks it), or remove this one")
        }
    }
}
