import CLibSSH2
import FanoutCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One libssh2 session: handshake, host key verification and authentication. Not thread-safe: it lives on
/// its connection's thread.
final class SSHSession {
    let session: OpaquePointer
    let socket: Int32
    let target: SSHTarget

    private static let initialized: Bool = {
        libssh2_init(0) == 0
    }()

    init(target: SSHTarget) throws {
        guard Self.initialized else { throw SSHError(.handshake, host: target.label, "libssh2 failed to initialise") }
        self.target = target
        socket = try TCPSocket.connect(
            address: target.address, port: target.port, timeout: target.connectTimeout, label: target.label)
        guard let session = libssh2_session_init_ex(nil, nil, nil, nil) else {
            close(socket)
            throw SSHError(.handshake, host: target.label, "libssh2 could not create a session")
        }
        self.session = session
        libssh2_session_set_blocking(session, 1)
        libssh2_session_set_timeout(session, Int(target.connectTimeout * 1000))
        do {
            try pinHostKeyMethods()
            let handshake = libssh2_session_handshake(session, socket)
            if Self.isTimeout(handshake) {
                throw SSHError(
                    .timeout, host: target.label,
                    "the SSH handshake did not finish within \(NumberText.plain(target.connectTimeout)) s: the host "
                        + "accepted the connection but its SSH server did not answer (is sshd running there, and not "
                        + "stopped or overloaded?)")
            }
            guard handshake == 0 else {
                throw SSHError(.handshake, host: target.label, "SSH handshake failed: \(lastError)")
            }
            try HostKeyVerifier(session: session, target: target).verify()
            try SSHAuthenticator(session: session, target: target).authenticate()
        } catch {
            libssh2_session_free(session)
            close(socket)
            throw error
        }
        libssh2_session_set_timeout(session, 0)
        libssh2_keepalive_config(session, 1, 5)
    }

    /// The text of libssh2's last error.
    var lastError: String {
        var message: UnsafeMutablePointer<CChar>?
        var length: Int32 = 0
        let code = libssh2_session_last_error(session, &message, &length, 0)
        return message.map { "\(String(cString: $0)) (\(code))" } ?? "error \(code)"
    }

    var lastErrno: Int32 { libssh2_session_last_errno(session) }

    /// Whether a blocking libssh2 call gave up at the session's timeout.
    static func isTimeout(_ code: Int32) -> Bool {
        code == LIBSSH2_ERROR_TIMEOUT || code == LIBSSH2_ERROR_SOCKET_TIMEOUT
    }

    /// Asks first for the key types known_hosts lists for the host (libssh2 would prefer ECDSA, and a host known
    /// by its Ed25519 key would then offer a key that is not known), then for every other type, so a host that
    /// lost its known key still answers with one and is reported as changed rather than failing the handshake.
    private func pinHostKeyMethods() throws {
        let known = KnownHosts(files: target.knownHostsFiles + target.globalKnownHostsFiles)
            .entries(for: target.knownHostsName, hmacSHA1: KnownHosts.hmacSHA1)
            .filter { $0.marker == .none }.map(\.keyType)
        if let preference = KnownHostsFile.methodPreference(for: known, supported: supportedHostKeyMethods) {
            _ = libssh2_session_method_pref(session, LIBSSH2_METHOD_HOSTKEY, preference)
        }
    }

    /// The host-key methods this libssh2 can do, in its own order.
    private var supportedHostKeyMethods: [String] {
        var list: UnsafeMutablePointer<UnsafePointer<CChar>?>?
        let count = libssh2_session_supported_algs(session, LIBSSH2_METHOD_HOSTKEY, &list)
        guard count > 0, let list else { return [] }
        defer { libssh2_free(session, list) }
        return (0..<Int(count)).compactMap { list[$0].map { String(cString: $0) } }
    }

    /// Ends the session politely and frees it.
    func shutdown() {
        libssh2_session_set_blocking(session, 1)
        libssh2_session_set_timeout(session, 1000)
        _ = fanout_ssh_disconnect(session, "fanout done")
        libssh2_session_free(session)
        close(socket)
    }
}
