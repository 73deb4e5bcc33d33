import FanoutPosix
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Appends a new host's key to the user's known_hosts as OpenSSH does, safely for hosts set up in parallel and
/// for other processes: under an exclusive lock on the file, after reading it again (another setup may have
/// recorded the host meanwhile), with one write of the whole line to a file opened for appending.
struct KnownHostsRecorder {
    let file: String
    let host: String
    /// Write the name hashed (`|1|salt|hash`), as ssh_config's `HashKnownHosts yes` asks.
    let hashNames: Bool

    func record(name: String, keyType: String, key: [UInt8]) throws {
        let directory = (file as NSString).deletingLastPathComponent
        if !directory.isEmpty && !FileManager.default.fileExists(atPath: directory) {
            try? FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let descriptor = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure(PosixError("cannot open \(file)")) }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX) == 0 else { throw failure(PosixError("cannot lock \(file)")) }
        defer { flock(descriptor, LOCK_UN) }
        let current = KnownHosts(files: [file])
        if !current.entries(for: name, hmacSHA1: KnownHosts.hmacSHA1).contains(where: { $0.key == key }) {
            var line = Array((hostField(name) + " \(keyType) \(Data(key).base64EncodedString())\n").utf8)
            if needsNewlineFirst() { line.insert(UInt8(ascii: "\n"), at: 0) }
            // One write(2) of the whole line: O_APPEND makes it land whole after everything already there.
            let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard written == line.count else { throw failure(PosixError("cannot write \(file)")) }
        }
    }

    private func hostField(_ name: String) -> String {
        guard hashNames else { return name }
        var salt = [UInt8](repeating: 0, count: 20)
        var generator = SystemRandomNumberGenerator()
        for index in salt.indices { salt[index] = generator.next() }
        let hash = KnownHosts.hmacSHA1(key: salt, message: Array(name.lowercased().utf8))
        return "|1|\(Data(salt).base64EncodedString())|\(Data(hash).base64EncodedString())"
    }

    /// Whether the file ends without a newline (an entry typed by hand), so the new line must start one.
    private func needsNewlineFirst() -> Bool {
        guard let bytes = FileManager.default.contents(atPath: file), let last = bytes.last else { return false }
        return last != UInt8(ascii: "\n")
    }

    private func failure(_ error: PosixError) -> SSHError {
        SSHError(.handshake, host: host, "cannot record the host key: \(error)")
    }
}
