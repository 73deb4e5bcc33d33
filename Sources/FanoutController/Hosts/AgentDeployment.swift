import FanoutCore
import FanoutPosix
import FanoutSSH
import Foundation

/// Puts this build's agent into the host's cache, `~/.cache/fanout/agents/HASH/fanout-agent`. Each upload goes to
/// a temporary name of its own and is moved into place only after the host has checked its SHA-256, so an upload
/// cut short (the link dropped, the controller killed) is never run and two controllers uploading at once cannot
/// mix their files. A file in place was checked when it got there: later runs check that it is still an
/// executable of this build's size instead of hashing 24 MB again on every host (0.1 to 0.3 s of each host's
/// setup).
struct AgentDeployment: Sendable {
    let agent: AgentBinary
    let host: String
    /// Seconds any step may go without progress before the host counts as stalled.
    let timeout: Double

    /// What deploying did.
    struct Result: Sendable {
        var path: String
        /// Seconds the upload took; nil when the cached agent was this build.
        var uploadSeconds: Double?
    }

    func deploy(_ connection: SSHConnection, home: String) throws -> Result {
        let directory = "\(home)/.cache/fanout/agents/\(agent.hash)"
        let path = directory + "/fanout-agent"
        let quoted = ShellQuote.word(path)
        let cached = connection.run(
            "[ -f \(quoted) ] && [ -x \(quoted) ] && wc -c < \(quoted)", timeout: timeout,
            stage: "checking the cached agent")
        if let error = cached.exit.error, error.kind == .timeout { throw ControllerError(error.description) }
        if cached.succeeded,
            Int(cached.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)) == agent.bytes.count
        {
            return Result(path: path, uploadSeconds: nil)
        }
        let started = SystemInfo.now
        try upload(connection, directory: directory, path: path)
        return Result(path: path, uploadSeconds: SystemInfo.now - started)
    }

    private func upload(_ connection: SSHConnection, directory: String, path: String) throws {
        let temporary = directory + "/.upload-" + UUID().uuidString.lowercased()
        let (quotedDirectory, quotedTemporary) = (ShellQuote.word(directory), ShellQuote.word(temporary))
        let script =
            "mkdir -p \(quotedDirectory) && cat > \(quotedTemporary) && "
            + "printf '%s  %s\\n' \(agent.fullHash) \(quotedTemporary) | sha256sum -c --status - && "
            + "chmod 755 \(quotedTemporary) && mv -f \(quotedTemporary) \(ShellQuote.word(path)) "
            + "|| { status=$?; rm -f \(quotedTemporary); exit $status; }"
        let upload = connection.run(
            script, input: agent.bytes, timeout: timeout, stage: "uploading the agent to \(path)")
        if let error = upload.exit.error, error.kind == .timeout {
            throw ControllerError(error.description + "; nothing was cached, the next run uploads it again")
        }
        guard upload.succeeded else {
            var why = upload.exit.error?.message ?? upload.stderrText.trimmingCharacters(in: .whitespacesAndNewlines)
            if why.isEmpty { why = "its checksum did not match what was sent, or the host has no sha256sum" }
            throw ControllerError(
                "\(host): uploading the agent to \(path) failed (\(why)); nothing was cached, the next run uploads it "
                    + "again")
        }
    }
}
