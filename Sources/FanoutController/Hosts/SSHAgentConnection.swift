import FanoutCore
import FanoutPosix
import FanoutProtocol
import FanoutSSH
import Foundation

/// An agent on a remote host, speaking the protocol over an SSH exec channel. Closing the channel ends the
/// agent's stdin, and an agent whose stdin ends stops every test it runs.
public final class SSHAgentConnection: AgentConnection {
    public let host: String
    private let connection: SSHConnection
    private let channel: SSHChannelHandle
    private let exited = DispatchSemaphore(value: 0)
    /// The lock on the host's workspace directory, held until the agent is finished with.
    private let lock: WorkspaceLockHolder?

    init(
        host: String, connection: SSHConnection, command: String, mailbox: Mailbox<ControllerInput>,
        lock: WorkspaceLockHolder? = nil
    ) {
        self.host = host
        self.connection = connection
        self.lock = lock
        let reader = AgentStreamReader(host: host, mailbox: mailbox)
        let errors = Locked(OutputTail(capacity: 16 * 1024))
        let exited = self.exited
        channel = connection.open(
            command,
            events: SSHChannelEvents(
                stdout: { reader.consume($0) },
                stderr: { bytes in errors.withLock { $0.append(bytes) } },
                exit: { exit in
                    let tail = errors.withLock { $0.lastLines(5) }
                    var detail: String
                    if let error = exit.error {
                        detail = error.message
                    } else if let signal = exit.signal {
                        detail = "the agent was killed by SIG\(signal)"
                    } else {
                        detail = "the agent exited with status \(exit.status.map(String.init) ?? "?")"
                    }
                    if !tail.isEmpty { detail += ": \(tail)" }
                    reader.finish(detail: detail)
                    exited.signal()
                }))
    }

    public func send(_ message: ControllerMessage) {
        guard let bytes = try? JSONLines.encode(message) else { return }
        channel.write(bytes)
    }

    public func finish(timeout: Double) {
        channel.closeInput()
        if exited.wait(timeout: .now() + timeout) == .timedOut {
            channel.abort()
            _ = exited.wait(timeout: .now() + 2)
        }
        lock?.release()
        connection.close()
    }
}
