import CLibSSH2
import FanoutCore
import Foundation

/// OpenSSH known_hosts files, read the way `ssh` reads them: plain and hashed (`|1|salt|hash`) host fields,
/// wildcard and negated patterns, `[host]:port` names, `@revoked` keys and `@cert-authority` lines (which name
/// a CA, not a host key, and are not taken for one).
public struct KnownHosts: Sendable, Equatable {
    /// One line that names a key.
    public struct Entry: Sendable, Equatable {
        public enum Marker: Sendable, Equatable { case none, revoked, certAuthority }
        public enum Hosts: Sendable, Equatable {
            /// Comma-separated patterns, as written.
            case patterns([String])
            /// `|1|salt|hash`: HMAC-SHA1 of the host name keyed by the salt.
            case hashed(salt: [UInt8], hash: [UInt8])
        }

        public var marker: Marker
        public var hosts: Hosts
        public var keyType: String
        /// The public key blob (what the server sends), decoded from base64.
        public var key: [UInt8]
        public var file: String
        public var line: Int
    }

    public private(set) var entries: [Entry] = []

    public init(entries: [Entry] = []) {
        self.entries = entries
    }

    /// The entries of `text` (the file `file`); lines that are not entries are skipped, as `ssh` skips them.
    public init(parsing text: String, file: String) {
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let entry = Self.entry(raw, file: file, line: index + 1) { entries.append(entry) }
        }
    }

    /// The entries of every file in order, missing files skipped.
    public init(files: [String]) {
        for file in files {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { continue }
            entries += KnownHosts(parsing: text, file: file).entries
        }
    }

    private static func entry(_ raw: Substring, file: String, line: Int) -> Entry? {
        var fields = raw.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
        guard let first = fields.first, !first.hasPrefix("#") else { return nil }
        var marker = Entry.Marker.none
        if first.hasPrefix("@") {
            switch first {
            case "@revoked": marker = .revoked
            case "@cert-authority": marker = .certAuthority
            default: return nil
            }
            fields.removeFirst()
        }
        guard fields.count >= 3, let key = Data(base64Encoded: fields[2]) else { return nil }
        let hosts: Entry.Hosts
        if fields[0].hasPrefix("|1|") {
            let parts = fields[0].dropFirst(3).split(separator: "|", omittingEmptySubsequences: false)
            guard parts.count == 2, let salt = Data(base64Encoded: String(parts[0])),
                let hash = Data(base64Encoded: String(parts[1]))
            else { return nil }
            hosts = .hashed(salt: [UInt8](salt), hash: [UInt8](hash))
        } else {
            hosts = .patterns(fields[0].split(separator: ",").map(String.init))
        }
        return Entry(marker: marker, hosts: hosts, keyType: fields[1], key: [UInt8](key), file: file, line: line)
    }

    /// HMAC-SHA1 (libcrypto's), as hashed names need it.
    public static func hmacSHA1(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 20)
        let ok = fanout_hmac_sha1(key, Int32(key.count), message, message.count, &digest)
        return ok != 0 ? digest : []
    }

    /// The entries whose host field covers `name` (`addr`, or `[addr]:port` off port 22).
    public func entries(for name: String, hmacSHA1: (_ key: [UInt8], _ message: [UInt8]) -> [UInt8]) -> [Entry] {
        entries.filter { entry in
            switch entry.hosts {
            case .patterns(let patterns): HostPatterns.matches(name, patterns)
            case .hashed(let salt, let hash): hmacSHA1(salt, Array(name.lowercased().utf8)) == hash
            }
        }
    }
}
