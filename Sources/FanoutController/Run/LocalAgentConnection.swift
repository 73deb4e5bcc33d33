import FanoutCore
import FanoutPosix
import FanoutProtocol
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The embedded default: `fanout-agent` as a child process speaking the protocol over pipes.
public final class LocalAgentConnection: AgentConnection {
    public let host: String
    private let process: ChildProcess
    private let input: Int32
    private let stderrTail = Locked(OutputTail())

    /// Starts the agent and a reader thread that posts its messages to `mailbox`.
    public init(host: String, agentPath: String, mailbox: Mailbox<ControllerInput>) throws {
        guard FileManager.default.isExecutableFile(atPath: agentPath) else {
            throw ControllerError(
                "the agent executable \(agentPath) is missing or not executable; build it with "
                    + "`swift build --product fanout-agent` (it is looked up next to `fanout`)")
        }
        self.host = host
        let toAgent = try PipePair()
        let fromAgent = try PipePair()
        let agentErrors = try PipePair()
        // Its own process group: a terminal's Ctrl-C reaches only the controller, which stops the run in order.
        process = try ChildProcess.spawn(
            arguments: [agentPath], environment: SystemInfo.environment,
            descriptors: [(toAgent.readEnd, 0), (fromAgent.writeEnd, 1), (agentErrors.writeEnd, 2)],
            newProcessGroup: true)
        FileDescriptorIO.close(toAgent.readEnd)
        FileDescriptorIO.close(fromAgent.writeEnd)
        FileDescriptorIO.close(agentErrors.writeEnd)
        input = toAgent.writeEnd
        let host = host
        let tail = stderrTail
        Threads.start("fanout-agent-stderr-\(host)") {
            while let chunk = try? FileDescriptorIO.read(agentErrors.readEnd), !chunk.isEmpty {
                tail.withLock { $0.append(chunk) }
            }
            FileDescriptorIO.close(agentErrors.readEnd)
        }
        Threads.start("fanout-agent-reader-\(host)") {
            AgentStreamReader(host: host, mailbox: mailbox).read(descriptor: fromAgent.readEnd) {
                tail.withLock { $0.lastLines(5) }
            }
            FileDescriptorIO.close(fromAgent.readEnd)
        }
    }

    public func send(_ message: ControllerMessage) {
        guard let bytes = try? JSONLines.encode(message) else { return }
        // A failed write means the agent is gone; its reader reports that as `.closed`.
        try? FileDescriptorIO.writeAll(input, bytes)
    }

    public func finish(timeout: Double) {
        FileDescriptorIO.close(input)
        if waitForExit(seconds: timeout) { return }
        // The guardian passes SIGTERM on to the agent, which stops its tests; its guardian then kills what is
        // left. Only then, if need be, the whole group.
        kill(process.pid, SIGTERM)
        if waitForExit(seconds: Self.terminateGrace) { return }
        process.signalGroup(SIGKILL)
        _ = process.wait()
    }

    /// Seconds the agent gets to stop its tests after SIGTERM.
    static let terminateGrace = 2.0

    private func waitForExit(seconds: Double) -> Bool {
        let deadline = SystemInfo.now + seconds
        while SystemInfo.now < deadline {
            if process.poll() != nil { return true }
            usleep(10_000)
        }
        return false
    }
}
