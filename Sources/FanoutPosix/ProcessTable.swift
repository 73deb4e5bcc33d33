import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

/// The process tree, read from /proc.
public enum ProcessTable {
    /// The process groups that processes below `root` lead or belong to, other than this process's own: a test
    /// process's children can start groups of their own (SwiftPM runs its test binary in one), which a signal
    /// to the batch's group does not reach.
    public static func descendantGroups(of root: Int32) -> Set<Int32> {
        var children: [Int32: [(pid: Int32, group: Int32)]] = [:]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(entry), let stat = FileManager.default.contents(atPath: "/proc/\(entry)/stat"),
                let close = stat.lastIndex(of: UInt8(ascii: ")"))
            else { continue }
            // After the command's closing parenthesis: state, parent, process group.
            let fields = stat[(close + 1)...].split(separator: UInt8(ascii: " "))
            guard fields.count > 2, let parent = Int32(String(decoding: fields[1], as: UTF8.self)),
                let group = Int32(String(decoding: fields[2], as: UTF8.self))
            else { continue }
            children[parent, default: []].append((pid, group))
        }
        var groups: Set<Int32> = []
        var frontier = [root]
        while let next = frontier.popLast() {
            for child in children[next] ?? [] {
                groups.insert(child.group)
                frontier.append(child.pid)
            }
        }
        return groups.subtracting([getpgrp(), 0, 1])
    }
}
