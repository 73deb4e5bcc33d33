import FanoutCore
import FanoutPosix
import FanoutSSH
import Foundation

/// Gets one host ready: connect, probe, upload the agent (cached by content hash), choose, check and lock the
/// workspace directory, sync the workspace, and start the agent on an exec channel. Every stage has a time
/// limit, so a host that accepts a connection and then says nothing is left out, never waited for.
struct RemoteHostSetup: Sendable {
    /// A host that is ready to join the run.
    struct Ready: Sendable {
        var connection: SSHAgentConnection
        var slots: Int
        var remoteWorkspace: String
        var sync: WorkspaceSync.Stats
        /// Seconds the agent's upload took; nil when the host had this build cached.
        var uploadSeconds: Double?
    }

    let host: RemoteHost
    let agent: AgentBinary
    let sync: WorkspaceSync
    let workspace: RemoteWorkspacePreparation
    /// Seconds each stage may take before the host counts as stalled.
    let timeout: Double

    func prepare(mailbox: Mailbox<ControllerInput>, notice: @escaping @Sendable (String) -> Void) throws -> Ready {
        let connection = try SSHConnection.connect(host.target)
        do {
            let probe = try probe(connection)
            let deployed = try AgentDeployment(agent: agent, host: host.label, timeout: timeout)
                .deploy(connection, home: probe.home)
            let prepared = try workspace.prepare(
                connection, home: probe.home, agentPath: deployed.path, notice: notice)
            let stats: WorkspaceSync.Stats
            do {
                stats = try synchronize(connection, into: prepared.directory)
            } catch {
                prepared.lock.release()
                throw error
            }
            let agentConnection = SSHAgentConnection(
                host: host.label, connection: connection,
                command: "cd \(ShellQuote.word(prepared.directory)) && exec \(ShellQuote.word(deployed.path))",
                mailbox: mailbox, lock: prepared.lock)
            return Ready(
                connection: agentConnection, slots: host.slots ?? probe.cpuCount ?? 1,
                remoteWorkspace: prepared.directory, sync: stats, uploadSeconds: deployed.uploadSeconds)
        } catch {
            connection.close()
            throw error
        }
    }

    /// What the host says about itself, and whether it can take part at all.
    func probe(_ connection: SSHConnection) throws -> HostProbe {
        let result = connection.run(HostProbe.command, timeout: timeout, stage: "probing the host")
        if let error = result.exit.error, error.kind == .timeout { throw ControllerError(error.description) }
        guard result.succeeded else {
            throw ControllerError(
                "\(host.label): probing the host failed: \(result.exit.error?.message ?? result.stderrText)")
        }
        let probe = HostProbe(parsing: result.stdoutText)
        guard probe.rsync != nil else {
            throw ControllerError(
                "\(host.label): rsync is not installed on the host; install it (apt-get install rsync)")
        }
        if let mismatch = agent.mismatch(hostMachine: probe.machine) {
            throw ControllerError("\(host.label): \(mismatch)")
        }
        return probe
    }

    private func synchronize(_ connection: SSHConnection, into directory: String) throws -> WorkspaceSync.Stats {
        do {
            return try sync.run(target: host.target, remoteDirectory: directory, timeout: timeout)
        } catch {
            // rsync does not always live to print why its receiver failed: look at the disk itself.
            if let free = freeKiB(connection, directory: directory), free < Self.fullDiskKiB {
                throw WorkspaceSync.diskFull(host: host.label, directory: directory, detail: "\(free) KiB free")
            }
            throw error
        }
    }

    /// Below this much free space after a failed sync, the disk is taken to be why.
    static let fullDiskKiB = 1024

    /// Free KiB in the file system of `directory` on the host; nil when unknown.
    func freeKiB(_ connection: SSHConnection, directory: String) -> Int? {
        let result = connection.run(
            "df -Pk \(ShellQuote.word(directory)) | awk 'NR==2 {print $4}'", timeout: timeout,
            stage: "checking the free disk")
        return result.succeeded ? Int(result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)) : nil
    }

    /// `name-hash` of the controller's workspace path and machine.
    static func workspaceKey(workspace: String) -> String {
        let name = (workspace as NSString).lastPathComponent.filter {
            $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_"
        }
        let hash = SHA256.hex(Array("\(SystemInfo.hostname):\(workspace)".utf8)).prefix(10)
        return "\(name.isEmpty ? "workspace" : name)-\(hash)"
    }
}
