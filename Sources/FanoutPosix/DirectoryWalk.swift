#if canImport(Glibc)
    import Glibc
#endif

/// Walks a directory tree depth first, in name order, without following symbolic links.
public enum DirectoryWalk {
    /// One entry found under the root.
    public struct Entry: Sendable {
        /// The path relative to the root, without a leading `./`.
        public var relativePath: String
        public var name: String
        public var status: FileStatus
    }

    /// Calls `visit` for every entry under `root`; for a directory, `visit` returns whether to go into it.
    public static func walk(_ root: String, _ visit: (Entry) -> Bool) {
        walk(root: root, relative: "", visit)
    }

    private static func walk(root: String, relative: String, _ visit: (Entry) -> Bool) {
        let directory = relative.isEmpty ? root : root + "/" + relative
        for name in names(in: directory) {
            let path = relative.isEmpty ? name : relative + "/" + name
            guard let status = FileStatus.of(root + "/" + path, followingLinks: false) else { continue }
            let descend = visit(Entry(relativePath: path, name: name, status: status))
            if descend && status.kind == .directory { walk(root: root, relative: path, visit) }
        }
    }

    /// The names in `directory` but `.` and `..`, sorted; empty when it cannot be read.
    public static func names(in directory: String) -> [String] {
        guard let stream = opendir(directory) else { return [] }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { buffer in
                String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}
