import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// A RAM file system (tmpfs) for the slots' temporary directories: tests that write and read back temporary files
/// do it at memory speed, and nothing of theirs reaches the disk.
public enum MemoryFileSystem {
    /// Where Linux mounts one for every user.
    public static let path = "/dev/shm"
    /// What must be free there for Fanout to use it, so the slots never fill the host's memory by themselves.
    public static let minimumFreeBytes: UInt64 = 512 << 20
    /// Whether `directory` is on a tmpfs with at least `minimumFreeBytes` free.
    public static func hasRoom(_ directory: String = path, minimumFreeBytes: UInt64 = minimumFreeBytes) -> Bool {
        guard isMemoryBacked(directory) else { return false }
        var info = statvfs()
        guard statvfs(directory, &info) == 0 else { return false }
        return UInt64(info.f_bavail) * UInt64(info.f_frsize) >= minimumFreeBytes
    }

    /// Whether the mount `directory` is on (the longest mount point that holds it) is a tmpfs, by /proc/mounts.
    static func isMemoryBacked(_ directory: String) -> Bool {
        guard let mounts = FileManager.default.contents(atPath: "/proc/mounts") else { return false }
        var best: (point: String, type: String)?
        for line in String(decoding: mounts, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count > 2 else { continue }
            let point = String(fields[1])
            let holds = directory == point || directory.hasPrefix(point == "/" ? "/" : point + "/")
            if holds && point.count >= (best?.point.count ?? -1) { best = (point, String(fields[2])) }
        }
        return best?.type == "tmpfs"
    }

    /// A private directory (0700) on the tmpfs, or nil when there is none with room or it cannot be made.
    public static func privateDirectory(prefix: String) -> String? {
        guard hasRoom(), access(path, W_OK) == 0 else { return nil }
        return try? PrivateDirectory.make(prefix: prefix, in: path)
    }
}
