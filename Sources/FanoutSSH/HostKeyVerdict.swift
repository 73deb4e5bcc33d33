/// What known_hosts says about the key a host offered.
public enum HostKeyVerdict: Sendable, Equatable {
    /// A line for the host has this very key.
    case match
    /// The key is listed `@revoked`: never accept it.
    case revoked(file: String, line: Int)
    /// The host is known, but with other keys (of this type or another): they are listed.
    case changed([KnownHosts.Entry])
    /// No line names the host.
    case unknown

    /// Judges `key` (a public key blob) offered by `name` against `knownHosts`.
    public static func judge(
        key: [UInt8], name: String, knownHosts: KnownHosts, hmacSHA1: ([UInt8], [UInt8]) -> [UInt8]
    ) -> HostKeyVerdict {
        let found = knownHosts.entries(for: name, hmacSHA1: hmacSHA1)
        if let revoked = found.first(where: { $0.marker == .revoked && $0.key == key }) {
            return .revoked(file: revoked.file, line: revoked.line)
        }
        let hostKeys = found.filter { $0.marker == .none }
        if hostKeys.contains(where: { $0.key == key }) { return .match }
        return hostKeys.isEmpty ? .unknown : .changed(hostKeys)
    }
}
