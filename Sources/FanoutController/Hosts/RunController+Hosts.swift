import FanoutCore
import FanoutPosix
import FanoutSSH
import Foundation

/// Remote hosts: each is set up on its own thread (connect, probe, upload the agent, sync) and reports to the
/// run's mailbox; setups still under way when a run ends are waited for and their agents stopped.
extension RunController {
    /// Sets up every remote host on its own thread; each reports back through the mailbox.
    func startRemoteHosts() throws {
        let mailbox = self.mailbox
        let agent = try AgentBinary(path: options.remoteAgentPath)
        let sync = WorkspaceSync(
            fanoutPath: options.fanoutPath, workspace: options.workspace, excludes: options.exclude)
        let key = RemoteHostSetup.workspaceKey(workspace: options.workspace)
        let timeout = options.setupTimeout
        let heartbeatTimeout = options.heartbeatTimeout ?? Self.defaultHeartbeatTimeout
        for host in options.hosts {
            roster.setupStarted(host: host.label)
            let setup = RemoteHostSetup(
                host: host, agent: agent, sync: sync,
                workspace: RemoteWorkspacePreparation(
                    host: host, workspaceKey: key, timeout: timeout, heartbeatTimeout: heartbeatTimeout),
                timeout: timeout)
            Threads.start("fanout-setup-\(host.label)") {
                do {
                    let ready = try setup.prepare(mailbox: mailbox) { mailbox.post(.setupNotice($0)) }
                    let agentNote =
                        ready.uploadSeconds.map {
                            String(
                                format: "agent uploaded (%.1f MB in %.2fs)", Double(agent.bytes.count) / 1e6, $0)
                        } ?? "agent cached"
                    let note = String(
                        format: "%@: %@, synced %d files (%d bytes) in %.2fs into %@", host.label, agentNote,
                        ready.sync.filesTransferred, ready.sync.bytesTransferred, ready.sync.seconds,
                        ready.remoteWorkspace)
                    mailbox.post(
                        .hostReady(
                            host: host.label, connection: ready.connection, slots: ready.slots,
                            workspace: ready.remoteWorkspace, note: note))
                } catch let error as SSHError {
                    let fatal = [.unknownHostKey, .changedHostKey, .authentication].contains(error.kind)
                    mailbox.post(.hostFailed(host: host.label, message: error.description, fatal: fatal))
                } catch {
                    mailbox.post(.hostFailed(host: host.label, message: "\(error)", fatal: false))
                }
            }
        }
    }

    /// Waits for setups still under way when the run ended (an early interrupt), and stops the agents they
    /// started: their threads must not be mid-handshake when the process exits, and no agent may outlive
    /// the run. A signal stops the wait.
    func settleHostSetups() {
        let deadline = SystemInfo.now + Self.setupSettleTimeout
        while !roster.settingUp.isEmpty, SystemInfo.now < deadline {
            guard let input = mailbox.take(timeout: 0.2) else { continue }
            switch input {
            case .hostReady(let host, let connection, _, _, _):
                roster.setupEndedTooLate(host: host)
                connection.send(.shutdown)
                connection.finish(timeout: Self.agentExitTimeout)
            case .hostFailed(let host, let message, _):
                roster.setupEndedTooLate(host: host)
                // The run ended without this host; still say why it could not have taken part.
                publish(.notice("host \(host) was left out (the run ended before its setup did): \(message)"))
            case .signal: return
            default: continue
            }
        }
    }
}
