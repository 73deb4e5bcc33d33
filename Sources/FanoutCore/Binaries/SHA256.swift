import CFanoutDigest

/// SHA-256 (FIPS 180-4), for content hashes: the agent binary cached on hosts, workspace directory names.
/// Not for security decisions beyond integrity of what Fanout itself uploads.
///
/// The digest is libcrypto's, linked statically (20 KB in the agent, and no library a host must have); it runs
/// about seven times faster than a Swift implementation on CPUs with SHA extensions.
public struct SHA256: Sendable {
    private var state = fanout_sha256()

    public init() {
        fanout_sha256_init(&state)
    }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        fanout_sha256_update(&state, bytes.baseAddress, bytes.count)
    }

    /// The digest; the hasher should not be used afterwards.
    public mutating func finalize() -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        digest.withUnsafeMutableBufferPointer { fanout_sha256_final(&state, $0.baseAddress) }
        return digest
    }

    /// Lower-case hex digest of `bytes`.
    public static func hex(_ bytes: [UInt8]) -> String {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize().map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
