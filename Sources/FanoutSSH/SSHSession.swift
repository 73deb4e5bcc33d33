import CLibSSH2
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
            guard libssh2_session_handshake(session, socket) == 0 else {
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

    private func pinHostKeyMethods() throws {
        var types: [String] = []
        for file in target.knownHostsFiles {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { continue }
            types += KnownHostsFile.keyTypes(for: target.knownHostsName, in: text)
        }
        if let preference = KnownHostsFile.methodPreference(for: types) {
            _ = libssh2_session_method_pref(session, LIBSSH2_METHOD_HOSTKEY, preference)
        }
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
