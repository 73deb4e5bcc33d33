import FanoutCore
import FanoutPosix
import FanoutSSH
import Foundation

/// The controller's end of a workspace lock on a host (`fanout-agent --hold-lock`, see `WorkspaceLock`): a
/// channel whose remote process holds the lock while this side keeps it alive with a byte every two seconds.
/// Closing it, or losing the connection, releases the lock.
final class WorkspaceLockHolder: Sendable {
    /// How the attempt to take the lock ended.
    enum Outcome {
        case locked(WorkspaceLockHolder)
        /// Another run holds it, and the caller did not ask to wait.
        case busy
    }

    private let channel: SSHChannelHandle
    private let open = Locked(true)

    private init(channel: SSHChannelHandle) {
        self.channel = channel
    }

    /// Takes the lock of `directory` on `connection` with the agent at `agentPath`. With `waiting` set, a lock
    /// held by another run is waited for (`waiting` hears that once); else the answer is `.busy`.
    static func acquire(
        _ connection: SSHConnection, agentPath: String, directory: String, idleTimeout: Double, timeout: Double,
        waiting: (@Sendable () -> Void)?
    ) throws -> Outcome {
        let lines = Mailbox<String>()
        let splitter = Locked(LineSplitter())
        let command =
            "exec \(ShellQuote.word(agentPath)) --hold-lock \(ShellQuote.word(directory)) --idle-timeout "
            + "\(NumberText.plain(idleTimeout))" + (waiting == nil ? "" : " --wait")
        let channel = connection.open(
            command,
            events: SSHChannelEvents(
                stdout: { bytes in
                    for case .text(let line) in splitter.withLock({ $0.push(bytes) }) {
                        lines.post(String(decoding: line, as: UTF8.self))
                    }
                },
                stderr: { _ in },
                exit: { _ in lines.post("exited") }))
        let holder = WorkspaceLockHolder(channel: channel)
        holder.keepAlive()
        var deadline: Double? = SystemInfo.now + timeout
        while true {
            let left = deadline.map { $0 - SystemInfo.now }
            guard left.map({ $0 > 0 }) ?? true, let line = lines.take(timeout: left) else {
                holder.release()
                throw ControllerError(
                    "\(connection.target.label): taking the lock of \(directory) did not finish within "
                        + "\(NumberText.plain(timeout)) s")
            }
            switch line {
            case "locked": return .locked(holder)
            case "busy" where waiting != nil:
                waiting?()
                deadline = nil
            case "busy":
                holder.release()
                return .busy
            default:
                holder.release()
                // An agent of another build starts serving instead of taking the lock: it says hello.
                let why =
                    line == "exited"
                    ? "the agent's lock holder ended"
                    : line.hasPrefix("{")
                        ? "the agent \(agentPath) is of another build and cannot lock; pass one built with this fanout"
                        : line
                throw ControllerError("\(connection.target.label): cannot lock \(directory): \(why)")
            }
        }
    }

    /// Sends a heartbeat every two seconds until released.
    private func keepAlive() {
        let channel = self.channel
        let open = self.open
        Threads.start("fanout-lock-ping") {
            while open.withLock({ $0 }) {
                channel.write([UInt8(ascii: "\n")])
                usleep(2_000_000)
            }
        }
    }

    /// Releases the lock: the holder sees its input end and exits.
    func release() {
        let wasOpen = open.withLock { isOpen -> Bool in
            defer { isOpen = false }
            return isOpen
        }
        if wasOpen { channel.closeInput() }
    }
}
