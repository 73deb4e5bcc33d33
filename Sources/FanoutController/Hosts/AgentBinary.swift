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
    /// The whole SHA-256, which the host checks an upload against before it caches it.
    public let fullHash: String
    /// What the file is as an executable; nil when it is not a 64-bit Linux one.
    public let image: ELFImage?

    /// Reads the agent and checks that a host without a Swift toolchain can run it.
    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ControllerError(
                "cannot read the agent binary \(path); build it with `swift build --product fanout-agent` (it is "
                    + "looked up next to `fanout`) or name one with --agent")
        }
        self.path = path
        bytes = [UInt8](data)
        image = ELFImage(bytes)
        let cache = HashCache()
        let key = HashCache.key(path: path)
        if let key, let known = cache?.lookup(key) {
            fullHash = known
        } else {
            fullHash = SHA256.hex(bytes)
            if let key { cache?.store(key, fullHash) }
        }
        hash = String(fullHash.prefix(16))
        guard let image else {
            throw ControllerError(
                "the agent \(path) is not a 64-bit Linux executable, so no host could start it; build one with "
                    + "`swift build --product fanout-agent` on Linux and pass it with --agent")
        }
        let runtime = image.swiftRuntimeLibraries
        guard runtime.isEmpty else {
            throw ControllerError(
                "the agent \(path) loads the Swift runtime (\(runtime.prefix(2).joined(separator: ", "))"
                    + (runtime.count > 2 ? " and \(runtime.count - 2) more" : "") + ") from the machine it "
                    + "runs on, and hosts without a Swift toolchain have none; build it with the runtime linked in: "
                    + "`swift build --product fanout-agent` (Fanout's Package.swift links it statically), or "
                    + "`swift build -c release --static-swift-stdlib --product fanout-agent`, and pass it with --agent")
        }
    }

    /// Why a host whose `uname -m` is `machine` cannot run this agent; nil when it can.
    public func mismatch(hostMachine machine: String) -> String? {
        guard let image, !machine.isEmpty, machine != image.machineName,
            !(machine == "arm64" && image.machineName == "aarch64")
        else { return nil }
        return "the agent \(path) is built for \(image.machineName) but the host is \(machine); build the agent on "
            + "(or for) \(machine) and pass it with --agent"
    }
}

/// Content hashes of files keyed by path, size and modification time, in ~/.cache/fanout/file-hashes.json,
/// so a large unchanged agent binary is hashed once.
struct HashCache {
    let path: String

    /// Nil without a cache directory of the user's own: never a shared, guessable place such as /tmp.
    init?() {
        guard let directory = UserCacheDirectory.path(environment: SystemInfo.environment) else { return nil }
        path = PathText.join(directory, "file-hashes.json")
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
