import Foundation

/// What Fanout needs to know about a private key file before offering it: whether it is encrypted, in which
/// case it cannot be used without its passphrase (from ssh-agent, or typed at a terminal).
public enum PrivateKeyFile {
    /// Whether the key text (OpenSSH or PEM format) is protected by a passphrase.
    public static func isEncrypted(_ text: String) -> Bool {
        if text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") || text.contains("Proc-Type: 4,ENCRYPTED") {
            return true
        }
        let begin = "-----BEGIN OPENSSH PRIVATE KEY-----"
        let end = "-----END OPENSSH PRIVATE KEY-----"
        guard let start = text.range(of: begin), let stop = text.range(of: end, range: start.upperBound..<text.endIndex)
        else { return false }
        let body = text[start.upperBound..<stop.lowerBound].filter { !$0.isWhitespace }
        guard let data = Data(base64Encoded: String(body)) else { return false }
        let bytes = [UInt8](data)
        // "openssh-key-v1\0", then the cipher name as a length-prefixed string: "none" when unencrypted.
        let magic = Array("openssh-key-v1\0".utf8)
        guard bytes.count > magic.count + 4, Array(bytes.prefix(magic.count)) == magic else { return false }
        let length = bytes[magic.count..<magic.count + 4].reduce(0) { $0 << 8 | Int($1) }
        let nameStart = magic.count + 4
        guard length > 0, nameStart + length <= bytes.count else { return false }
        return String(decoding: bytes[nameStart..<nameStart + length], as: UTF8.self) != "none"
    }
}
