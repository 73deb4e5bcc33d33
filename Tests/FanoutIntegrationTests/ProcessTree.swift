import Foundation

/// Processes and their sockets, read from /proc (the namespace test hosts share this PID namespace).
enum ProcessTree {
    /// `root` and every process descended from it.
    static func descendants(of root: Int32) -> [Int32] {
        var parents: [Int32: Int32] = [:]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(entry), let stat = FileManager.default.contents(atPath: "/proc/\(entry)/stat")
            else { continue }
            let fields = String(decoding: stat, as: UTF8.self).split(separator: ")").last?.split(separator: " ")
            if let fields, fields.count > 1, let parent = Int32(fields[1]) { parents[pid] = parent }
        }
        var tree: Set<Int32> = [root]
        var grew = true
        while grew {
            grew = false
            for (pid, parent) in parents where tree.contains(parent) && !tree.contains(pid) {
                tree.insert(pid)
                grew = true
            }
        }
        return tree.sorted()
    }

    /// Sockets of `pids` that listen: TCP in LISTEN state, any bound UDP socket, Unix sockets accepting
    /// connections. Each is described as `pid: table inode`.
    static func listeningSockets(of pids: [Int32]) -> [String] {
        var listening: Set<String> = []
        for table in ["tcp", "tcp6"] { listening.formUnion(inodes(table) { $0[3] == "0A" }) }
        for table in ["udp", "udp6"] { listening.formUnion(inodes(table) { _ in true }) }
        // /proc/net/unix: Num RefCount Protocol Flags Type St Inode; flag 0x10000 is __SO_ACCEPTCON.
        for line in lines("unix").dropFirst() {
            let fields = line.split(separator: " ")
            if fields.count > 6, let flags = Int(fields[3], radix: 16), flags & 0x10000 != 0 {
                listening.insert(String(fields[6]))
            }
        }
        var found: [String] = []
        for pid in pids {
            let directory = "/proc/\(pid)/fd"
            for fd in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
                guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: directory + "/" + fd),
                    target.hasPrefix("socket:[")
                else { continue }
                let inode = String(target.dropFirst(8).dropLast())
                if listening.contains(inode) { found.append("\(pid): socket \(inode)") }
            }
        }
        return found
    }

    private static func lines(_ table: String) -> [Substring] {
        let text = (try? String(contentsOfFile: "/proc/net/" + table, encoding: .utf8)) ?? ""
        return text.split(separator: "\n")
    }

    private static func inodes(_ table: String, where accept: ([Substring]) -> Bool) -> Set<String> {
        var inodes: Set<String> = []
        for line in lines(table).dropFirst() {
            let fields = line.split(separator: " ")
            if fields.count > 9, accept(fields) { inodes.insert(String(fields[9])) }
        }
        return inodes
    }
}

extension ProcessTree {
    /// Live (not zombie) processes whose command line (arguments joined by spaces) contains `text`.
    static func pids(containing text: String) -> [Int32] {
        var found: [Int32] = []
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = Int32(entry), let command = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline"),
                let stat = FileManager.default.contents(atPath: "/proc/\(entry)/stat")
            else { continue }
            let state = String(decoding: stat, as: UTF8.self).split(separator: ")").last?.split(separator: " ").first
            let words = String(decoding: command.map { $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
            if state != "Z" && words.contains(text) { found.append(pid) }
        }
        return found
    }

    /// The command line of `pid`, arguments joined by spaces; empty when it is gone.
    static func commandLine(_ pid: Int32) -> String {
        guard let bytes = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return "" }
        return String(decoding: bytes.map { $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
    }

    /// The working directory of `pid` as its own mount namespace sees it; empty when it is gone.
    static func workingDirectory(_ pid: Int32) -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd")) ?? ""
    }

    /// Whether `pid` exists and is not a zombie.
    static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return false }
        return String(decoding: stat, as: UTF8.self).split(separator: ")").last?.split(separator: " ").first != "Z"
    }

    /// Waits up to `seconds` for every one of `pids` to end; returns those still alive.
    static func waitUntilGone(_ pids: [Int32], seconds: Double) -> [Int32] {
        var alive = pids
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            alive = alive.filter(isAlive)
            if alive.isEmpty { break }
            usleep(100_000)
        } while Date() < deadline
        return alive
    }
}
