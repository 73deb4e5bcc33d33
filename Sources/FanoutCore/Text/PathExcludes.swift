/// Exclude patterns from config, with .gitignore-like meaning: a pattern without a slash matches a file or
/// directory name anywhere; a pattern with a slash matches a path from the workspace root. Excluding a
/// directory excludes everything below it.
public struct PathExcludes: Sendable, Equatable {
    private let anywhere: [GlobPattern]
    private let anchored: [GlobPattern]

    public init(_ patterns: [String]) {
        var anywhere: [GlobPattern] = []
        var anchored: [GlobPattern] = []
        for raw in patterns {
            var pattern = raw
            while pattern.hasSuffix("/") { pattern.removeLast() }
            if pattern.hasPrefix("./") { pattern.removeFirst(2) }
            guard !pattern.isEmpty else { continue }
            if pattern.contains("/") {
                anchored.append(GlobPattern(pattern.hasPrefix("/") ? String(pattern.dropFirst()) : pattern))
            } else {
                anywhere.append(GlobPattern(pattern))
            }
        }
        self.anywhere = anywhere
        self.anchored = anchored
    }

    public var isEmpty: Bool { anywhere.isEmpty && anchored.isEmpty }

    /// Whether `relativePath` (slash-separated, from the workspace root) or any directory above it is excluded.
    public func excludes(_ relativePath: String) -> Bool {
        let components = relativePath.split(separator: "/").map(String.init)
        for (index, name) in components.enumerated() {
            if anywhere.contains(where: { $0.matches(name) }) { return true }
            let prefix = components[0...index].joined(separator: "/")
            if anchored.contains(where: { $0.matches(prefix) }) { return true }
        }
        return false
    }
}
