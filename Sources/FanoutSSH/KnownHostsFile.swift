import Foundation

/// Helpers for OpenSSH host keys: libssh2's method preference for the key types known for a host, and the
/// fingerprint form `ssh` prints.
public enum KnownHostsFile {
    /// libssh2 host-key method preference: the methods for `known` types first, then the rest of `supported`;
    /// nil to keep libssh2's default (nothing known).
    public static func methodPreference(for known: [String], supported: [String]) -> String? {
        var methods: [String] = []
        for type in known {
            let forType = type == "ssh-rsa" ? ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"] : [type]
            for method in forType where !methods.contains(method) { methods.append(method) }
        }
        guard !methods.isEmpty else { return nil }
        let available = supported.isEmpty ? methods : methods.filter(supported.contains)
        let ordered = (available.isEmpty ? methods : available) + supported.filter { !methods.contains($0) }
        return ordered.joined(separator: ",")
    }

    /// OpenSSH's fingerprint form: `SHA256:` and unpadded base64 of the key's SHA-256.
    public static func fingerprint(sha256: [UInt8]) -> String {
        var text = Data(sha256).base64EncodedString()
        while text.hasSuffix("=") { text.removeLast() }
        return "SHA256:" + text
    }
}
