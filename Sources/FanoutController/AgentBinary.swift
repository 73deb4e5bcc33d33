import FanoutCore
import FanoutPosix
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The `fanout-agent` executable that is uploaded to hosts, identified by its content hash so each host keeps
/// one cached copy per build.
public struct AgentBinary: Sendable {
    public let path: String
    public let bytes: [UInt8]
    /// First 16 hex digits of the SHA-256 of the file.
    public let hash: String

    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ControllerError(
                "cannot read the agent binary \(path); build it with "
                    + "`swift build -c release --static-swift-stdlib --product fanout-agent` and pass --agent")
        }
        self.path = path
        bytes = [UInt8](data)
        let cache = HashCache()
        let key = HashCache.key(path: path)
        if let key, let known = cache.lookup(key) {
            hash = known
        } else {
            hash = String(SHA256.hex(bytes).prefix(16))
            if let key { cache.store(key, hash) }
        }
    }

    /// Whether the binary names the Swift runtime library, i.e. needs a Swift toolchain on the host.
    public var needsSwiftRuntime: Bool {
        ByteSearch.contains(bytes, Array("libswiftCore.so".utf8))
    }
}

/// Content hashes of files keyed by path, size and modification time, in ~/.cache/fanout/file-hashes.json,
/// so a large unchanged agent binary is hashed once.
struct HashCache {
    let path: String

    init() {
        let base = SystemInfo.environment["XDG_CACHE_HOME"] ?? ((SystemInfo.environment["HOME"] ?? "/tmp") + "/.cache")
        path = base + "/fanout/file-hashes.json"
    }

    static func key(path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return "\(path)|\(info.st_size)|\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }

    func lookup(_ key: String) -> String? { entries()[key] }

    func store(_ key: String, _ hash: String) {
        var all = entries()
        if all.count > 200 { all.removeAll() }
        all[key] = hash
        if let data = try? JSONEncoder().encode(all) { try? AtomicFile.write(data, to: path) }
    }

    private func entries() -> [String: String] {
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        return (try? JSONDecoder().decode([String: String].self, from: data)) ?? [:]
    }
}
