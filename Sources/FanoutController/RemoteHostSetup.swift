import FanoutCore
import FanoutPosix
import FanoutSSH
import Foundation

/// Gets one host ready: connect, probe, upload the agent (cached by content hash), sync the workspace, and
/// start the agent on an exec channel.
struct RemoteHostSetup: Sendable {
    /// A host that is ready to join the run.
    struct Ready: Sendable {
        var connection: SSHAgentConnection
        var slots: Int
        var remoteWorkspace: String
        var sync: WorkspaceSync.Stats
        var uploadedAgent: Bool
    }

    let host: RemoteHost
    let agent: AgentBinary
    let sync: WorkspaceSync
    /// Names the controller's copy of the workspace, so two checkouts never share a directory on a host.
    let workspaceKey: String

    func prepare(mailbox: Mailbox<ControllerInput>) throws -> Ready {
        let connection = try SSHConnection.connect(host.target)
        do {
            let probe = try probe(connection)
            guard probe.rsync != nil else {
                throw ControllerError(
                    "\(host.label): rsync is not installed on the host; install it (apt-get install rsync)")
            }
            let workspace = remoteWorkspace(home: probe.home)
            let (agentPath, uploaded) = try deployAgent(connection, home: probe.home)
            let made = connection.run("mkdir -p \(ShellQuote.word(workspace))")
            guard made.succeeded else {
                throw ControllerError("\(host.label): cannot create \(workspace): \(made.stderrText)")
            }
            let stats: WorkspaceSync.Stats
            do {
                stats = try sync.run(target: host.target, remoteDirectory: workspace)
            } catch {
                // rsync does not always live to print why its receiver failed: look at the disk itself.
                if let free = freeKiB(connection, directory: workspace), free < Self.fullDiskKiB {
                    throw WorkspaceSync.diskFull(host: host.label, directory: workspace, detail: "\(free) KiB free")
                }
                throw error
            }
            let agentConnection = SSHAgentConnection(
                host: host.label, connection: connection,
                command: "cd \(ShellQuote.word(workspace)) && exec \(ShellQuote.word(agentPath))", mailbox: mailbox)
            return Ready(
                connection: agentConnection, slots: host.slots ?? probe.cpuCount ?? 1, remoteWorkspace: workspace,
                sync: stats, uploadedAgent: uploaded)
        } catch {
            connection.close()
            throw error
        }
    }

    /// Below this much free space after a failed sync, the disk is taken to be why.
    static let fullDiskKiB = 1024

    /// Free KiB in the file system of `directory` on the host; nil when unknown.
    func freeKiB(_ connection: SSHConnection, directory: String) -> Int? {
        let result = connection.run("df -Pk \(ShellQuote.word(directory)) | awk 'NR==2 {print $4}'")
        return result.succeeded ? Int(result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)) : nil
    }

    func probe(_ connection: SSHConnection) throws -> HostProbe {
        let result = connection.run(HostProbe.command)
        guard result.succeeded else {
            throw ControllerError(
                "\(host.label): probing the host failed: \(result.exit.error?.message ?? result.stderrText)")
        }
        return HostProbe(parsing: result.stdoutText)
    }

    /// The workspace directory on the host: configured, or under the home's cache.
    func remoteWorkspace(home: String) -> String {
        if let configured = host.workspace {
            return configured.hasPrefix("~/") ? home + configured.dropFirst() : configured
        }
        return "\(home)/.cache/fanout/workspaces/\(workspaceKey)"
    }

    /// Uploads the agent unless this exact build is already on the host; returns its path and whether it
    /// was uploaded.
    func deployAgent(_ connection: SSHConnection, home: String) throws -> (String, Bool) {
        let directory = "\(home)/.cache/fanout/agents/\(agent.hash)"
        let path = directory + "/fanout-agent"
        if connection.run("test -x \(ShellQuote.word(path))").succeeded { return (path, false) }
        let temporary = directory + "/.fanout-agent.upload"
        let upload = connection.run(
            "mkdir -p \(ShellQuote.word(directory)) && cat > \(ShellQuote.word(temporary)) && "
                + "chmod 755 \(ShellQuote.word(temporary)) && mv -f \(ShellQuote.word(temporary)) \(ShellQuote.word(path))",
            input: agent.bytes)
        guard upload.succeeded else {
            throw ControllerError(
                "\(host.label): uploading the agent to \(path) failed: \(upload.exit.error?.message ?? upload.stderrText)"
            )
        }
        return (path, true)
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
