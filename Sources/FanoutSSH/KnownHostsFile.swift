import Foundation

/// Reads plain entries of OpenSSH known_hosts files. Used to pin the host-key algorithm before the handshake:
/// libssh2 otherwise prefers ECDSA, and a host known by its Ed25519 key would look unknown.
public enum KnownHostsFile {
    /// Key types (`ssh-ed25519`, `ecdsa-sha2-nistp256`, ...) listed for `name` (`addr` or `[addr]:port`),
    /// in file order. Hashed (`|1|`) entries cannot be matched without the key and are skipped here.
    public static func keyTypes(for name: String, in text: String) -> [String] {
        var types: [String] = []
        for rawLine in text.split(separator: "\n") {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("@") || line.hasPrefix("|") { continue }
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 3 else { continue }
            let patterns = fields[0].split(separator: ",").map(String.init)
            if patterns.contains(name) && !types.contains(String(fields[1])) { types.append(String(fields[1])) }
        }
        return types
    }

    /// libssh2 host-key method preference for those types, or nil to keep libssh2's default.
    public static func methodPreference(for types: [String]) -> String? {
        var methods: [String] = []
        for type in types {
            if type == "ssh-rsa" {
                methods += ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"]
            } else {
                methods.append(type)
            }
        }
        return methods.isEmpty ? nil : methods.joined(separator: ",")
    }

    /// One known_hosts line for a key, as OpenSSH writes it.
    public static func entry(name: String, keyType: String, key: [UInt8]) -> String {
        "\(name) \(keyType) \(Data(key).base64EncodedString())\n"
    }

    /// OpenSSH's fingerprint form: `SHA256:` and unpadded base64 of the key's SHA-256.
    public static func fingerprint(sha256: [UInt8]) -> String {
        var text = Data(sha256).base64EncodedString()
        while text.hasSuffix("=") { text.removeLast() }
        return "SHA256:" + text
    }
}
