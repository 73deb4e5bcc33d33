#if canImport(Glibc)
    import Glibc
#endif

/// What `stat(2)` (or `lstat(2)`, which does not follow a final symbolic link) says about one path.
public struct FileStatus: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case regular, directory, symbolicLink, other }

    public var kind: Kind
    public var size: Int
    /// Modification time, seconds since 1970.
    public var modified: Double

    /// The status of `path`; nil when it does not exist or cannot be read.
    public static func of(_ path: String, followingLinks: Bool = true) -> FileStatus? {
        var info = stat()
        guard (followingLinks ? stat(path, &info) : lstat(path, &info)) == 0 else { return nil }
        let kind: Kind
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symbolicLink
        default: kind = .other
        }
        return FileStatus(
            kind: kind, size: Int(info.st_size),
            modified: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
    }

    /// Whether `path` is a directory (following links).
    public static func isDirectory(_ path: String) -> Bool { of(path)?.kind == .directory }
}
