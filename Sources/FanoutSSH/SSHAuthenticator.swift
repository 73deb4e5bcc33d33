import CLibSSH2
import FanoutCore
import FanoutPosix
import Foundation

/// Public-key authentication: ssh-agent identities first (as OpenSSH does), then key files.
struct SSHAuthenticator {
    let session: OpaquePointer
    let target: SSHTarget

    func authenticate() throws {
        var tried: [String] = []
        if SystemInfo.environment["SSH_AUTH_SOCK"] != nil {
            tried.append("ssh-agent")
            if authenticateWithAgent() { return }
        }
        var locked: [String] = []
        for file in target.identityFiles where FileManager.default.fileExists(atPath: file) {
            tried.append(file)
            var passphrase = ""
            let encrypted =
                (try? String(contentsOfFile: file, encoding: .utf8)).map(PrivateKeyFile.isEncrypted) ?? false
            if encrypted {
                guard let typed = PassphrasePrompt.passphrase(for: file) else {
                    locked.append(file)
                    continue
                }
                passphrase = typed
            }
            let publicKey = file + ".pub"
            let rc = fanout_ssh_userauth_keyfile(
                session, target.user, FileManager.default.fileExists(atPath: publicKey) ? publicKey : nil, file,
                passphrase)
            if rc == 0 { return }
            if SSHSession.isTimeout(rc) {
                throw SSHError(
                    .timeout, host: target.label,
                    "authentication did not finish within \(NumberText.plain(target.connectTimeout)) s: the host's "
                        + "SSH server stopped answering")
            }
        }
        throw SSHError(.authentication, host: target.label, failure(tried: tried, locked: locked))
    }

    /// Why no key was accepted, and what to do.
    private func failure(tried: [String], locked: [String]) -> String {
        let attempted =
            tried.isEmpty ? "no ssh-agent and none of \(target.identityFiles) exists" : tried.joined(separator: ", ")
        var message = "no key was accepted for \(target.user)@\(target.address) (tried: \(attempted)). "
        if let key = locked.first {
            message +=
                "The key \(key) is protected by a passphrase and there is no terminal to ask for it: load it into "
                + "ssh-agent (`eval \"$(ssh-agent)\" && ssh-add \(key)`) and run fanout where SSH_AUTH_SOCK is set. "
        }
        return message
            + "Add your public key to the host's authorized_keys, or name the key with `identity` in [[hosts]] or "
            + "IdentityFile in ~/.ssh/config."
    }

    private func authenticateWithAgent() -> Bool {
        guard let agent = libssh2_agent_init(session) else { return false }
        defer { libssh2_agent_free(agent) }
        guard libssh2_agent_connect(agent) == 0 else { return false }
        defer { libssh2_agent_disconnect(agent) }
        guard libssh2_agent_list_identities(agent) == 0 else { return false }
        var previous: UnsafeMutablePointer<libssh2_agent_publickey>?
        while true {
            var identity: UnsafeMutablePointer<libssh2_agent_publickey>?
            guard libssh2_agent_get_identity(agent, &identity, previous) == 0, let identity else { return false }
            if libssh2_agent_userauth(agent, target.user, identity) == 0 { return true }
            previous = identity
        }
    }
}
